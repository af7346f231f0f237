package io.detsim.raft;

import static io.detsim.raft.RaftTestCluster.SECOND;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.linear.CheckResult;
import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.core.RaftBug;
import io.detsim.sim.SimulationFailure;
import io.detsim.sim.fault.ClockProfile;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.NemesisProfile;
import io.detsim.sim.fault.NetworkProfile;
import io.detsim.sim.random.RandomStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hundreds of seeds per fault family against the correct Raft, each a 10 s chaos phase and a
 * 10 s heal: Raft's invariants after every event, a linearizable history, a leader after the
 * heal, and enough completed operations that the run meant something. Every failing seed is
 * listed, not just the first. {@code -Ddetsim.sweep.seeds=N} sets the seeds per family.
 */
class RaftSeedSweepTest {
    private static final int SEEDS = Integer.getInteger("detsim.sweep.seeds", 200);

    enum Family {
        /** Every fault family at moderate strength, corruption and full disks on a minority. */
        DEFAULTS(seed -> FaultProfile.defaults()),
        /** Each fault family on for about half the seeds, strengths drawn per seed. */
        SWARM(seed -> FaultProfile.swarm(RandomStream.root(seed).fork("profile"))),
        /**
         * Clocks at their worst: 10% drift, offsets up to a second, jumps forward and back, plus
         * partitions and crashes. ReadIndex does not lean on clocks, so nothing may break.
         */
        CLOCK_DRIFT(seed -> FaultProfile.none()
                .withNetwork(NetworkProfile.defaults())
                .withClock(new ClockProfile(1_000_000_000L, ClockProfile.DRIFT_PPM_LIMIT,
                        1_500_000_000L, true, 3_000_000_000L))
                .withNemesis(new NemesisProfile(400_000_000L, 2_000_000_000L, true, false, true,
                        false, true, false, false)));

        final LongFunction<FaultProfile> profile;

        Family(LongFunction<FaultProfile> profile) {
            this.profile = profile;
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void everySeed_staysSafe_linearizable_andLive(Family family) {
        List<String> failures = new ArrayList<>();
        long completedOps = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            int servers = seed % 2 == 0 ? 5 : 3;
            try {
                RaftTestCluster cluster = new RaftTestCluster(seed, servers, 3,
                        ClientConfig.defaults(servers, 3, 400), family.profile.apply(seed),
                        RaftBug.NONE);
                cluster.chaos(10 * SECOND);
                cluster.healAndSettle(10 * SECOND);
                CheckResult verdict = cluster.checkLinearizable();
                if (!(verdict instanceof CheckResult.Linearizable)) {
                    failures.add("seed " + seed + ": " + verdict);
                } else if (cluster.leader() < 0) {
                    failures.add("seed " + seed + ": no leader after the heal: "
                            + cluster.metrics());
                }
                completedOps += cluster.completedOps();
            } catch (SimulationFailure failure) {
                failures.add("seed " + seed + ": " + failure.kind() + ": " + failure.reason());
            }
        }
        assertTrue(failures.isEmpty(), family + ": " + failures.size() + " of " + SEEDS
                + " seeds failed:\n" + String.join("\n", failures));
        // Vacuity: the 20 s runs must have served a real load (about 1,000 ops when healthy).
        assertTrue(completedOps >= 300L * SEEDS, family + ": only " + completedOps
                + " ops completed in " + SEEDS + " seeds");
    }
}
