package io.detsim.raft.microraft;

import static io.detsim.raft.microraft.MicroRaftTestCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.linear.CheckResult;
import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.client.ClientEvent;
import io.detsim.raft.core.RaftMetrics;
import io.detsim.raft.core.Role;
import io.detsim.raft.invariant.RaftInvariants;
import io.detsim.sim.FailureKind;
import io.detsim.sim.SimulationFailure;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.microraft.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MicroRaft on the simulator: elections, replication, crashes and restarts from its journal,
 * leadership transfer through its own API, faults, with our invariants after every event and
 * checked histories.
 */
class MicroRaftClusterTest {

    @ParameterizedTest(name = "{0} servers")
    @ValueSource(ints = {1, 3, 5})
    void quietCluster_electsOneLeader_andServesEveryOperation(int servers) {
        MicroRaftTestCluster cluster = MicroRaftTestCluster.quiet(servers, servers, 3, 30);
        cluster.runFor(10 * SECOND);
        int leader = cluster.leader();
        assertTrue(leader >= 0, "no leader: " + cluster.metrics());
        assertEquals(90, cluster.count(ClientEvent.Type.OK) + cluster.count(ClientEvent.Type.FAIL),
                "every op completes: " + cluster.events);
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        long commit = cluster.server(leader).metrics().commitIndex();
        for (RaftMetrics m : cluster.metrics()) {
            assertEquals(leader, m.leader(), m.toString());
            assertEquals(commit, m.appliedIndex(), "every node applies everything: " + m);
            assertEquals(commit, m.lastLogIndex(), "every log holds everything: " + m);
        }
        assertEquals(List.of(), cluster.problems);
    }

    @Test
    void crashedLeader_isReplaced_andRejoinsFromItsJournal() {
        MicroRaftTestCluster cluster = MicroRaftTestCluster.quiet(7, 5, 4, 60);
        List<String> leaders = new ArrayList<>();
        cluster.addListener(listener(leaders::add));
        cluster.runFor(2 * SECOND);
        int leader = cluster.leader();
        long committedBefore = cluster.server(leader).metrics().commitIndex();
        assertTrue(committedBefore > 10, "too little committed: " + cluster.metrics());
        cluster.sim.crash(leader);
        cluster.runFor(2 * SECOND);
        int next = cluster.leader();
        assertTrue(next >= 0 && next != leader, "no new leader: " + cluster.metrics());
        cluster.sim.restart(leader);
        RaftMetrics restarted = cluster.server(leader).metrics();
        assertTrue(restarted.lastLogIndex() >= committedBefore,
                "the journal brought back the log: " + restarted);
        assertEquals(0, restarted.commitIndex(), "the commit index is learned again");
        cluster.runFor(6 * SECOND);
        RaftMetrics caughtUp = cluster.server(leader).metrics();
        RaftMetrics leading = cluster.server(cluster.leader()).metrics();
        assertEquals(leading.commitIndex(), caughtUp.appliedIndex(), caughtUp.toString());
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        assertTrue(leaders.size() >= 2, leaders.toString());
    }

    @Test
    void crashedFollower_catchesUp_andHistoryStaysLinearizable() {
        MicroRaftTestCluster cluster = MicroRaftTestCluster.quiet(11, 3, 3, 60);
        cluster.runFor(2 * SECOND);
        int follower = (cluster.leader() + 1) % 3;
        cluster.sim.crash(follower);
        cluster.runFor(2 * SECOND);
        cluster.sim.restart(follower);
        cluster.runFor(6 * SECOND);
        RaftMetrics restarted = cluster.server(follower).metrics();
        RaftMetrics leading = cluster.server(cluster.leader()).metrics();
        assertEquals(leading.commitIndex(), restarted.appliedIndex(), restarted.toString());
        assertEquals(180, cluster.count(ClientEvent.Type.OK) + cluster.count(ClientEvent.Type.FAIL)
                + cluster.count(ClientEvent.Type.INFO));
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
    }

    @Test
    void isolatedLeader_stepsDown_andANewLeaderServes() {
        MicroRaftTestCluster cluster = MicroRaftTestCluster.quiet(13, 5, 3, 80);
        cluster.runFor(2 * SECOND);
        int oldLeader = cluster.leader();
        cluster.sim.apply(new FaultAction.Isolate(oldLeader));
        cluster.runFor(2 * SECOND);
        // MicroRaft's leader demotes itself when no quorum answered within the heartbeat timeout.
        assertNotEquals(Role.LEADER, cluster.server(oldLeader).metrics().role());
        int newLeader = cluster.leader();
        assertTrue(newLeader >= 0 && newLeader != oldLeader, "no new leader");
        cluster.healAndSettle(6 * SECOND);
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        assertTrue(cluster.count(ClientEvent.Type.OK) > 100, cluster.events.size() + " events");
    }

    @Test
    void leadershipTransfer_throughMicroRaftsApi_movesLeadershipToTheTarget() {
        MicroRaftTestCluster cluster = MicroRaftTestCluster.quiet(17, 3, 1, 30);
        cluster.runFor(2 * SECOND);
        int leader = cluster.leader();
        int target = (leader + 2) % 3;
        cluster.server(leader).transferLeadership(target);
        cluster.runFor(SECOND);
        assertEquals(target, cluster.leader(), cluster.metrics().toString());
        cluster.runFor(4 * SECOND);
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
    }

    @Test
    void stateMachineException_failsTheRunAsACrash() {
        MicroRaftTestCluster cluster = new MicroRaftTestCluster(19, 2,
                ClientConfig.defaults(3, 2, 50), FaultProfile.none(), MicroRaftConfig.defaults(3),
                MicroRaftClusterTest::throwingAtIndex7);
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> cluster.runFor(5 * SECOND));
        assertEquals(FailureKind.CRASH, failure.kind());
        assertTrue(failure.reason().contains("MicroRaft logged an ERROR"), failure.reason());
        assertTrue(failure.reason().contains("at commit index: 7 failed"), failure.reason());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void faults_invariantsHoldAfterEveryEvent_andHistoryIsLinearizable(long seed) {
        MicroRaftTestCluster cluster = new MicroRaftTestCluster(seed, 4,
                ClientConfig.defaults(5, 4, 200), FaultProfile.defaults(),
                MicroRaftConfig.defaults(5), s -> s);
        cluster.chaos(8 * SECOND);
        cluster.healAndSettle(6 * SECOND);
        assertTrue(cluster.leader() >= 0, "no leader after the heal: " + cluster.metrics());
        assertTrue(cluster.sim.stats().faultsApplied() > 5, "faults: "
                + cluster.sim.stats().faultsApplied());
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        assertTrue(cluster.count(ClientEvent.Type.OK) > 100, "ops: " + cluster.events.size());
    }

    @Test
    void sameSeed_sameTraceHash_differentSeeds_differ() {
        String first = traceHash(23);
        assertEquals(first, traceHash(23));
        assertNotEquals(first, traceHash(24));
    }

    static String traceHash(long seed) {
        MicroRaftTestCluster cluster = new MicroRaftTestCluster(seed, 4,
                ClientConfig.defaults(5, 4, 100), FaultProfile.defaults(),
                MicroRaftConfig.defaults(5), s -> s);
        cluster.chaos(5 * SECOND);
        cluster.healAndSettle(2 * SECOND);
        assertTrue(cluster.count(ClientEvent.Type.OK) > 50);
        return cluster.sim.trace().hashHex();
    }

    /** Delegates to MicroRaft's state machine, but throws when applying index 7. */
    private static StateMachine throwingAtIndex7(StateMachine inner) {
        return new StateMachine() {
            @Override
            public Object runOperation(long commitIndex, Object operation) {
                if (commitIndex == 7 && !(operation instanceof KvOp.Read)) {
                    throw new IllegalStateException("planted failure at index 7");
                }
                return inner.runOperation(commitIndex, operation);
            }

            @Override
            public void takeSnapshot(long commitIndex, Consumer<Object> chunks) {
                inner.takeSnapshot(commitIndex, chunks);
            }

            @Override
            public void installSnapshot(long commitIndex, List<Object> chunks) {
                inner.installSnapshot(commitIndex, chunks);
            }

            @Override
            public Object getNewTermOperation() {
                return inner.getNewTermOperation();
            }
        };
    }

    private static RaftInvariants.Listener listener(Consumer<String> leaders) {
        return new RaftInvariants.Listener() {
            @Override
            public void becameLeader(int node, long term) {
                leaders.accept(node + "@" + term);
            }
        };
    }

}
