package io.detsim.check.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.generate.HistoryGenerator;
import io.detsim.check.generate.ModelKind;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryEdn;
import io.detsim.check.history.HistoryFormat;
import io.detsim.check.history.HistoryReader;
import io.detsim.check.history.Operation;
import io.detsim.check.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The native checker against {@link BruteForceChecker} on thousands of small histories (3-9
 * operations, 2-4 processes, with crashes and failures): generated linearizable ones, mutated ones
 * and random ones. The two must agree on every one; the brute force sees the whole history (no
 * per-key split, crashed reads kept), so this also tests splitting and dropping.
 */
class DifferentialBruteForceTest {
    /** Seeds per model; raise it for a longer campaign: {@code -Ddetsim.differential.seeds=N}. */
    private static final long SEED_COUNT = Long.getLong("detsim.differential.seeds", 3000);
    private static final LinearizabilityChecker CHECKER = new LinearizabilityChecker(
            Budget.defaults());

    /** Which kind of history a seed produces. */
    private enum Family { GENERATED, MUTATED, RANDOM }

    /** A small config drawn from the seed. */
    static HistoryGenerator.Config smallConfig(ModelKind kind, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 3);
        return new HistoryGenerator.Config(kind, random.nextInt(2, 5), random.nextInt(3, 10),
                0.4 * random.nextDouble(), 0.25 * random.nextDouble(), random.nextInt(1, 3),
                random.nextInt(2, 5), seed);
    }

    static History smallHistory(ModelKind kind, long seed) {
        HistoryGenerator.Config config = smallConfig(kind, seed);
        return switch (Family.values()[(int) (seed % 3)]) {
            case GENERATED -> HistoryGenerator.generate(config);
            case MUTATED -> HistoryGenerator.mutate(HistoryGenerator.generate(config), seed);
            case RANDOM -> HistoryGenerator.random(config);
        };
    }

    /** The oracle itself, on textbook cases whose verdicts are known by hand. */
    @Test
    void bruteForceKnowsTheTextbookCases() {
        Model register = ModelKind.REGISTER.model();
        // A read that completed before a write began cannot see it...
        assertFalse(bruteForce(register, "{:process 0 :type :invoke :f :read}",
                "{:process 0 :type :ok :f :read :value 1}",
                "{:process 1 :type :invoke :f :write :value 1}",
                "{:process 1 :type :ok :f :write :value 1}"));
        // ...but a concurrent one can.
        assertTrue(bruteForce(register, "{:process 0 :type :invoke :f :read}",
                "{:process 1 :type :invoke :f :write :value 1}",
                "{:process 0 :type :ok :f :read :value 1}",
                "{:process 1 :type :ok :f :write :value 1}"));
        // A crashed write may take effect after its process crashed...
        assertTrue(bruteForce(register, "{:process 1 :type :invoke :f :write :value 1}",
                "{:process 1 :type :info :f :write :value 1}",
                "{:process 0 :type :invoke :f :read}",
                "{:process 0 :type :ok :f :read :value 0}",
                "{:process 2 :type :invoke :f :read}",
                "{:process 2 :type :ok :f :read :value 1}"));
        // ...once at most: reading 1, then 0, then 1 again needs two writes of 1.
        assertFalse(bruteForce(register, "{:process 1 :type :invoke :f :write :value 1}",
                "{:process 1 :type :info :f :write :value 1}",
                "{:process 0 :type :invoke :f :read}",
                "{:process 0 :type :ok :f :read :value 1}",
                "{:process 2 :type :invoke :f :write :value 0}",
                "{:process 2 :type :ok :f :write :value 0}",
                "{:process 0 :type :invoke :f :read}",
                "{:process 0 :type :ok :f :read :value 1}"));
        // A failed write never happened.
        assertFalse(bruteForce(register, "{:process 1 :type :invoke :f :write :value 1}",
                "{:process 1 :type :fail :f :write :value 1}",
                "{:process 0 :type :invoke :f :read}",
                "{:process 0 :type :ok :f :read :value 1}"));
    }

    private static boolean bruteForce(Model model, String... ops) {
        String edn = "[" + String.join("\n", ops) + "]";
        return BruteForceChecker.isLinearizable(HistoryReader.read(edn, "textbook",
                HistoryFormat.EDN), model);
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void checkerAgreesWithBruteForce(ModelKind kind) {
        Model model = kind.model();
        int[] linearizable = new int[Family.values().length];
        int[] total = new int[Family.values().length];
        for (long seed = 0; seed < SEED_COUNT; seed++) {
            Family family = Family.values()[(int) (seed % 3)];
            History history = smallHistory(kind, seed);
            boolean expected = BruteForceChecker.isLinearizable(history, model);
            CheckResult result = CHECKER.check(history, model);
            String replay = "seed " + seed + " (" + kind + ", " + family + ", "
                    + history.source() + "): brute force says "
                    + (expected ? "linearizable" : "not linearizable") + ", checker says "
                    + result + "\n" + HistoryEdn.write(history);
            assertFalse(result instanceof CheckResult.Unknown, replay);
            assertEquals(expected, result instanceof CheckResult.Linearizable, replay);
            if (family == Family.GENERATED) {
                assertTrue(expected, "generated but not linearizable: " + replay);
            }
            if (result instanceof CheckResult.NotLinearizable bad) {
                assertCounterexampleHolds(bad.counterexample(), history, model, replay);
            } else if (result instanceof CheckResult.Linearizable ok) {
                WitnessValidator.assertValid(ok, history.operations(), model, replay);
            }
            linearizable[family.ordinal()] += expected ? 1 : 0;
            total[family.ordinal()]++;
        }
        int judged = total[Family.MUTATED.ordinal()] + total[Family.RANDOM.ordinal()];
        int good = linearizable[Family.MUTATED.ordinal()] + linearizable[Family.RANDOM.ordinal()];
        String counts = kind + ": linearizable per family (generated, mutated, random) "
                + Arrays.toString(linearizable) + " of "
                + Arrays.toString(total);
        System.out.println(counts);
        assertTrue(good >= 0.2 * judged, "too few linearizable: " + counts);
        assertTrue(judged - good >= 0.2 * judged, "too few non-linearizable: " + counts);
    }

    /**
     * The explanation is checked too: the longest prefix replays legally (with the states it
     * shows), and the minimal sub-history is not linearizable while every one of its one-smaller
     * sub-histories is.
     */
    private static void assertCounterexampleHolds(CheckResult.Counterexample counterexample,
            History history, Model model, String replay) {
        WitnessValidator.assertValidPrefix(counterexample, history.operations(), model, replay);
        Model partitionModel = counterexample.partition() == null ? model
                : model.forPartition(counterexample.partition());
        Object state = partitionModel.initialState();
        for (Operation op : counterexample.longestPrefix()) {
            state = partitionModel.step(state, op);
            assertNotSame(Model.ILLEGAL, state, "longest prefix is illegal at " + op + ": "
                    + replay);
        }
        List<Operation> minimal = counterexample.minimal();
        assertTrue(counterexample.minimalComplete(), "shrinking unfinished: " + replay);
        assertFalse(BruteForceChecker.isLinearizable(minimal, partitionModel),
                "minimal counterexample " + minimal + " is linearizable: " + replay);
        for (Operation left : minimal) {
            List<Operation> smaller = new ArrayList<>(minimal);
            smaller.remove(left);
            assertTrue(BruteForceChecker.isLinearizable(smaller, partitionModel),
                    "minimal counterexample " + minimal + " still fails without " + left + ": "
                            + replay);
        }
    }
}
