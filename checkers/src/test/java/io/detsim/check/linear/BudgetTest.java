package io.detsim.check.linear;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.generate.HistoryGenerator;
import io.detsim.check.generate.ModelKind;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryFormat;
import io.detsim.check.history.HistoryReader;
import io.detsim.check.history.Operation;
import io.detsim.check.model.Model;
import java.util.concurrent.CountDownLatch;
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

    /**
     * An interrupted caller gets unknown, with its interrupt kept: the partitions still searching
     * decided nothing. (It used to be linearizable, as if the unfinished searches had passed.)
     */
    @Test
    void interruptedCheck_givesUnknown_neverLinearizable() {
        CountDownLatch release = new CountDownLatch(1);
        History twoKeys = HistoryReader.read("""
                [{:process 0 :type :invoke :f :write :key "a" :value 1}
                 {:process 1 :type :invoke :f :write :key "b" :value 1}
                 {:process 0 :type :ok :f :write :key "a" :value 1}
                 {:process 1 :type :ok :f :write :key "b" :value 1}]""", "two keys",
                HistoryFormat.EDN);
        Thread.currentThread().interrupt();
        CheckResult result;
        try {
            result = new LinearizabilityChecker(Budget.defaults(), 2)
                    .check(twoKeys, new StallingModel(release));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt was swallowed");
            release.countDown();
        }
        CheckResult.Unknown unknown = assertInstanceOf(CheckResult.Unknown.class, result);
        assertTrue(unknown.reason().contains("interrupted"), unknown.reason());
    }

    /** One partition per key, whose steps wait (through interrupts) until released. */
    private record StallingModel(CountDownLatch release) implements Model {
        @Override
        public String name() {
            return "stalling";
        }

        @Override
        public Object initialState() {
            return 0L;
        }

        @Override
        public Object step(Object state, Operation op) {
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return op.value();
        }

        @Override
        public boolean isReadOnly(Operation op) {
            return false;
        }

        @Override
        public Object partitionKey(Operation op) {
            return op.key();
        }
    }

    @Test
    void nonsenseBudgets_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Budget(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Budget(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Budget(1, 1, -1));
    }
}
