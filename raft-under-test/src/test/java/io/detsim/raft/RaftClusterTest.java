package io.detsim.raft;


import static io.detsim.raft.RaftTestCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.linear.CheckResult;
import io.detsim.raft.core.RaftMetrics;
import io.detsim.raft.core.Role;
import io.detsim.sim.FailureKind;
import io.detsim.sim.SimulationFailure;
import io.detsim.sim.fault.FaultAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Raft on the simulator: elections, replication, crashes, partitions, with checked histories. */
class RaftClusterTest {

    @ParameterizedTest(name = "{0} servers")
    @ValueSource(ints = {1, 3, 5})
    void quietCluster_electsOneLeader_andServesEveryOperation(int servers) {
        RaftTestCluster cluster = RaftTestCluster.quiet(servers, servers, 3, 30);
        cluster.runFor(10 * SECOND);
        int leader = cluster.leader();
        assertTrue(leader >= 0, "no leader: " + cluster.metrics());
        assertEquals(90, cluster.completedOps() + failedCas(cluster), "every op completes");
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        long commit = cluster.server(leader).metrics().commitIndex();
        for (RaftMetrics m : cluster.metrics()) {
            assertEquals(leader, m.leader(), m.toString());
            assertEquals(commit, m.appliedIndex(), "every node applies everything: " + m);
        }
    }

    @Test
    void roleChanges_areHeardOncePerChange_andEveryElectionIsAmongThem() {
        RaftTestCluster cluster = RaftTestCluster.quiet(11, 3, 2, 20);
        java.util.List<String> changes = new java.util.ArrayList<>();
        java.util.List<String> elections = new java.util.ArrayList<>();
        cluster.addListener(new RaftTestCluster.Listener() {
            @Override
            public void roleChanged(int node, Role role, long term) {
                changes.add(node + " " + role + " " + term);
            }

            @Override
            public void becameLeader(int node, long term) {
                elections.add(node + " LEADER " + term);
            }
        });
        cluster.runFor(2 * SECOND);
        int leader = cluster.leader();
        cluster.sim.crash(leader);
        cluster.runFor(3 * SECOND);
        assertTrue(elections.size() >= 2, "a second election after the crash: " + elections);
        assertTrue(changes.containsAll(elections), changes + " lacks one of " + elections);
        for (int node = 0; node < 3; node++) {
            String previous = null;
            for (String change : changes) {
                if (change.startsWith(node + " ")) {
                    assertNotEquals(previous, change, "heard twice in a row: " + change);
                    previous = change;
                }
            }
        }
        RaftMetrics now = cluster.server(cluster.leader()).metrics();
        assertTrue(changes.contains(cluster.leader() + " LEADER " + now.term()),
                changes.toString());
    }

    @Test
    void crashedFollower_catchesUpFromItsDiskAndTheLeader() {
        RaftTestCluster cluster = RaftTestCluster.quiet(7, 3, 2, 40);
        cluster.runFor(2 * SECOND);
        int leader = cluster.leader();
        int follower = (leader + 1) % 3;
        cluster.sim.crash(follower);
        cluster.runFor(2 * SECOND);
        cluster.sim.restart(follower);
        cluster.runFor(6 * SECOND);
        RaftMetrics restarted = cluster.server(follower).metrics();
        RaftMetrics leaderNow = cluster.server(cluster.leader()).metrics();
        assertEquals(leaderNow.commitIndex(), restarted.appliedIndex());
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
    }

    @Test
    void isolatedLeader_stepsDown_andANewLeaderServes() {
        RaftTestCluster cluster = RaftTestCluster.quiet(11, 5, 3, 60);
        cluster.runFor(2 * SECOND);
        int oldLeader = cluster.leader();
        cluster.sim.apply(new FaultAction.Isolate(oldLeader));
        cluster.runFor(2 * SECOND);
        // Check-quorum: the isolated leader no longer believes it leads.
        assertNotEquals(Role.LEADER, cluster.server(oldLeader).metrics().role());
        int newLeader = cluster.leader();
        assertTrue(newLeader >= 0 && newLeader != oldLeader, "no new leader");
        cluster.healAndSettle(6 * SECOND);
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        assertTrue(cluster.completedOps() > 100, "ops completed: " + cluster.completedOps());
    }

    @Test
    void leadershipTransfer_movesLeadershipToTheTarget() {
        RaftTestCluster cluster = RaftTestCluster.quiet(13, 3, 1, 30);
        cluster.runFor(2 * SECOND);
        int leader = cluster.leader();
        int target = (leader + 2) % 3;
        cluster.server(leader).transferLeadership(target);
        cluster.runFor(1 * SECOND);
        assertEquals(target, cluster.leader());
        cluster.runFor(4 * SECOND);
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
    }

    @Test
    void leaderCompletenessCheck_failsWhenANewLeaderLacksACommittedEntry() {
        RaftTestCluster cluster = RaftTestCluster.quiet(17, 3, 1, 20);
        cluster.runFor(2 * SECOND);
        int leader = cluster.leader();
        cluster.forgeCommittedEntry(3);
        cluster.sim.apply(new FaultAction.Isolate(leader));
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> cluster.runFor(3 * SECOND));
        assertEquals(FailureKind.SAFETY, failure.kind());
        assertTrue(failure.reason().contains("leader-completeness"), failure.reason());
        assertTrue(failure.reason().contains("lacks committed entry 3"), failure.reason());
    }

    @Test
    void logMatchingCheck_failsWhenTheSameEntryFollowsADifferentPrefix() {
        RaftTestCluster cluster = RaftTestCluster.quiet(19, 3, 1, 20);
        cluster.runFor(2 * SECOND);
        cluster.forgeLogPrefix(cluster.leader(), 2);
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> cluster.runFor(10 * RaftTestCluster.MS));
        assertEquals(FailureKind.SAFETY, failure.kind());
        assertTrue(failure.reason().contains("log-matching"), failure.reason());
        assertTrue(failure.reason().contains("same entry at 2"), failure.reason());
    }

    @Test
    void commitMonotonicCheck_failsWhenAnIncarnationsCommitIndexGoesBack() {
        RaftTestCluster cluster = RaftTestCluster.quiet(23, 3, 2, 200);
        cluster.runFor(1 * SECOND);
        int leader = cluster.leader();
        cluster.forgeCommitIndex(leader, 1_000_000);
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> cluster.runFor(2 * SECOND));
        assertEquals(FailureKind.SAFETY, failure.kind());
        assertTrue(failure.reason().contains("raft-safety"), failure.reason());
        assertTrue(failure.reason().contains("moved its commit index back from 1000000"),
                failure.reason());
    }

    @Test
    void commitMonotonicCheck_allowsARestartToStartOver() {
        RaftTestCluster cluster = RaftTestCluster.quiet(29, 3, 2, 60);
        cluster.runFor(2 * SECOND);
        int follower = (cluster.leader() + 1) % 3;
        long before = cluster.server(follower).metrics().commitIndex();
        cluster.sim.crash(follower);
        cluster.sim.restart(follower);
        assertEquals(0, cluster.server(follower).metrics().commitIndex());
        cluster.runFor(3 * SECOND);
        assertTrue(cluster.server(follower).metrics().commitIndex() >= before);
    }

    @Test
    void committedEntriesCheck_failsWhenANodeCommitsADifferentEntry() {
        RaftTestCluster cluster = RaftTestCluster.quiet(31, 3, 2, 60);
        cluster.runFor(2 * SECOND);
        int follower = (cluster.leader() + 1) % 3;
        cluster.forgeCommittedEntry(2);
        cluster.sim.crash(follower);
        cluster.sim.restart(follower);
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> cluster.runFor(1 * SECOND));
        assertEquals(FailureKind.SAFETY, failure.kind());
        assertTrue(failure.reason().contains("committed-entries"), failure.reason());
        assertTrue(failure.reason().contains("committed a different entry at 2"),
                failure.reason());
    }

    private static long failedCas(RaftTestCluster cluster) {
        return cluster.events.stream()
                .filter(e -> e.type() == io.detsim.raft.client.ClientEvent.Type.FAIL).count();
    }

}
