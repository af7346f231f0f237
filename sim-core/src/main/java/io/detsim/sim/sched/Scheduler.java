package io.detsim.sim.sched;

import io.detsim.sim.random.RandomStream;
import java.util.function.BooleanSupplier;

/**
 * Single-threaded discrete-event scheduler over virtual time in nanoseconds.
 *
 * <p>Events are ordered by (time, tie-break): the tie-break is the scheduling sequence number, so
 * events at the same instant run in the order they were scheduled; with perturbation on, it is
 * drawn from a seeded stream instead, which shuffles same-time events differently per seed (and
 * identically for the same seed). The heap is a binary heap over parallel primitive arrays so that
 * the hot loop compares longs, not objects.
 */
public final class Scheduler {
    private static final int CAPACITY_INITIAL = 1024;

    /** Outcome of a bounded run. */
    public enum RunOutcome { CONDITION_MET, QUEUE_EMPTY, TIME_REACHED, STEPS_EXHAUSTED }

    private final RandomStream tieBreaks;
    private long[] times = new long[CAPACITY_INITIAL];
    private long[] ties = new long[CAPACITY_INITIAL];
    private SimEvent[] events = new SimEvent[CAPACITY_INITIAL];
    private int size;
    private long nowNanos;
    private long sequence;
    private long stepCount;

    /** A scheduler that runs same-time events in scheduling order. */
    public Scheduler() {
        this(null);
    }

    /**
     * A scheduler; when {@code tieBreaks} is not null, same-time events run in an order drawn from
     * it.
     */
    public Scheduler(RandomStream tieBreaks) {
        this.tieBreaks = tieBreaks;
    }

    public long nowNanos() { return nowNanos; }

    /** Events fired so far (cancelled events skipped are not counted). */
    public long stepCount() { return stepCount; }

    /** Events waiting, including cancelled ones not yet skipped. */
    public int pendingCount() { return size; }

    public void scheduleAfter(long delayNanos, SimEvent event) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delayNanos must be >= 0, was " + delayNanos);
        }
        schedule(nowNanos + delayNanos, event);
    }

    public void schedule(long atNanos, SimEvent event) {
        if (atNanos < nowNanos) {
            throw new IllegalArgumentException(
                    "cannot schedule in the past: atNanos " + atNanos + " < now " + nowNanos);
        }
        event.markScheduled();
        long tie = tieBreaks == null ? sequence : tieBreaks.nextLong();
        sequence++;
        if (size == times.length) {
            grow();
        }
        siftUp(size, atNanos, tie, event);
        size++;
    }

    /**
     * Fires the next event that is not cancelled. Returns false when no event is left.
     */
    public boolean step() {
        while (size > 0) {
            long atNanos = times[0];
            SimEvent event = events[0];
            removeRoot();
            if (event.isCancelled()) {
                continue;
            }
            nowNanos = atNanos;
            stepCount++;
            event.fire();
            return true;
        }
        return false;
    }

    /**
     * Time of the next event that will fire, or {@link Long#MAX_VALUE} when none is left.
     * Cancelled events are skipped: a run bounded by time must not step past its bound to reach
     * a live event beyond it.
     */
    public long nextEventTimeNanos() {
        discardCancelledRoots();
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    private void discardCancelledRoots() {
        while (size > 0 && events[0].isCancelled()) {
            removeRoot();
        }
    }

    /**
     * Runs until {@code done} holds (checked before each step), the queue empties, virtual time
     * would pass {@code untilNanos}, or {@code stepsMax} steps have run. Stopping at a time leaves
     * the clock at exactly {@code untilNanos}.
     */
    public RunOutcome run(BooleanSupplier done, long untilNanos, long stepsMax) {
        long stepsAtStart = stepCount;
        while (true) {
            if (done.getAsBoolean()) {
                return RunOutcome.CONDITION_MET;
            }
            long next = nextEventTimeNanos();
            if (next == Long.MAX_VALUE) {
                return RunOutcome.QUEUE_EMPTY;
            }
            if (next > untilNanos) {
                nowNanos = Math.max(nowNanos, untilNanos);
                return RunOutcome.TIME_REACHED;
            }
            if (stepCount - stepsAtStart >= stepsMax) {
                return RunOutcome.STEPS_EXHAUSTED;
            }
            step();
        }
    }

    private void grow() {
        int capacity = times.length * 2;
        times = java.util.Arrays.copyOf(times, capacity);
        ties = java.util.Arrays.copyOf(ties, capacity);
        events = java.util.Arrays.copyOf(events, capacity);
    }

    private static boolean before(long timeA, long tieA, long timeB, long tieB) {
        return timeA < timeB || (timeA == timeB && tieA < tieB);
    }

    private void siftUp(int index, long time, long tie, SimEvent event) {
        int i = index;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(time, tie, times[parent], ties[parent])) {
                break;
            }
            times[i] = times[parent];
            ties[i] = ties[parent];
            events[i] = events[parent];
            i = parent;
        }
        times[i] = time;
        ties[i] = tie;
        events[i] = event;
    }

    private void removeRoot() {
        size--;
        long time = times[size];
        long tie = ties[size];
        SimEvent event = events[size];
        events[size] = null;
        if (size == 0) {
            return;
        }
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(times[right], ties[right], times[child], ties[child])) {
                child = right;
            }
            if (!before(times[child], ties[child], time, tie)) {
                break;
            }
            times[i] = times[child];
            ties[i] = ties[child];
            events[i] = events[child];
            i = child;
        }
        times[i] = time;
        ties[i] = tie;
        events[i] = event;
    }
}
