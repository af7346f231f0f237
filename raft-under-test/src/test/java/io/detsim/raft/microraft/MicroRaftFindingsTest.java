package io.detsim.raft.microraft;

import static io.detsim.raft.microraft.MicroRaftTestCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.core.RaftMetrics;
import io.detsim.raft.core.Role;
import io.detsim.sim.FailureKind;
import io.detsim.sim.SimulationFailure;
import io.detsim.sim.fault.ClockProfile;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.NemesisProfile;
import io.detsim.sim.fault.NetworkProfile;
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

    /**
     * The same state after every restart while a leader is alive: {@code start()} runs a
     * pre-vote at once, which the others refuse (their leader is alive), and the leader's next
     * AppendEntries makes the node follow it with the pre-vote's state still set. So in the
     * crash-restart and disk-faults campaigns, once every follower has restarted, the next
     * leader crash is never repaired.
     */
    @Test
    void restartedFollower_followsTheLeader_withAStalePreVote() {
        MicroRaftTestCluster cluster = MicroRaftTestCluster.quiet(43, 3, 1, 0);
        cluster.runFor(2 * SECOND);
        int leader = cluster.leader();
        int follower = (leader + 1) % 3;
        cluster.sim.crash(follower);
        cluster.sim.restart(follower);
        cluster.runFor(2 * SECOND);
        RaftMetrics restarted = cluster.server(follower).metrics();
        assertEquals(leader, restarted.leader(), restarted.toString());
        assertEquals(Role.PRE_CANDIDATE, restarted.role(), restarted.toString());
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

    /**
     * {@code AppendEntriesSuccessResponseHandler} drops responses of a higher term only; one from
     * an older term is processed as if current (§5.1 says a stale term is ignored). A node that led
     * term t, lost its quorum and leads again in term t' > t, with linearizable queries pending,
     * receives a late ack from term t that carries term t's (higher) query sequence number, and
     * {@code QueryState.tryAck} throws IllegalStateException ("acked query sequence number"). The
     * handler aborts with an ERROR. Without queries pending the stale ack is silently applied:
     * match index and flow control of another term. Frequent wherever messages are held back
     * (pauses, clogs): about 5% of the pauses and partitions campaigns' seeds.
     */
    @Test
    void staleTermAppendEntriesAck_isProcessed_andTripsTheQueryState() {
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> pausesPartitionsAndClockJumps(7));
        assertEquals(FailureKind.CRASH, failure.kind());
        assertTrue(failure.reason().contains("AppendEntriesSuccessResponseHandler"),
                failure.reason());
        assertTrue(failure.reason().contains("acked query sequence number"), failure.reason());
    }

    /**
     * {@code AppendEntriesRequestHandler} sets the commit index to
     * {@code min(leaderCommit, prevLogIndex + entries)} whenever leaderCommit is above the local
     * commit index, without keeping the larger of the two. An AppendEntries that the network
     * reordered (or that a leader built from an old next index) carries a recent leaderCommit but
     * an old prevLogIndex, so the commit index would move back: MicroRaft's own assert
     * ({@code RaftState.commitIndex}, "new commit index ... is smaller than current commit index")
     * stops it when assertions are on, as under detsim; without them the follower's commit index
     * silently goes back. Seen in every scenario with reordering or pauses, about 0.5% of seeds.
     */
    @Test
    void reorderedAppendEntries_wouldMoveTheCommitIndexBack() {
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> pausesPartitionsAndClockJumps(16));
        assertEquals(FailureKind.CRASH, failure.kind());
        assertTrue(failure.reason().contains("AppendEntriesRequestHandler"), failure.reason());
        assertTrue(failure.reason().contains("is smaller than current commit index"),
                failure.reason());
    }

    /** A lossy, reordering LAN; pauses, partitions and clock jumps; linearizable reads. */
    private static void pausesPartitionsAndClockJumps(long seed) {
        FaultProfile profile = FaultProfile.none().withNetwork(NetworkProfile.defaults())
                .withClock(new ClockProfile(500_000_000, 100_000, 1_000_000_000, true,
                        2_000_000_000))
                .withNemesis(new NemesisProfile(400_000_000, 2_000_000_000, false, true, true,
                        false, true, false, false));
        MicroRaftTestCluster cluster = new MicroRaftTestCluster(seed, 4,
                ClientConfig.defaults(5, 4, 300), profile, MicroRaftConfig.defaults(5), s -> s);
        cluster.chaos(10 * SECOND);
        cluster.healAndSettle(3 * SECOND);
    }
}
