package io.detsim.raft.microraft;

import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.NodeContext;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * MicroRaft's {@code persistAndFlush*} and {@code flush} promise durability on return; our disk
 * syncs asynchronously. The gate bridges the two the way a thread blocked in {@code fsync} would
 * behave: a barrier blocks the node's mailbox until the sync completes, and every message the
 * node sends while a barrier is outstanding (the rest of the task that asked for it: a vote
 * response, an AppendEntries ack, a client reply) is held and leaves only once that barrier is
 * durable. So nothing that depends on durable state leaves the node before it is durable, and a
 * crash loses exactly what a process dying inside {@code fsync} would lose.
 *
 * <p>Syncs complete in the order they were asked for (the journal guarantees it), so held
 * messages go in order too.
 */
final class DurabilityGate {
    private record Held(long barrier, int to, Message message) {}

    private final NodeContext ctx;
    private final SimExecutor executor;
    private final Consumer<Runnable> enter;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private long requested;
    private long completed;
    private long messagesSent;

    /**
     * @param enter runs a sync completion as a node event (through the node's shell)
     */
    DurabilityGate(NodeContext ctx, SimExecutor executor, Consumer<Runnable> enter) {
        this.ctx = ctx;
        this.executor = executor;
        this.enter = enter;
    }

    /**
     * Asks {@code sync} to make everything written so far durable; blocks the mailbox until it
     * has, then runs {@code onDurable}.
     */
    void barrier(Consumer<Runnable> sync, Runnable onDurable) {
        long barrier = ++requested;
        executor.block();
        sync.accept(() -> enter.accept(() -> done(barrier, onDurable)));
    }

    /** Sends now when nothing is waiting for durability, else once it is durable. */
    void send(int to, Message message) {
        messagesSent++;
        if (completed == requested) {
            ctx.send(to, message);
        } else {
            held.add(new Held(requested, to, message));
        }
    }

    long messagesSent() {
        return messagesSent;
    }

    private void done(long barrier, Runnable onDurable) {
        if (barrier != completed + 1) {
            throw new IllegalStateException("sync " + barrier + " completed after sync "
                    + completed + ": out of order");
        }
        completed = barrier;
        onDurable.run();
        while (!held.isEmpty() && held.peekFirst().barrier() <= completed) {
            Held next = held.pollFirst();
            ctx.send(next.to(), next.message());
        }
        executor.unblock();
    }
}
