package io.detsim.check.knossos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clojure.java.api.Clojure;
import clojure.lang.IDeref;
import io.detsim.check.SharedHistories;
import io.detsim.check.history.HistoryReader;
import io.detsim.check.linear.CheckResult;
import org.junit.jupiter.api.Test;

/**
 * With Knossos on the classpath (here a test stand-in with Knossos's namespaces and entry point),
 * ClojureChecker calls {@code knossos.competition/analysis} with {@code knossos.model} models,
 * except for kv, which Knossos has no model for.
 */
class KnossosOnClasspathTest {
    private static final ClojureChecker CHECKER = new ClojureChecker(10_000, true);

    @Test
    void knossosIsFound_andUsedForItsModels() {
        assertTrue(ClojureChecker.knossosOnClasspath());
        assertEquals(ClojureChecker.Engine.KNOSSOS, CHECKER.engineFor("cas-register"));
        assertEquals(ClojureChecker.Engine.COMPAT, CHECKER.engineFor("kv"));
        assertEquals(ClojureChecker.Engine.COMPAT,
                new ClojureChecker(10_000, false).engineFor("cas-register"));
    }

    @Test
    void verdictsComeFromKnossosAnalysis() {
        long before = calls();
        CheckResult bad = CHECKER.check(read("knossos/data/cas-register/bad/bad-analysis.edn"),
                "cas-register", "0", true);
        CheckResult.NotLinearizable violation = assertInstanceOf(CheckResult.NotLinearizable.class,
                bad);
        assertEquals(21, violation.counterexample().firstUnlinearizable().process());
        CheckResult good = CHECKER.check(
                read("knossos/data/cas-register/good/cas-register-bug.edn"),
                "cas-register", "0", true);
        assertInstanceOf(CheckResult.Linearizable.class, good);
        assertEquals(before + 2, calls());
    }

    private static io.detsim.check.history.History read(String relative) {
        return HistoryReader.read(SharedHistories.root().resolve(relative));
    }

    private static long calls() {
        Clojure.var("clojure.core", "require").invoke(Clojure.read("knossos.competition"));
        Object atom = ((IDeref) Clojure.var("knossos.competition", "calls")).deref();
        return ((Number) ((IDeref) atom).deref()).longValue();
    }
}
