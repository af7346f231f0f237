package io.detsim.check.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.generate.ModelKind;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryEdn;
import io.detsim.check.knossos.ClojureChecker;
import io.detsim.check.knossos.CompositeChecker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The three checkers on the same small histories (generated, mutated and random, with crashes and
 * failures): native WGL and the Clojure Knossos-compatible checker, through the composite checker
 * that throws if they disagree, and the brute force, which must agree with both.
 */
class DifferentialClojureTest {
    private static final long SEED_COUNT = Long.getLong("detsim.differential.clojureSeeds", 1000);
    private static final CompositeChecker BOTH = new CompositeChecker(Budget.defaults(),
            new ClojureChecker(10_000, false));

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void nativeClojureAndBruteForceAgree(ModelKind kind) {
        int linearizable = 0;
        for (long seed = 1; seed <= SEED_COUNT; seed++) {
            History history = DifferentialBruteForceTest.smallHistory(kind, seed);
            boolean expected = BruteForceChecker.isLinearizable(history, kind.model());
            CompositeChecker.Verdicts verdicts = BOTH.check(history, kind.modelName(), initOf(kind),
                    false);
            CheckResult clojure = verdicts.clojureResult();
            String where = kind + " seed " + seed + ":\n" + HistoryEdn.write(history);
            assertTrue(!(clojure instanceof CheckResult.Unknown), where + clojure);
            assertEquals(expected, clojure instanceof CheckResult.Linearizable, where);
            assertEquals(expected, verdicts.nativeResult() instanceof CheckResult.Linearizable,
                    where);
            linearizable += expected ? 1 : 0;
        }
        assertTrue(linearizable > SEED_COUNT / 5 && linearizable < SEED_COUNT * 4 / 5,
                kind + ": " + linearizable + " of " + SEED_COUNT + " linearizable (vacuous mix)");
    }

    private static String initOf(ModelKind kind) {
        return kind == ModelKind.KV ? "\"\"" : "0";
    }
}
