package io.detsim.sim.sched;

import io.detsim.sim.random.RandomStream;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Single-threaded discrete-event scheduler over virtual time in nanoseconds.
 *
 * <p>Events are ordered by (time, tie-break): the tie-break is the scheduling sequence number, so
 * events at the same instant run in the order they were scheduled; with perturbation on, it is
 * drawn from a seeded stream instead, which shuffles same-time events differently per seed (and
 * identically for the same seed). Keys are unique, so the order never depends on the queue's
 * layout.
 *
 * <p>The queue is a 4-ary heap whose keys sit in one primitive array, time and tie-break side by
 * side: the hot loop compares longs, and the four children of a node share a cache line or two.
 * Cancelled events stay in the heap until they come due or until they are half of it; then one
 * linear pass drops them all (simulated timers are mostly cancelled: an election timer is reset on
 * every heartbeat).
 */
public final class Scheduler {
    private static final int CAPACITY_INITIAL = 1024;
    /** Below this many queued events, cancelled ones are simply skipped when they come due. */
    private static final int COMPACT_SIZE_MIN = 64;

    /** Outcome of a bounded run. */
    public enum RunOutcome { CONDITION_MET, QUEUE_EMPTY, TIME_REACHED, STEPS_EXHAUSTED }

    private final RandomStream tieBreaks;
    /** Entry i's time at {@code 2 * i}, its tie-break at {@code 2 * i + 1}. */
    private long[] keys = new long[2 * CAPACITY_INITIAL];
    private SimEvent[] events = new SimEvent[CAPACITY_INITIAL];
    private int size;
    private int cancelledQueued;
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

    /** Events waiting, including cancelled ones not yet dropped. */
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
        event.markScheduled(this);
        long tie = tieBreaks == null ? sequence : tieBreaks.nextLong();
        sequence++;
        if (size == events.length) {
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
            long atNanos = keys[0];
            SimEvent event = removeRoot();
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
        return size == 0 ? Long.MAX_VALUE : keys[0];
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

    /** Called by an event cancelled while queued here. */
    void cancelledWhileQueued() {
        cancelledQueued++;
        if (size >= COMPACT_SIZE_MIN && cancelledQueued > size / 2) {
            dropCancelled();
        }
    }

    private void discardCancelledRoots() {
        while (size > 0 && events[0].isCancelled()) {
            removeRoot();
        }
    }

    /** Drops every cancelled event in one pass and rebuilds the heap (Floyd's method). */
    private void dropCancelled() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            SimEvent event = events[i];
            if (event.isCancelled()) {
                event.markDequeued();
                continue;
            }
            keys[2 * kept] = keys[2 * i];
            keys[2 * kept + 1] = keys[2 * i + 1];
            events[kept] = event;
            kept++;
        }
        Arrays.fill(events, kept, size, null);
        size = kept;
        cancelledQueued = 0;
        for (int i = (size - 2) >>> 2; size > 1 && i >= 0; i--) {
            siftDown(i, keys[2 * i], keys[2 * i + 1], events[i]);
        }
    }

    private void grow() {
        int capacity = events.length * 2;
        keys = Arrays.copyOf(keys, 2 * capacity);
        events = Arrays.copyOf(events, capacity);
    }

    private static boolean before(long timeA, long tieA, long timeB, long tieB) {
        return timeA < timeB || (timeA == timeB && tieA < tieB);
    }

    private void siftUp(int index, long time, long tie, SimEvent event) {
        int i = index;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long parentTime = keys[2 * parent];
            long parentTie = keys[2 * parent + 1];
            if (!before(time, tie, parentTime, parentTie)) {
                break;
            }
            keys[2 * i] = parentTime;
            keys[2 * i + 1] = parentTie;
            events[i] = events[parent];
            i = parent;
        }
        keys[2 * i] = time;
        keys[2 * i + 1] = tie;
        events[i] = event;
    }

    /** Removes and returns the front event, keeping the cancelled count right. */
    private SimEvent removeRoot() {
        SimEvent root = events[0];
        root.markDequeued();
        if (root.isCancelled()) {
            cancelledQueued--;
        }
        size--;
        SimEvent last = events[size];
        events[size] = null;
        if (size > 0) {
            siftDown(0, keys[2 * size], keys[2 * size + 1], last);
        }
        return root;
    }

    /** Places the entry (time, tie, event) at {@code index} or below, where it belongs. */
    private void siftDown(int index, long time, long tie, SimEvent event) {
        int i = index;
        while (true) {
            int first = 4 * i + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            long bestTime = keys[2 * first];
            long bestTie = keys[2 * first + 1];
            int end = Math.min(first + 4, size);
            for (int child = first + 1; child < end; child++) {
                long childTime = keys[2 * child];
                long childTie = keys[2 * child + 1];
                if (before(childTime, childTie, bestTime, bestTie)) {
                    best = child;
                    bestTime = childTime;
                    bestTie = childTie;
                }
            }
            if (!before(bestTime, bestTie, time, tie)) {
                break;
            }
            keys[2 * i] = bestTime;
            keys[2 * i + 1] = bestTie;
            events[i] = events[best];
            i = best;
        }
        keys[2 * i] = time;
        keys[2 * i + 1] = tie;
        events[i] = event;
    }
}
