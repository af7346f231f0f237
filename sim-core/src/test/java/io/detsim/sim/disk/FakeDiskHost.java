package io.detsim.sim.disk;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SimDisk.Host} the test drives by hand: time is whatever the test sets, and sync
 * completions wait in a list until the test completes them. Completion order is by due time, then
 * by issue order, as the simulation's scheduler orders events, so a disk that issued completions
 * out of order would be caught rather than hidden.
 */
final class FakeDiskHost implements SimDisk.Host {

    /** A sync completion the disk asked for and the test has not yet run. */
    record PendingSync(long dueNanos, long issueIndex, Runnable makeDurable, Runnable onDurable) {}

    private final List<PendingSync> pending = new ArrayList<>();
    /** Due times of every sync ever requested, in the order the disk requested them. */
    private final List<Long> dueNanosIssued = new ArrayList<>();
    private final List<DiskFault> faultsFired = new ArrayList<>();
    private long nowNanos;
    private long issueCount;

    @Override
    public long nowNanos() { return nowNanos; }

    void setNowNanos(long value) {
        if (value < nowNanos) {
            throw new IllegalArgumentException("virtual time must not go back: " + value + " < "
                    + nowNanos);
        }
        nowNanos = value;
    }

    void advanceNanos(long deltaNanos) { setNowNanos(nowNanos + deltaNanos); }

    @Override
    public void completeSync(long delayNanos, Runnable makeDurable, Runnable onDurable) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("sync delay must be >= 0, was " + delayNanos);
        }
        long dueNanos = nowNanos + delayNanos;
        pending.add(new PendingSync(dueNanos, issueCount++, makeDurable, onDurable));
        dueNanosIssued.add(dueNanos);
    }

    @Override
    public void faultFired(DiskFault fault) {
        faultsFired.add(fault);
    }

    int pendingSyncCount() { return pending.size(); }

    List<Long> dueNanosIssued() { return List.copyOf(dueNanosIssued); }

    List<DiskFault> faultsFired() { return List.copyOf(faultsFired); }

    /**
     * Runs the earliest pending completion (disk side, then node side), moving time forward to its
     * due time. Returns false when nothing is pending.
     */
    boolean completeNext() {
        if (pending.isEmpty()) {
            return false;
        }
        PendingSync next = pending.get(0);
        for (PendingSync candidate : pending) {
            boolean earlier = candidate.dueNanos() < next.dueNanos()
                    || (candidate.dueNanos() == next.dueNanos()
                            && candidate.issueIndex() < next.issueIndex());
            if (earlier) {
                next = candidate;
            }
        }
        pending.remove(next);
        nowNanos = Math.max(nowNanos, next.dueNanos());
        next.makeDurable().run();
        next.onDurable().run();
        return true;
    }

    /** Completes every pending sync, earliest first; returns how many ran. */
    int completeAll() {
        int completedCount = 0;
        while (completeNext()) {
            completedCount++;
        }
        return completedCount;
    }
}
