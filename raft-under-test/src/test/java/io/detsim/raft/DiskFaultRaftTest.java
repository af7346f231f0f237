package io.detsim.raft;

import static io.detsim.raft.RaftTestCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.linear.CheckResult;
import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.core.RaftBug;
import io.detsim.raft.core.RaftMetrics;
import io.detsim.sim.FailureKind;
import io.detsim.sim.SimulationFailure;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.seam.DiskFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Disk faults on a minority: a node whose disk fills up or returns bad data stops itself and is
 * restarted; one whose recovery found synced data corrupt abstains from votes until it has caught
 * up with a leader, because a vote from it could elect a leader lacking committed entries.
 */
class DiskFaultRaftTest {

    /**
     * The default profile (corruption and full disks on a minority) over many seeds must really
     * meet corrupt synced data and full disks; {@link RaftSeedSweepTest} checks those same seeds
     * stay safe.
     */
    @Test
    void defaultProfile_reallyExercisesTheDiskFaults() {
        int seeds = 20;
        int sawCorruption = 0;
        long halts = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            int servers = seed % 2 == 0 ? 5 : 3;
            RaftTestCluster cluster = new RaftTestCluster(seed, servers, 3,
                    ClientConfig.defaults(servers, 3, 400), FaultProfile.defaults(),
                    RaftBug.NONE);
            cluster.chaos(10 * SECOND);
            if (cluster.problems.stream().anyMatch(p -> p.contains("corruption"))) {
                sawCorruption++;
            }
            halts += cluster.sim.stats().halts();
        }
        assertTrue(sawCorruption >= 1, "only " + sawCorruption
                + " seeds met corrupt synced data at recovery");
        assertTrue(halts >= seeds, "only " + halts + " halts in " + seeds + " seeds");
    }

    @Test
    void fullDisk_haltsTheFollower_andTheClusterServesOnAndCatchesItUp() {
        RaftTestCluster cluster = RaftTestCluster.quiet(21, 3, 2, 200);
        cluster.runFor(SECOND);
        int leader = cluster.leader();
        int follower = (leader + 1) % 3;
        long opsBefore = cluster.completedOps();
        cluster.sim.apply(new FaultAction.DiskFull(follower, 2 * SECOND));
        cluster.runFor(2 * SECOND);
        assertTrue(cluster.sim.stats().halts() >= 1, "the follower never noticed its full disk");
        assertTrue(cluster.completedOps() > opsBefore + 20, "the majority stopped serving");
        cluster.runFor(5 * SECOND);
        RaftMetrics restarted = cluster.server(follower).metrics();
        RaftMetrics leaderNow = cluster.server(cluster.leader()).metrics();
        assertEquals(leaderNow.commitIndex(), restarted.appliedIndex(), restarted.toString());
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
    }

    @Test
    void recoveredCorruption_makesTheNodeAbstain_untilItCaughtUp() {
        Damaged run = loseCommittedEntriesOnOneNode(RaftBug.NONE);
        RaftTestCluster cluster = run.cluster();
        int damaged = run.damaged();
        // The node records its loss durably before recovery cuts the damage away.
        cluster.runFor(20 * RaftTestCluster.MS);
        assertTrue(cluster.problems.stream().anyMatch(p -> p.contains("log corruption")),
                cluster.problems.toString());
        assertTrue(cluster.server(damaged).metrics().catchingUp());
        // The stale node cannot win: the damaged node abstains and the old leader is down.
        cluster.runFor(3 * SECOND);
        assertEquals(-1, cluster.leader(), "a leader was elected without the old leader's log: "
                + cluster.metrics());
        cluster.sim.restart(run.oldLeader());
        cluster.runFor(4 * SECOND);
        int leader = cluster.leader();
        assertTrue(leader >= 0, "no leader: " + cluster.metrics());
        RaftMetrics caughtUp = cluster.server(damaged).metrics();
        assertFalse(caughtUp.catchingUp(), caughtUp.toString());
        assertEquals(cluster.server(leader).metrics().commitIndex(), caughtUp.appliedIndex());
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
    }

    @Test
    void votingRightAfterDataLoss_electsALeaderThatLacksCommittedEntries() {
        SimulationFailure failure = assertThrows(SimulationFailure.class, () -> {
            Damaged run = loseCommittedEntriesOnOneNode(RaftBug.VOTE_AFTER_DATA_LOSS);
            run.cluster().runFor(3 * SECOND);
            run.cluster().sim.restart(run.oldLeader());
            run.cluster().runFor(4 * SECOND);
        });
        assertEquals(FailureKind.SAFETY, failure.kind(), failure.getMessage());
        assertTrue(failure.reason().contains("leader-completeness"), failure.reason());
    }

    /**
     * Leader A, followers B and C. C is cut off while A and B commit entries; then B's synced log
     * is damaged early on and B restarts (recovery cuts its log there), A crashes and C is let
     * back in. Only B's vote can now make C, which lacks the committed entries, a leader.
     */
    private record Damaged(RaftTestCluster cluster, int oldLeader, int damaged, int stale) {}

    private static Damaged loseCommittedEntriesOnOneNode(RaftBug bug) {
        RaftTestCluster cluster = new RaftTestCluster(23, 3, 2, ClientConfig.defaults(3, 2, 400),
                FaultProfile.none(), bug);
        cluster.runFor(SECOND);
        int a = cluster.leader();
        int b = (a + 1) % 3;
        int c = (a + 2) % 3;
        cluster.sim.apply(new FaultAction.Isolate(c));
        cluster.runFor(2 * SECOND);
        long committed = cluster.server(a).metrics().commitIndex();
        assertTrue(committed > cluster.server(c).metrics().lastLogIndex() + 10,
                "C did not fall behind: " + cluster.metrics());
        cluster.sim.crash(b);
        flipByteEarlyInTheLog(cluster, b);
        cluster.sim.restart(b);
        cluster.sim.crash(a);
        cluster.sim.apply(new FaultAction.Heal());
        return new Damaged(cluster, a, b, c);
    }

    /** Flips a byte inside the third record or so of the node's first segment, on its disk. */
    private static void flipByteEarlyInTheLog(RaftTestCluster cluster, int node) {
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
