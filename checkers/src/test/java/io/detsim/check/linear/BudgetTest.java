package io.detsim.check.linear;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.generate.HistoryGenerator;
import io.detsim.check.generate.ModelKind;
import io.detsim.check.history.History;
import org.junit.jupiter.api.Test;

/** Budgets end a search with an honest unknown, never a guess. */
class BudgetTest {
    /** A crash-heavy register history mutated into a violation: proving it takes real search. */
    private static History hardViolation() {
        HistoryGenerator.Config config = HistoryGenerator.Config.crashHeavy(ModelKind.REGISTER, 2);
        return HistoryGenerator.mutate(HistoryGenerator.generate(config), 2);
    }

    @Test
    void exhaustedTime_givesUnknown_namingTheTimeBudget() {
        Budget tiny = new Budget(1_000_000, 1L << 30, 0);
        CheckResult result = new LinearizabilityChecker(tiny)
                .check(hardViolation(), ModelKind.REGISTER.model());
        CheckResult.Unknown unknown = assertInstanceOf(CheckResult.Unknown.class, result);
        assertTrue(unknown.reason().contains("time budget"), unknown.reason());
    }

    @Test
    void exhaustedMemory_givesUnknown_namingTheMemoryBudget() {
        Budget tiny = new Budget(60_000_000_000L, 64 * 1024, 0);
        CheckResult result = new LinearizabilityChecker(tiny)
                .check(hardViolation(), ModelKind.REGISTER.model());
        CheckResult.Unknown unknown = assertInstanceOf(CheckResult.Unknown.class, result);
        assertTrue(unknown.reason().contains("memory budget"), unknown.reason());
    }

    @Test
    void nonsenseBudgets_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Budget(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Budget(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Budget(1, 1, -1));
    }
}
