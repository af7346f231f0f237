package io.detsim.raft.microraft;

import io.detsim.sim.seam.NodeContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * MicroRaft's wall clock: the node's own clock (offset, drift and jumps included), running
 * {@code timeScale} times faster, from an epoch in 2023. MicroRaft reads it for leader
 * stickiness, the leader's quorum check and lease reads, so clock faults reach its logic as they
 * would on a real machine.
 *
 * <p>Why the epoch: MicroRaft's last-heartbeat timestamp starts at 0, and a node refuses
 * (pre-)votes while {@code millis() - 0} is below the heartbeat timeout ("the leader is still
 * alive"). On a real clock that is never so; from 0 the first election would wait a timeout.
 */
@SuppressForbidden("MicroRaft's API takes a java.time.Clock; this one is the node's simulated"
        + " clock, read through the seam")
final class ScaledClock extends Clock {
    static final long EPOCH_MILLIS = 1_700_000_000_000L;
    private final NodeContext ctx;
    private final int timeScale;

    ScaledClock(NodeContext ctx, int timeScale) {
        this.ctx = ctx;
        this.timeScale = timeScale;
    }

    @Override
    public long millis() {
        return EPOCH_MILLIS + Math.floorDiv(ctx.nowNanos() * timeScale, 1_000_000L);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a simulated node clock has no other zone");
    }
}
