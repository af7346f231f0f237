package io.detsim.raft.storage;

import io.detsim.sim.disk.DiskFault;
import io.detsim.sim.disk.SimDisk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SimDisk.Host} the test drives by hand: sync completions wait until the test completes
 * them, in the order the disk issued them (SimDisk already makes due times non-decreasing). A
 * crash drops them, as the simulation does for a crashed node.
 */
final class ManualDiskHost implements SimDisk.Host {
    private record PendingSync(Runnable makeDurable, Runnable onDurable) {}

    private final ArrayDeque<PendingSync> pending = new ArrayDeque<>();
    private final List<DiskFault> faults = new ArrayList<>();
    private long nowNanos;

    @Override
    public long nowNanos() { return nowNanos; }

    @Override
    public void completeSync(long delayNanos, Runnable makeDurable, Runnable onDurable) {
        pending.addLast(new PendingSync(makeDurable, onDurable));
    }

    @Override
    public void faultFired(DiskFault fault) { faults.add(fault); }

    List<DiskFault> faults() { return List.copyOf(faults); }

    int pendingCount() { return pending.size(); }

    /** Completes the oldest pending sync (disk side, then node side); false when none. */
    boolean completeNext() {
        PendingSync next = pending.pollFirst();
        if (next == null) {
            return false;
        }
        nowNanos += 1_000;
        next.makeDurable().run();
        next.onDurable().run();
        return true;
    }

    /** Completes syncs until none is pending, including ones issued by the callbacks. */
    int completeAll() {
        int count = 0;
        while (completeNext()) {
            count++;
            if (count > 1_000_000) {
                throw new IllegalStateException("syncs keep coming: more than 1M completed");
            }
        }
        return count;
    }

    /** The node crashed: its pending completions will never reach it. */
    void dropPending() { pending.clear(); }
}
