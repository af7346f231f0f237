package io.detsim.raft.microraft;

import static io.detsim.raft.microraft.MicroRaftTestCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.linear.CheckResult;
import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.client.ClientEvent;
import io.detsim.raft.core.RaftMetrics;
import io.detsim.sim.FailureKind;
import io.detsim.sim.SimulationFailure;
import io.detsim.sim.fault.FaultProfile;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MicroRaft with snapshots every 64 commits: taken on every node at the same indices, persisted
 * in the journal, sent to a follower the leader's compacted log cannot serve, and restored at a
 * restart; our invariants after every event (compacted prefixes included) and checked histories.
 */
class MicroRaftSnapshotTest {
    private static final int EVERY = 64;

    private static MicroRaftTestCluster cluster(long seed, int servers, int clients, int ops,
            FaultProfile profile) {
        return new MicroRaftTestCluster(seed, clients,
                ClientConfig.defaults(servers, clients, ops), profile,
                MicroRaftConfig.defaults(servers).withSnapshotEvery(EVERY),
                UnaryOperator.identity());
    }

    @Test
    void quietCluster_servesEveryOperation_acrossSeveralSnapshots() {
        MicroRaftTestCluster cluster = cluster(41, 3, 3, 120, FaultProfile.none());
        cluster.runFor(15 * SECOND);
        int leader = cluster.leader();
        assertTrue(leader >= 0, "no leader: " + cluster.metrics());
        assertEquals(360, cluster.count(ClientEvent.Type.OK) + cluster.count(ClientEvent.Type.FAIL),
                "every op completes");
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        long commit = cluster.server(leader).metrics().commitIndex();
        assertTrue(commit > 3 * EVERY, "commit " + commit);
        for (int id = 0; id < 3; id++) {
            MicroRaftServer node = cluster.server(id);
            RaftMetrics m = node.metrics();
            assertEquals(commit, m.appliedIndex(), m.toString());
            assertEquals(commit / EVERY, node.snapshotsTaken(), "node " + id);
            assertTrue(node.compactedUntil() > 0, "node " + id + " compacted its log");
        }
        assertEquals(List.of(), cluster.problems);
    }

    @Test
    void followerDownForAWhile_catchesUpByInstallSnapshot() {
        MicroRaftTestCluster cluster = cluster(43, 3, 3, 150, FaultProfile.none());
        cluster.runFor(SECOND);
        int follower = (cluster.leader() + 1) % 3;
        cluster.sim.crash(follower);
        cluster.runFor(5 * SECOND);
        int leader = cluster.leader();
        long compacted = cluster.server(leader).compactedUntil();
        assertTrue(compacted > EVERY, "the leader compacted: " + compacted);
        cluster.sim.restart(follower);
        int installedAtStart = cluster.server(follower).snapshotsInstalled();
        cluster.runFor(8 * SECOND);
        MicroRaftServer restarted = cluster.server(follower);
        assertTrue(restarted.snapshotsInstalled() > installedAtStart,
                "the follower received a snapshot: " + restarted.metrics());
        RaftMetrics leading = cluster.server(cluster.leader()).metrics();
        assertEquals(leading.commitIndex(), restarted.metrics().appliedIndex(),
                restarted.metrics().toString());
        assertEquals(450, cluster.count(ClientEvent.Type.OK) + cluster.count(ClientEvent.Type.FAIL)
                + cluster.count(ClientEvent.Type.INFO));
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        assertEquals(List.of(), cluster.problems);
    }

    @Test
    void nodeRestartedAfterASnapshot_restoresSnapshotAndLaterEntriesFromItsJournal() {
        MicroRaftTestCluster cluster = cluster(47, 3, 3, 150, FaultProfile.none());
        cluster.runFor(3 * SECOND);
        int victim = cluster.leader();
        long compacted = cluster.server(victim).compactedUntil();
        long last = cluster.server(victim).metrics().lastLogIndex();
        assertTrue(compacted > 0, "a snapshot was taken: " + cluster.metrics());
        cluster.sim.crash(victim);
        cluster.sim.restart(victim);
        MicroRaftServer restored = cluster.server(victim);
        assertEquals(1, restored.snapshotsInstalled(), "the snapshot was restored");
        long snapshotIndex = restored.compactedUntil();
        assertTrue(snapshotIndex >= compacted && snapshotIndex % EVERY == 0,
                "restored snapshot " + snapshotIndex + ", compacted before " + compacted);
        assertEquals(snapshotIndex, restored.metrics().appliedIndex(),
                "the state machine starts from the snapshot");
        assertTrue(restored.metrics().lastLogIndex() >= last - 1,
                "later entries came back: " + restored.metrics() + ", last before " + last);
        cluster.runFor(8 * SECOND);
        RaftMetrics leading = cluster.server(cluster.leader()).metrics();
        assertEquals(leading.commitIndex(), cluster.server(victim).metrics().appliedIndex());
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        assertEquals(List.of(), cluster.problems);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void faults_invariantsHoldAfterEveryEvent_andHistoryIsLinearizable(long seed) {
        MicroRaftTestCluster cluster = cluster(seed, 5, 4, 200, FaultProfile.defaults());
        cluster.chaos(8 * SECOND);
        cluster.healAndSettle(6 * SECOND);
        assertTrue(cluster.leader() >= 0, "no leader after the heal: " + cluster.metrics());
        assertInstanceOf(CheckResult.Linearizable.class, cluster.checkLinearizable());
        int taken = 0;
        for (int id = 0; id < 5; id++) {
            taken += cluster.server(id) == null ? 0 : cluster.server(id).snapshotsTaken();
        }
        assertTrue(taken > 0, "snapshots were taken");
    }

    @Test
    void sameSeed_sameTraceHash() {
        assertEquals(traceHash(23), traceHash(23));
    }

    private static String traceHash(long seed) {
        MicroRaftTestCluster cluster = cluster(seed, 5, 4, 150, FaultProfile.defaults());
        cluster.chaos(5 * SECOND);
        cluster.healAndSettle(3 * SECOND);
        assertTrue(cluster.count(ClientEvent.Type.OK) > 2 * EVERY);
        return cluster.sim.trace().hashHex();
    }

    /**
     * FINDING. {@code RaftNodeImpl.installSnapshot} ({@code RaftLog.setSnapshot}) keeps every log
     * entry after the snapshot index, whether or not the entry the node held at that index is
     * the snapshot's: Raft's InstallSnapshot (§7, figure 13 steps 6 and 7) keeps the suffix only
     * when the entry at the snapshot's last index has the snapshot's term, and discards the whole
     * log otherwise. Here node 1, a deposed leader of term 3, holds term-3 entries 59..98; the
     * cluster commits term-4 entries up to 64 and snapshots there; node 1 installs the snapshot
     * (term 4 at 64) and keeps its term-3 entries 65..98: a log whose terms go down, and whose
     * entry 65 now follows a different prefix than when it was appended, which our log-matching
     * check reports. The stale suffix cannot be committed as far as we can see (the follower
     * commits only up to the last entry an AppendEntries matched, and a majority holds the
     * term-4 entries so node 1 cannot win an election) and the leader's next AppendEntries
     * truncates it. Seen in 4 of 79 seeds of the faults below (17, 18, 36, 48); with the
     * prefix comparison muted (a throw-away build) those seeds run to the end with every other
     * invariant holding and linearizable histories.
     */
    @Test
    void installSnapshot_keepsAConflictingSuffix_breakingLogMatching() {
        MicroRaftTestCluster cluster = cluster(18, 5, 4, 300, FaultProfile.defaults());
        SimulationFailure failure = assertThrows(SimulationFailure.class, () -> {
            cluster.chaos(10 * SECOND);
            cluster.healAndSettle(6 * SECOND);
        });
        assertEquals(FailureKind.SAFETY, failure.kind());
        assertTrue(failure.reason().contains("log matching: node 1 holds the entry at 65 it"
                + " held before, but its log before it changed"), failure.reason());
    }

    /**
     * Why transferSnapshotsFromFollowersEnabled stays off: with it on, the leader names the
     * followers a snapshot may be fetched from, and a follower asked for a chunk of a snapshot it
     * has not taken yet (it lags, or restarted from an older one) drops the request with an ERROR
     * line ({@code RaftNodeImpl.sendSnapshotChunk}, "is bigger than current snapshot index"),
     * which detsim counts as a failure (the requester asks again, so it is probably benign; it
     * is not in {@link ErrorPolicy#BENIGN} since nothing here turns the transfer on). Seen in 3
     * of 69 seeds; the NullPointerException with no known leader
     * ({@code InstallSnapshotRequestHandler}) did not show up in those 69 seeds.
     */
    @Test
    void snapshotsFromFollowers_aFollowerAskedForAChunkItLacks_logsAnError() {
        MicroRaftTestCluster cluster = new MicroRaftTestCluster(3, 4,
                ClientConfig.defaults(5, 4, 300), FaultProfile.defaults(),
                MicroRaftConfig.defaults(5).withSnapshotEvery(EVERY)
                        .withSnapshotsFromFollowers(true), UnaryOperator.identity());
        SimulationFailure failure = assertThrows(SimulationFailure.class, () -> {
            cluster.chaos(10 * SECOND);
            cluster.healAndSettle(6 * SECOND);
        });
        assertEquals(FailureKind.CRASH, failure.kind());
        assertTrue(failure.reason().contains("is bigger than current snapshot index"),
                failure.reason());
    }
}
