package io.detsim.raft.core;

import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.Node;

/**
 * A Raft server as the harness sees it between events: what Raft's invariants and the scenario
 * driver read, and the one thing the driver asks of a leader. Our {@link RaftNode} is one; an
 * adapter around another Raft implementation (MicroRaft) is another, so that the same
 * invariants, scenarios and campaigns run against both.
 */
public interface RaftServer extends Node {
    /** {@link #entryDigest(long)} of an entry this server's log does not hold. */
    long ABSENT = Long.MIN_VALUE;

    /** Role, term, leader, commit and applied index, log length and counters, right now. */
    RaftMetrics metrics();

    /**
     * A digest of the log entry at {@code index} (term and payload), or {@link #ABSENT}: equal
     * digests mean equal entries. Served from memory; it never touches the disk.
     */
    long entryDigest(long index);

    /**
     * The digest {@link #entryDigest} gives an entry of {@code term} with {@code payload}, the
     * same for every system: equal entries, equal digests.
     */
    static long digestOf(long term, byte[] payload) {
        return RandomStream.mix64(RandomStream.fnv1a64(payload) ^ term);
    }

    /** A number that changes whenever this server's log changes (within one incarnation). */
    long logVersion();

    /** Asks this server, if it leads, to hand leadership to {@code target}; else nothing. */
    void transferLeadership(int target);

    /**
     * The voting members this server knows as committed, ascending; null when the system's
     * membership is fixed (ours is).
     */
    default int[] members() {
        return null;
    }

    /**
     * Asks this server, if it leads, to add {@code node} as a voting member ({@code add}) or to
     * remove it, through the system's own membership change; returns whether it was asked (false:
     * not the leader, a change under way, or membership is fixed).
     */
    default boolean changeMembership(int node, boolean add) {
        return false;
    }
}
