package io.detsim.raft.microraft;

import io.detsim.sim.seam.NodeContext;
import io.microraft.executor.RaftNodeExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * MicroRaft's executor on the node's event loop: one mailbox, run to empty, one task at a time
 * (MicroRaft's only threading rule). {@code execute} and {@code submit} enqueue at now: from the
 * seam (a message, a timer) the mailbox runs at once, inside that event; from inside a task they
 * only enqueue, which is what {@code submit} promises. {@code schedule} is a node timer after
 * {@code delay / timeScale}. Nothing outlives the incarnation: its timers die with it in the
 * simulator, and the mailbox is this object's.
 *
 * <p>While the node waits for an fsync (see {@link DurabilityGate}) the mailbox is blocked, as a
 * thread stuck in {@code fsync} would be: tasks queue and run once it returns. A task that throws
 * (MicroRaft's own tasks catch and ERROR-log their failures; this is everything else, such as a
 * failed {@code assert}) stops the mailbox for good, and the shell fails the run with it. The
 * executor itself never throws: MicroRaft swallows what {@code execute} throws.
 */
final class SimExecutor implements RaftNodeExecutor {
    private final NodeContext ctx;
    private final int timeScale;
    /** Runs a timer's task as a node event (through the shell: log sink, checks afterwards). */
    private final Consumer<Runnable> enter;
    private final ArrayDeque<Runnable> mailbox = new ArrayDeque<>();
    private boolean running;
    private int blocks;
    private boolean stopped;
    private Throwable escaped;

    SimExecutor(NodeContext ctx, int timeScale, Consumer<Runnable> enter) {
        this.ctx = ctx;
        this.timeScale = timeScale;
        this.enter = enter;
    }

    @Override
    public void execute(Runnable task) {
        mailbox.add(task);
        drain();
    }

    /** The same as {@link #execute}: a task submitted from a task waits in the mailbox. */
    @Override
    public void submit(Runnable task) {
        execute(task);
    }

    @Override
    public void schedule(Runnable task, long delay, TimeUnit timeUnit) {
        long delayNanos = Math.max(0, timeUnit.toNanos(delay) / timeScale);
        ctx.setTimer(TimerNames.of(task), delayNanos, () -> enter.accept(() -> execute(task)));
    }

    /** An fsync is under way: tasks wait until {@link #unblock}. */
    void block() {
        blocks++;
    }

    /** An fsync returned; the mailbox runs again once none is left. */
    void unblock() {
        if (blocks <= 0) {
            throw new IllegalStateException("unblocked more often than blocked");
        }
        blocks--;
        drain();
    }

    /** Stops running tasks for good (the node halts or fails). */
    void stop() {
        stopped = true;
    }

    /** What a task threw past MicroRaft's own handlers, or null. */
    Throwable escaped() {
        return escaped;
    }

    private void drain() {
        if (running) {
            return;
        }
        running = true;
        try {
            Runnable task;
            while (!stopped && blocks == 0 && (task = mailbox.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    escaped = e;
                    stopped = true;
                }
            }
        } finally {
            running = false;
        }
    }
}
