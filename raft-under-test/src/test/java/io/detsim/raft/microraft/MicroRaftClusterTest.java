package io.detsim.raft.microraft;

import static io.detsim.raft.microraft.MicroRaftTestCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.linear.CheckResult;
import io.detsim.raft.client.ClientEvent;
import io.detsim.raft.core.RaftMetrics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MicroRaft on the simulator: elections, replication, crashes, with checked histories. */
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
        }
        assertEquals(java.util.List.of(), cluster.problems);
    }
}
