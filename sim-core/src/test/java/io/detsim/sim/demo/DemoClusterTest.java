package io.detsim.sim.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.FailureKind;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.NemesisProfile;
import io.detsim.sim.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoClusterTest {
    private static final long SECOND = 1_000_000_000L;

    private static DemoCluster.Result run(long seed, int nodes, FaultProfile profile, boolean bug) {
        return DemoCluster.run(
                new DemoCluster.Config(seed, nodes, profile, 3 * SECOND, 5 * SECOND, bug),
                Trace.Mode.HASH_ONLY, "seed " + seed, null);
    }

    @Test
    void swarmSeeds_allPass_andTheirFaultsFire() {
        List<String> failures = new ArrayList<>();
        long faultsApplied = 0;
        long crashes = 0;
        for (long seed = 1; seed <= 150; seed++) {
            int nodes = seed % 3 == 0 ? 5 : 3;
            DemoCluster.Result result = run(seed, nodes, DemoCluster.Config.swarmProfile(seed),
                    false);
            if (!result.passed()) {
                failures.add(result.failure().getMessage());
            }
            faultsApplied += result.simulation().stats().faultsApplied();
            crashes += result.simulation().stats().crashes();
        }
        assertEquals(List.of(), failures);
        assertTrue(faultsApplied > 500, "swarm seeds applied only " + faultsApplied + " faults");
        assertTrue(crashes > 20, "swarm seeds crashed nodes only " + crashes + " times");
    }

    @Test
    void plantedBug_announceBeforeSync_isCaught_andTheCorrectNodePassesTheSameSeeds() {
        FaultProfile crashy = FaultProfile.none()
                .withDisk(DiskProfile.reliable().withCrashSemantics(1.0, 0.0))
                .withNemesis(new NemesisProfile(200_000_000, 1_000_000_000, true, false, false,
                        false, false, false, false));
        int caughtAt = -1;
        for (int seed = 1; seed <= 50 && caughtAt < 0; seed++) {
            DemoCluster.Result buggy = run(seed, 3, crashy, true);
            if (!buggy.passed()) {
                assertEquals(FailureKind.SAFETY, buggy.failure().kind());
                assertTrue(buggy.failure().reason().contains("announced-values-survive"),
                        buggy.failure().reason());
                caughtAt = seed;
            }
        }
        assertTrue(caughtAt > 0, "the planted bug went unnoticed for 50 seeds");
        for (int seed = 1; seed <= caughtAt; seed++) {
            DemoCluster.Result correct = run(seed, 3, crashy, false);
            assertTrue(correct.passed(), () -> correct.failure().getMessage());
        }
    }

    @Test
    void lostAnnouncements_areAllowedOnlyWhenADiskFaultExplainsThem() {
        // Corruption on every disk, crashes often: recovery may lose announced values, and each
        // loss must be explained by a recorded fault (otherwise the run fails).
        FaultProfile corrupting = FaultProfile.none()
                .withDisk(DiskProfile.reliable().withCorruption(0.02, 0.02, 0.02, 0.0)
                        .withCorruptionOnMajorityAllowed(true))
                .withNemesis(new NemesisProfile(200_000_000, 500_000_000, true, false, false,
                        false, false, false, false));
        int explained = 0;
        for (long seed = 1; seed <= 30; seed++) {
            DemoCluster.Result result = run(seed, 3, corrupting, false);
            assertTrue(result.passed(), () -> result.failure().getMessage());
            explained += result.lostButExplained();
        }
        assertTrue(explained > 0,
                "no corruption ever cost an announced value: the check was never exercised");
    }

    @Test
    void sameSeed_sameTraceHash_differentSeed_differentHash() {
        FaultProfile profile = DemoCluster.Config.swarmProfile(31);
        String first = run(31, 3, profile, false).traceHashHex();
        assertEquals(first, run(31, 3, profile, false).traceHashHex());
        assertFalse(first.equals(run(32, 3, profile, false).traceHashHex()));
    }
}
