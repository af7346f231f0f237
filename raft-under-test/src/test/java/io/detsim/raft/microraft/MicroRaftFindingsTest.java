package io.detsim.raft.microraft;

import static io.detsim.raft.microraft.MicroRaftTestCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.raft.core.RaftMetrics;
import io.detsim.raft.core.Role;
import io.detsim.sim.fault.FaultAction;
import org.junit.jupiter.api.Test;

/**
 * What detsim found in MicroRaft 0.7, pinned as it behaves: a test here fails once MicroRaft
 * changes the behaviour (an upgrade that fixes it), which is the moment to turn it around.
 */
class MicroRaftFindingsTest {

    /**
     * A follower that lost its leader for a heartbeat timeout (a partition, a pause) starts a
     * pre-vote; when the leader's AppendEntries reach it again in the same term it follows that
     * leader, but its pre-candidate state is never cleared (only a role or term change clears it:
     * {@code RaftState.toFollower/toCandidate/toLeader}). {@code HeartbeatTask} checks the leader's
     * heartbeat only when that state is null, and {@code PreVoteTask} gives up while a leader is
     * known, so such a follower never notices its leader die. Once every follower has had such a
     * hiccup, a crashed leader is never replaced: the group stays unavailable until the old leader
     * itself comes back.
     */
    @Test
    void followersThatOnceLostTheLeader_neverNoticeItsCrash_andNoLeaderIsElected() {
        MicroRaftTestCluster cluster = MicroRaftTestCluster.quiet(41, 3, 1, 0);
        cluster.runFor(2 * SECOND);
        int leader = cluster.leader();
        for (int follower = 0; follower < 3; follower++) {
            if (follower != leader) {
                cluster.sim.apply(new FaultAction.Isolate(follower));
                cluster.runFor(SECOND);
                cluster.sim.apply(new FaultAction.Heal());
                cluster.runFor(SECOND);
            }
        }
        for (RaftMetrics follower : cluster.metrics()) {
            if (follower.nodeId() != leader) {
                assertEquals(Role.PRE_CANDIDATE, follower.role(), "stale pre-vote: " + follower);
                assertEquals(leader, follower.leader(), "yet it follows the leader: " + follower);
            }
        }
        cluster.sim.crash(leader);
        cluster.runFor(30 * SECOND);
        assertEquals(-1, cluster.leader(), "MicroRaft 0.7 never elects a new leader here: "
                + cluster.metrics());
        cluster.sim.restart(leader);
        cluster.runFor(3 * SECOND);
        assertTrue(cluster.leader() >= 0, "the old leader's return unsticks the group: "
                + cluster.metrics());
    }

    /** The control: followers without that history replace a crashed leader within a second. */
    @Test
    void freshFollowers_replaceACrashedLeader_withinASecond() {
        MicroRaftTestCluster cluster = MicroRaftTestCluster.quiet(41, 3, 1, 0);
        cluster.runFor(2 * SECOND);
        int leader = cluster.leader();
        cluster.sim.crash(leader);
        cluster.runFor(SECOND);
        int next = cluster.leader();
        assertTrue(next >= 0, cluster.metrics().toString());
        assertNotEquals(leader, next);
    }
}
