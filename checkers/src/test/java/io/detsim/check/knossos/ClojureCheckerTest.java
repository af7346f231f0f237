package io.detsim.check.knossos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.SharedHistories;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryReader;
import io.detsim.check.linear.CheckResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Clojure (Knossos-compatible) checker against the known verdicts of the histories of up to
 * 120 invocations. It is the slow, readable reference: it may answer unknown at its 5 s limit (a
 * few crash-heavy histories), but every verdict it does give must match, and it must decide
 * nearly all of them. Larger histories are the native checker's job.
 */
class ClojureCheckerTest {
    private static final ClojureChecker CHECKER = new ClojureChecker(5_000, false);
    private static final AtomicInteger DECIDED = new AtomicInteger();
    private static final AtomicInteger CHECKED = new AtomicInteger();

    static Stream<SharedHistories.Row> smallDecidedRows() {
        return SharedHistories.rows().stream()
                .filter(SharedHistories.Row::decided)
                .filter(row -> row.invocations() <= 120);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallDecidedRows")
    void verdictMatchesTheReference(SharedHistories.Row row) {
        History history = HistoryReader.read(row.file());
        CheckResult result =
                CHECKER.check(history, modelName(row), initOf(row), nilReadUnknown(row));
        CHECKED.incrementAndGet();
        if (result instanceof CheckResult.Unknown) {
            return;
        }
        DECIDED.incrementAndGet();
        if (row.expectValid()) {
            CheckResult.Linearizable ok = assertInstanceOf(CheckResult.Linearizable.class,
                    result, () -> row + ": " + result);
            // Knossos's analysis reports no order, so there is no witness to show.
            assertEquals(List.of(), ok.witnesses());
        } else {
            CheckResult.NotLinearizable bad = assertInstanceOf(CheckResult.NotLinearizable.class,
                    result, () -> row + ": " + result);
            assertNotNull(bad.counterexample().firstUnlinearizable(), row + ": no failing op");
        }
        assertEquals(ClojureChecker.Engine.COMPAT, CHECKER.engineFor(modelName(row)));
    }

    @AfterAll
    static void nearlyAllDecided() {
        assertTrue(DECIDED.get() >= CHECKED.get() * 95 / 100,
                "the Clojure checker decided only " + DECIDED + " of " + CHECKED);
    }

    static String modelName(SharedHistories.Row row) {
        String column = row.modelColumn();
        if (column.startsWith("cas-register")) {
            return "cas-register";
        }
        return column.startsWith("kv") ? "kv" : column;
    }

    static String initOf(SharedHistories.Row row) {
        return row.modelColumn().equals("mutex") ? null : row.init();
    }

    static boolean nilReadUnknown(SharedHistories.Row row) {
        return !row.modelColumn().startsWith("cas-register (etcd")
                && !row.modelColumn().startsWith("kv");
    }
}
