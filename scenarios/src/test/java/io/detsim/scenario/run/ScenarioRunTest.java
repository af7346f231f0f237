package io.detsim.scenario.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.raft.core.RaftBug;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.Scenarios;
import io.detsim.sim.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ScenarioRunTest {
    static final List<String> BUILT_IN = Scenarios.BUILT_IN;

    static RunResult run(String scenario, long seed, RaftBug bug) {
        return new ScenarioRun(Scenarios.load(scenario), scenario, seed, bug, Trace.Mode.HASH_ONLY,
                null).execute();
    }

    @ParameterizedTest
    @FieldSource("BUILT_IN")
    void everyBuiltIn_passesItsFirstSeeds_withTheCorrectRaft(String name) {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            RunResult result = run(name, seed, RaftBug.NONE);
            if (result.verdict() != Verdict.PASS) {
                failures.add("seed " + seed + ": " + result.verdict() + ": " + result.reason());
            }
        }
        assertTrue(failures.isEmpty(), name + ":\n" + String.join("\n", failures));
    }

    @Test
    void membership_changesGoThroughMicroRaftsOwnApi_andOursRefusesThem() {
        ScenarioRun run = new ScenarioRun(Scenarios.load("membership"), "membership", 1,
                RaftBug.NONE, Trace.Mode.HASH_ONLY, null);
        RunResult result = run.execute();
        assertEquals(Verdict.PASS, result.verdict(), result.reason());
        assertTrue(run.membershipChanges() >= 3, "spares added and old members removed: "
                + run.membershipChanges());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> Scenarios.load("membership").withSystem("raft"));
        assertTrue(e.getMessage().contains("membership changes"), e.getMessage());
        IllegalArgumentException snapshots = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> Scenarios.load("snapshots").withSystem("raft"));
        assertTrue(snapshots.getMessage().contains("snapshotEvery"), snapshots.getMessage());
    }

    @Test
    void leaseReads_areCheckedApart_andKeptOutOfTheMainHistory() {
        ScenarioRun run = new ScenarioRun(Scenarios.load("lease-reads"), "lease-reads", 3,
                RaftBug.NONE, Trace.Mode.HASH_ONLY, null);
        RunResult result = run.execute();
        assertEquals(Verdict.PASS, result.verdict(), result.reason());
        // Our Raft serves a lease read through ReadIndex, so its lease reads are linearizable.
        assertTrue(result.leaseChecker().startsWith("linearizable"), result.leaseChecker());
        assertTrue(run.history().ops().stream().noneMatch(op -> op.f().contains("lease")));
        RunResult without = run("swarm", 3, RaftBug.NONE);
        assertEquals(null, without.leaseChecker(), "no lease reads, no lease check");
    }

    @Test
    void sameSeed_sameResult_differentSeed_differentTrace() {
        RunResult first = run("swarm", 5, RaftBug.NONE);
        RunResult again = run("swarm", 5, RaftBug.NONE);
        assertEquals(first.traceHash(), again.traceHash());
        assertEquals(first.opsOk(), again.opsOk());
        assertNotEquals(first.traceHash(), run("swarm", 6, RaftBug.NONE).traceHash());
        assertEquals("./detsim run --seed 5 --scenario swarm", first.reproduce());
    }

    @Test
    void triggeredScriptSteps_crashVotersRightAfterTheyVote_andSoCatchAnUnpersistedVote() {
        for (long seed = 1; seed <= 30; seed++) {
            RunResult result = run("leader-churn", seed, RaftBug.VOTE_NOT_PERSISTED);
            if (result.verdict().isFailure()) {
                // A second vote in one term: seen as such, or as what it leads to (two leaders
                // of a term, a leader lacking a committed entry).
                assertEquals(Verdict.SAFETY, result.verdict(), result.reason());
                RunResult correct = run("leader-churn", seed, RaftBug.NONE);
                assertEquals(Verdict.PASS, correct.verdict(), correct.reason());
                assertTrue(correct.faultsApplied() > 20, "triggers fired "
                        + correct.faultsApplied());
                return;
            }
        }
        throw new AssertionError("vote-not-persisted went unnoticed for 30 leader-churn seeds");
    }

    @Test
    void figureEightSteps_catchCommittingAPreviousTermEntryByCounting() {
        RunResult caught = run("leader-churn", 2, RaftBug.COMMIT_PREVIOUS_TERM);
        assertEquals(Verdict.SAFETY, caught.verdict(), caught.reason());
        assertTrue(caught.reason().contains("leader-completeness"), caught.reason());
        assertEquals(Verdict.PASS, run("leader-churn", 2, RaftBug.NONE).verdict());
    }

    @Test
    void runWithoutFaultsThatServesTooLittle_isVacuous_notAPass() {
        Scenario tiny = Scenarios.load("steady-state");
        tiny = tiny.withWorkload(tiny.workload().withOpsPerClient(5));
        RunResult result = new ScenarioRun(tiny, "steady-state", 1, RaftBug.NONE,
                Trace.Mode.HASH_ONLY, null).execute();
        assertEquals(Verdict.VACUOUS, result.verdict(), result.toString());
        assertTrue(result.reason().contains("operations completed (the scenario asks for 200)"),
                result.reason());
    }

    @Test
    void plantedBug_isCaught_onSomeSeedOfTheDefaultScenario() {
        for (long seed = 1; seed <= 40; seed++) {
            RunResult result = run("swarm", seed, RaftBug.STALE_LEADER_READ);
            if (result.verdict().isFailure()) {
                assertEquals(Verdict.SAFETY, result.verdict(), result.reason());
                assertTrue(result.reproduce().endsWith("--bug stale-leader-read"));
                return;
            }
        }
        throw new AssertionError("stale-leader-read went unnoticed for 40 seeds");
    }
}
