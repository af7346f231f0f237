package io.detsim.check.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.history.History;
import io.detsim.check.history.HistoryEdn;
import io.detsim.check.history.Op;
import io.detsim.check.history.OpType;
import io.detsim.check.linear.Budget;
import io.detsim.check.linear.CheckResult;
import io.detsim.check.linear.LinearizabilityChecker;
import io.detsim.check.linear.WitnessValidator;
import io.detsim.check.model.Model;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generator's histories are well-formed, reproducible from their seed, shaped as configured,
 * and linearizable by construction: the checker must agree on every one.
 */
class HistoryGeneratorTest {
    private static final int SEED_COUNT = 300;
    private static final LinearizabilityChecker CHECKER = new LinearizabilityChecker(
            Budget.defaults().withVerdictNanosMax(20_000_000_000L));

    /** A config drawn from the seed: up to 200 ops, up to 30% crashed, up to 15% failed. */
    static HistoryGenerator.Config drawConfig(ModelKind kind, long seed) {
        return drawConfig(kind, seed, 200);
    }

    static HistoryGenerator.Config drawConfig(ModelKind kind, long seed, int opCountMax) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        return new HistoryGenerator.Config(kind, random.nextInt(2, 7),
                random.nextInt(1, opCountMax + 1),
                0.30 * random.nextDouble(), 0.15 * random.nextDouble(), random.nextInt(1, 5),
                random.nextInt(2, 9), seed);
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void generatedHistoriesAreWellFormed(ModelKind kind) {
        for (long seed = 0; seed < SEED_COUNT; seed++) {
            HistoryGenerator.Config config = drawConfig(kind, seed);
            History history = HistoryGenerator.generate(config);
            assertWellFormed(history, config);
            assertWellFormed(HistoryGenerator.random(config), config);
        }
    }

    /** With a valid witness: the order found is a real linearization of the history. */
    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void everyGeneratedHistoryIsLinearizable(ModelKind kind) {
        Model model = kind.model();
        for (long seed = 0; seed < SEED_COUNT; seed++) {
            HistoryGenerator.Config config = drawConfig(kind, seed);
            History history = HistoryGenerator.generate(config);
            CheckResult result = CHECKER.check(history, model);
            CheckResult.Linearizable ok = assertInstanceOf(CheckResult.Linearizable.class,
                    result, () -> config + ": " + result + "\n" + HistoryEdn.write(history));
            WitnessValidator.assertValid(ok, history.operations(), model, config.toString());
        }
    }

    @Test
    void crashAndFailFractionsAreRoughlyAsConfigured() {
        HistoryGenerator.Config config = new HistoryGenerator.Config(ModelKind.REGISTER, 5, 4000,
                0.2, 0.1, 1, 5, 42);
        Map<OpType, Integer> counts = countTypes(HistoryGenerator.generate(config));
        assertEquals(4000, counts.get(OpType.INVOKE));
        double infoShare = counts.get(OpType.INFO) / 4000.0;
        double failShare = counts.get(OpType.FAIL) / 4000.0;
        assertTrue(Math.abs(infoShare - 0.2) < 0.03, "info share " + infoShare);
        assertTrue(Math.abs(failShare - 0.1) < 0.03, "fail share " + failShare);
    }

    @Test
    void noCrashesWhenCrashFractionIsZero() {
        HistoryGenerator.Config config = new HistoryGenerator.Config(ModelKind.KV, 4, 500, 0.0,
                0.0, 3, 4, 7);
        Map<OpType, Integer> counts = countTypes(HistoryGenerator.generate(config));
        assertEquals(500, counts.get(OpType.INVOKE));
        assertEquals(500, counts.get(OpType.OK));
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void sameSeedSameHistoryAndDifferentSeedsDiffer(ModelKind kind) {
        HistoryGenerator.Config config = new HistoryGenerator.Config(kind, 4, 60, 0.2, 0.1, 2, 5,
                1234);
        String once = HistoryEdn.write(HistoryGenerator.generate(config));
        assertEquals(once, HistoryEdn.write(HistoryGenerator.generate(config)));
        assertEquals(HistoryEdn.write(HistoryGenerator.random(config)),
                HistoryEdn.write(HistoryGenerator.random(config)));
        Set<String> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            distinct.add(HistoryEdn.write(HistoryGenerator.generate(config.withSeed(seed))));
        }
        assertEquals(20, distinct.size());
        History history = HistoryGenerator.generate(config);
        assertEquals(HistoryEdn.write(HistoryGenerator.mutate(history, 5)),
                HistoryEdn.write(HistoryGenerator.mutate(history, 5)));
        assertNotEquals(once, HistoryEdn.write(HistoryGenerator.mutate(history, 5)));
    }

    /**
     * Up to 40 operations only: proving a history with dozens of crashed writes not linearizable
     * means refuting every subset of them, which no search does quickly.
     */
    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void mutatedHistoriesAreNotLinearizable(ModelKind kind) {
        Model model = kind.model();
        int certain = 0;
        int notLinearizable = 0;
        for (long seed = 0; seed < 100; seed++) {
            HistoryGenerator.Config config = drawConfig(kind, seed, 40);
            History mutated = HistoryGenerator.mutate(HistoryGenerator.generate(config), seed);
            CheckResult result = CHECKER.check(mutated, model);
            assertFalse(result instanceof CheckResult.Unknown, mutated.source() + ": " + result);
            boolean bad = result instanceof CheckResult.NotLinearizable;
            notLinearizable += bad ? 1 : 0;
            if (result instanceof CheckResult.NotLinearizable violation) {
                WitnessValidator.assertValidPrefix(violation.counterexample(),
                        mutated.operations(), model, mutated.source());
            }
            if (!mutated.source().contains(", likely)")) {
                // Never-written, appended and future reads can never be linearized.
                certain++;
                assertTrue(bad, () -> mutated.source() + "\n" + HistoryEdn.write(mutated));
            }
        }
        assertTrue(certain >= 75, "only " + certain + " certain mutations");
        assertTrue(notLinearizable >= 95, "only " + notLinearizable + " of 100 not linearizable");
    }

    /**
     * Past 64 operations the checker's memo keys span several words; a read of a never-written
     * value or from the future must still be caught. Few crashes, so refuting stays quick.
     */
    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void neverWrittenReadsAreCaughtInLongHistories(ModelKind kind) {
        int checked = 0;
        for (long seed = 0; seed < 60; seed++) {
            HistoryGenerator.Config config = new HistoryGenerator.Config(kind, 4,
                    65 + (int) (seed * 7 % 120), 0.03, 0.05, 2, 4, seed);
            History mutated = HistoryGenerator.mutate(HistoryGenerator.generate(config), seed);
            if (mutated.source().contains(", likely)")) {
                continue;
            }
            checked++;
            CheckResult result = CHECKER.check(mutated, kind.model());
            assertInstanceOf(CheckResult.NotLinearizable.class, result, () -> mutated.source()
                    + ": " + result);
        }
        assertTrue(checked >= 50, "only " + checked + " certain mutations");
    }

    @Test
    void crashHeavyPresetIsCrashHeavyAndLinearizable() {
        for (long seed = 0; seed < 6; seed++) {
            ModelKind kind = ModelKind.values()[(int) (seed % 3)];
            HistoryGenerator.Config config = HistoryGenerator.Config.crashHeavy(kind, seed);
            assertEquals(300, config.opCount());
            assertTrue(config.crashFraction() >= 0.05 && config.crashFraction() <= 0.30,
                    config.toString());
            History history = HistoryGenerator.generate(config);
            CheckResult result = CHECKER.check(history, kind.model());
            CheckResult.Linearizable ok = assertInstanceOf(CheckResult.Linearizable.class,
                    result, () -> config + ": " + result);
            WitnessValidator.assertValid(ok, history.operations(), kind.model(),
                    config.toString());
        }
    }

    @Test
    void configRejectsBadKnobsNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HistoryGenerator.Config(ModelKind.KV, 0, 10, 0.1, 0.1, 1, 2, 0));
        assertTrue(e.getMessage().contains("processCount"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new HistoryGenerator.Config(ModelKind.KV, 2, 10, 1.5, 0.1, 1, 2, 0));
        assertTrue(e.getMessage().contains("crashFraction"), e.getMessage());
    }

    /**
     * Indexes in order, times never going back, every process with at most one op outstanding
     * and completing only what it invoked, no process reused after a crash, every op completed.
     */
    private static void assertWellFormed(History history, HistoryGenerator.Config config) {
        Map<Long, Op> outstanding = new HashMap<>();
        Set<Long> crashedProcesses = new HashSet<>();
        long lastTimeNanos = 0;
        int invokeCount = 0;
        for (int i = 0; i < history.size(); i++) {
            Op op = history.ops().get(i);
            String where = config + " op " + i;
            assertEquals(i, op.index(), where);
            assertTrue(op.timeNanos() > lastTimeNanos, where + ": time went back");
            lastTimeNanos = op.timeNanos();
            assertFalse(crashedProcesses.contains(op.process()), where + ": crashed process");
            if (op.type() == OpType.INVOKE) {
                invokeCount++;
                assertEquals(null, outstanding.put(op.process(), op), where + ": two outstanding");
                continue;
            }
            Op invoke = outstanding.remove(op.process());
            assertNotNull(invoke, where + ": completes what it never invoked");
            assertEquals(invoke.f(), op.f(), where);
            assertEquals(invoke.key(), op.key(), where);
            if (op.type() == OpType.INFO) {
                crashedProcesses.add(op.process());
            }
        }
        assertTrue(outstanding.isEmpty(), config + ": left outstanding " + outstanding);
        assertEquals(config.opCount(), invokeCount, config.toString());
        long processesSeen = history.ops().stream().map(Op::process).distinct().count();
        assertTrue(processesSeen <= config.processCount() + crashedProcesses.size(),
                config.toString());
        assertNotNull(history.operations(), config.toString());
    }

    private static Map<OpType, Integer> countTypes(History history) {
        Map<OpType, Integer> counts = new EnumMap<>(OpType.class);
        for (OpType type : OpType.values()) {
            counts.put(type, 0);
        }
        for (Op op : history.ops()) {
            counts.merge(op.type(), 1, Integer::sum);
        }
        return counts;
    }
}
