package io.detsim.raft.microraft;

import static io.detsim.raft.microraft.MicroRaftTestCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.linear.CheckResult;
import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.client.ClientEvent;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.seam.DiskFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Restarts from the journal: unsynced tails lost or torn at every crash, and a journal whose
 * synced data is damaged, which keeps the node down for good (MicroRaft cannot vote safely
 * after losing a vote it cast).
 */
class MicroRaftRecoveryTest {

    @Test
    void crashesThatTearUnsyncedWrites_restartFromTheDurablePrefix() {
        // Every unsynced write is torn or lost at a crash; crash each server in turn mid-load.
        FaultProfile profile = FaultProfile.none().withDisk(DiskProfile.reliable()
                .withCrashSemantics(0.5, 0.5));
        MicroRaftTestCluster cluster = new MicroRaftTestCluster(29, 4,
                ClientConfig.defaults(3, 4, 300), profile, MicroRaftConfig.defaults(3), s -> s);
        cluster.runFor(SECOND);
        for (int round = 0; round < 6; round++) {
            int node = round % 3;
            cluster.sim.crash(node);
            cluster.runFor(300 * MicroRaftTestCluster.MS);
            cluster.sim.restart(node);
            cluster.runFor(700 * MicroRaftTestCluster.MS);
        }
        cluster.runFor(4 * SECOND);
        assertTrue(cluster.leader() >= 0, cluster.metrics().toString());
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        assertTrue(cluster.count(ClientEvent.Type.OK) > 200, cluster.events.size() + " events");
        for (int node = 0; node < 3; node++) {
            assertNull(cluster.server(node).quarantine(), "node " + node);
        }
    }

    @Test
    void damagedJournal_quarantinesTheNode_forGood_andTheRestServe() {
        MicroRaftTestCluster cluster = MicroRaftTestCluster.quiet(31, 3, 3, 100);
        cluster.runFor(2 * SECOND);
        int victim = (cluster.leader() + 1) % 3;
        cluster.sim.crash(victim);
        flipByteEarlyInTheJournal(cluster, victim);
        cluster.sim.restart(victim);
        String why = cluster.server(victim).quarantine();
        assertNotNull(why, "a damaged journal must quarantine the node");
        assertTrue(why.contains("corrupt"), why);
        assertEquals(1, cluster.problems.size(), cluster.problems.toString());
        cluster.runFor(2 * SECOND);
        cluster.sim.crash(victim);
        cluster.sim.restart(victim);
        assertTrue(cluster.server(victim).quarantine().contains("earlier start"),
                cluster.server(victim).quarantine());
        cluster.runFor(4 * SECOND);
        assertEquals(0, cluster.server(victim).metrics().lastLogIndex());
        assertTrue(cluster.leader() >= 0 && cluster.leader() != victim);
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        assertEquals(300, cluster.count(ClientEvent.Type.OK) + cluster.count(ClientEvent.Type.FAIL)
                + cluster.count(ClientEvent.Type.INFO));
    }

    /** Flips a byte inside an early record of the node's first journal segment, on its disk. */
    private static void flipByteEarlyInTheJournal(MicroRaftTestCluster cluster, int node) {
        List<String> segments = new ArrayList<>();
        for (String name : cluster.sim.disk(node).list()) {
            if (name.startsWith("log-") && name.endsWith(".seg")) {
                segments.add(name);
            }
        }
        DiskFile file = cluster.sim.disk(node).open(segments.getFirst());
        assertTrue(file.sizeBytes() > 1_000, "segment too small: " + file.sizeBytes());
        byte[] one = new byte[1];
        file.read(150, one, 0, 1);
        one[0] ^= 0x10;
        file.write(150, one, 0, 1);
    }
}
