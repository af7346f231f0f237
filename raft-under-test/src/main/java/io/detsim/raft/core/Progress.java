package io.detsim.raft.core;

/** A leader's view of one follower's replication (§5.3 nextIndex/matchIndex, plus flow control). */
final class Progress {
    long nextIndex;
    long matchIndex;
    int inflight;
    long lastAckRound;
    long lastAckLocalNanos = Long.MIN_VALUE / 4;

    Progress(long nextIndex) {
        this.nextIndex = nextIndex;
    }
}
