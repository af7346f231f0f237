package io.detsim.raft;

import static io.detsim.raft.RaftTestCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.linear.CheckResult;
import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.core.RaftBug;
import io.detsim.sim.SimulationFailure;
import io.detsim.sim.fault.FaultProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each planted bug is caught on some seed within a bounded search (by an invariant, a crash of
 * node code, or the linearizability checker), and the correct Raft passes every seed searched.
 *
 * <p>COMMIT_PREVIOUS_TERM, VOTE_NOT_PERSISTED and ACK_BEFORE_DURABLE went unnoticed for 150
 * swarm seeds each; {@link TargetedBugsTest} catches them with targeted schedules (Figure 8's
 * leader churn, voter crash-restarts in split elections, crashes right after acks).
 */
class PlantedBugsTest {
    private static final int SEEDS_MAX = Integer.getInteger("detsim.bugs.seedsMax", 60);

    /** What went wrong in one run, or null. */
    static String verdict(long seed, RaftBug bug) {
        int servers = seed % 2 == 0 ? 5 : 3;
        FaultProfile profile = FaultProfile.swarm(
                io.detsim.sim.random.RandomStream.root(seed).fork("profile"));
        try {
            RaftTestCluster cluster = new RaftTestCluster(seed, servers, 4,
                    ClientConfig.defaults(servers, 4, 300), profile, bug);
            cluster.chaos(10 * SECOND);
            cluster.healAndSettle(5 * SECOND);
            CheckResult result = cluster.checkLinearizable();
            return result instanceof CheckResult.NotLinearizable ? "NOT LINEARIZABLE" : null;
        } catch (SimulationFailure failure) {
            return failure.kind() + ": " + failure.reason();
        }
    }

    @ParameterizedTest
    @EnumSource(value = RaftBug.class,
            names = {"STALE_LEADER_READ", "TRUNCATE_ON_MATCH", "NO_SESSION_DEDUP"})
    void plantedBug_isCaught_andCorrectRaftPassesTheSameSeeds(RaftBug bug) {
        long caughtAt = -1;
        String how = null;
        for (long seed = 1; seed <= SEEDS_MAX && caughtAt < 0; seed++) {
            how = verdict(seed, bug);
            if (how != null) {
                caughtAt = seed;
            }
        }
        assertTrue(caughtAt > 0, bug + " went unnoticed for " + SEEDS_MAX + " seeds");
        for (long seed = 1; seed <= caughtAt; seed++) {
            String correct = verdict(seed, RaftBug.NONE);
            long s = seed;
            assertTrue(correct == null, () -> "correct Raft failed seed " + s + ": " + correct);
        }
    }

}
