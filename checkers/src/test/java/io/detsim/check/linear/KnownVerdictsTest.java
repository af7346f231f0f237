package io.detsim.check.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.SharedHistories;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryReader;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native checker against the 231 histories whose verdicts Knossos's and Porcupine's own tests
 * establish: every decided verdict must match, and the checker must decide every one. Its evidence
 * is judged too, by {@link WitnessValidator}: each linearizable verdict's witnesses must be valid
 * linearizations, each counterexample's prefix a valid start of one.
 */
class KnownVerdictsTest {
    private static final Budget BUDGET = Budget.defaults().withExplainNanosMax(2_000_000_000L);

    static Stream<SharedHistories.Row> decidedRows() {
        return SharedHistories.rows().stream().filter(SharedHistories.Row::decided);
    }

    @Test
    void everyHistoryIsListed() {
        List<SharedHistories.Row> rows = SharedHistories.rows();
        assertEquals(231, rows.size());
        assertEquals(230, rows.stream().filter(SharedHistories.Row::decided).count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decidedRows")
    void verdictMatchesTheReference(SharedHistories.Row row) {
        History history = HistoryReader.read(row.file());
        CheckResult result = new LinearizabilityChecker(BUDGET).check(history, row.model());
        if (row.expectValid()) {
            CheckResult.Linearizable ok = assertInstanceOf(CheckResult.Linearizable.class,
                    result, () -> row + ": " + result);
            WitnessValidator.assertValid(ok, history.operations(), row.model(), row.toString());
        } else {
            CheckResult.NotLinearizable bad = assertInstanceOf(CheckResult.NotLinearizable.class,
                    result,
                    () -> row + ": " + result);
            assertNotNull(bad.counterexample().firstUnlinearizable(), row
                    + ": no failing op named");
            assertTrue(!bad.counterexample().minimal().isEmpty(), row + ": no minimal sub-history");
            WitnessValidator.assertValidPrefix(bad.counterexample(), history.operations(),
                    row.model(), row.toString());
        }
    }
}
