package io.detsim.check.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.generate.ModelKind;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryFormat;
import io.detsim.check.history.HistoryReader;
import io.detsim.check.history.Operation;
import io.detsim.check.model.Model;
import io.detsim.check.model.Models;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The witnesses on hand-made histories whose linearization is known: which order, which states,
 * which operations are left out, and how partitions are listed.
 */
class LinearizationWitnessTest {
    private static final LinearizabilityChecker CHECKER = new LinearizabilityChecker(
            Budget.defaults());
    private static final Model REGISTER = ModelKind.REGISTER.model();

    static History history(String... ops) {
        return HistoryReader.read("[" + String.join("\n", ops) + "]", "hand-made",
                HistoryFormat.EDN);
    }

    static CheckResult.Linearizable linearizable(History history, Model model) {
        CheckResult result = CHECKER.check(history, model);
        CheckResult.Linearizable ok = assertInstanceOf(CheckResult.Linearizable.class, result);
        WitnessValidator.assertValid(ok, history.operations(), model, "witness");
        return ok;
    }

    /** The only witness of a model that does not split. */
    private static List<LinearizedStep> onlySteps(CheckResult.Linearizable ok) {
        assertEquals(1, ok.witnesses().size());
        assertEquals(null, ok.witnesses().get(0).partition());
        return ok.witnesses().get(0).steps();
    }

    @Test
    void concurrentWriteIsPlacedBeforeTheReadThatSawIt() {
        History history = history("{:process 0 :type :invoke :f :read}",
                "{:process 1 :type :invoke :f :write :value 1}",
                "{:process 0 :type :ok :f :read :value 1}",
                "{:process 1 :type :ok :f :write :value 1}");
        List<Operation> ops = history.operations();
        CheckResult.Linearizable ok = linearizable(history, REGISTER);
        assertEquals("register", ok.witnesses().get(0).model());
        assertEquals(List.of(new LinearizedStep(ops.get(1), "0", "1"),
                new LinearizedStep(ops.get(0), "1", "1")), onlySteps(ok));
    }

    @Test
    void crashedWriteAppearsWhereItExplainsARead() {
        History history = history("{:process 1 :type :invoke :f :write :value 1}",
                "{:process 1 :type :info :f :write :value 1}",
                "{:process 0 :type :invoke :f :read}",
                "{:process 0 :type :ok :f :read :value 0}",
                "{:process 2 :type :invoke :f :read}",
                "{:process 2 :type :ok :f :read :value 1}");
        List<Operation> ops = history.operations();
        assertEquals(List.of(new LinearizedStep(ops.get(1), "0", "0"),
                new LinearizedStep(ops.get(0), "0", "1"),
                new LinearizedStep(ops.get(2), "1", "1")),
                onlySteps(linearizable(history, REGISTER)));
    }

    /** It may never have happened, and nothing needs it: the witness leaves it out. */
    @Test
    void crashedWriteNothingNeedsIsAbsent() {
        History history = history("{:process 1 :type :invoke :f :write :value 2}",
                "{:process 1 :type :info :f :write :value 2}",
                "{:process 0 :type :invoke :f :read}",
                "{:process 0 :type :ok :f :read :value 0}");
        assertEquals(List.of(new LinearizedStep(history.operations().get(1), "0", "0")),
                onlySteps(linearizable(history, REGISTER)));
    }

    /** The search's fast path (nothing completed) still gives a witness: an empty one. */
    @Test
    void onlyCrashedOperationsGiveAnEmptyWitness() {
        History history = history("{:process 1 :type :invoke :f :write :value 2}",
                "{:process 1 :type :info :f :write :value 2}");
        assertEquals(List.of(), onlySteps(linearizable(history, REGISTER)));
    }

    @Test
    void emptyHistoryHasOneEmptyWitness() {
        CheckResult.Linearizable ok = linearizable(history(), REGISTER);
        assertEquals(0, ok.operationCount());
        assertEquals(List.of(new PartitionWitness(null, "register", List.of())), ok.witnesses());
    }

    @Test
    void statesAreTheModelsOwnDescriptions() {
        History history = history("{:process 0 :type :invoke :f :acquire}",
                "{:process 0 :type :ok :f :acquire}",
                "{:process 0 :type :invoke :f :release}",
                "{:process 0 :type :ok :f :release}");
        List<Operation> ops = history.operations();
        assertEquals(List.of(new LinearizedStep(ops.get(0), "unlocked", "locked"),
                new LinearizedStep(ops.get(1), "locked", "unlocked")),
                onlySteps(linearizable(history, Models.create("mutex", null, true))));
    }

    /**
     * One witness per key, sorted by the key's EDN text whatever the history order; a key with
     * only a crashed read constrains nothing and is not a partition.
     */
    @Test
    void kvHasOneWitnessPerKeySortedByKey() {
        History history = history("{:process 0 :type :invoke :f :put :key \"b\" :value \"x\"}",
                "{:process 0 :type :ok :f :put :key \"b\" :value \"x\"}",
                "{:process 1 :type :invoke :f :get :key \"c\"}",
                "{:process 1 :type :info :f :get :key \"c\"}",
                "{:process 2 :type :invoke :f :append :key \"a\" :value \"y\"}",
                "{:process 2 :type :ok :f :append :key \"a\" :value \"y\"}",
                "{:process 0 :type :invoke :f :get :key \"b\"}",
                "{:process 0 :type :ok :f :get :key \"b\" :value \"x\"}");
        List<Operation> ops = history.operations();
        CheckResult.Linearizable ok = linearizable(history, ModelKind.KV.model());
        assertEquals(2, ok.partitionCount());
        assertEquals(List.of(
                new PartitionWitness("a", "kv[\"a\"]",
                        List.of(new LinearizedStep(ops.get(2), "\"\"", "\"y\""))),
                new PartitionWitness("b", "kv[\"b\"]",
                        List.of(new LinearizedStep(ops.get(0), "\"\"", "\"x\""),
                                new LinearizedStep(ops.get(3), "\"x\"", "\"x\"")))),
                ok.witnesses());
    }

    @Test
    void counterexamplePrefixCarriesItsStates() {
        History history = history("{:process 0 :type :invoke :f :write :value 1}",
                "{:process 0 :type :ok :f :write :value 1}",
                "{:process 1 :type :invoke :f :read}",
                "{:process 1 :type :ok :f :read :value 2}");
        CheckResult.NotLinearizable bad = assertInstanceOf(CheckResult.NotLinearizable.class,
                CHECKER.check(history, REGISTER));
        CheckResult.Counterexample counterexample = bad.counterexample();
        assertEquals(List.of(new LinearizedStep(history.operations().get(0), "0", "1")),
                counterexample.prefixSteps());
        assertEquals("1", counterexample.stateAfterPrefix());
        WitnessValidator.assertValidPrefix(counterexample, history.operations(), REGISTER,
                "prefix");
    }

    /** A verdict is logged whole; the witnesses would swamp the line. */
    @Test
    void linearizableToStringLeavesTheWitnessesOut() {
        CheckResult.Linearizable ok = linearizable(history(
                "{:process 0 :type :invoke :f :write :value 1}",
                "{:process 0 :type :ok :f :write :value 1}"), REGISTER);
        assertEquals("Linearizable[operationCount=1, partitionCount=1, witnesses=1]",
                ok.toString());
    }

    /** Results built without states (as the Clojure checker's) have none, never null. */
    @Test
    void shortConstructorsGiveEmptyWitnessesAndPrefixSteps() {
        assertEquals(List.of(), new CheckResult.Linearizable(3, 1).witnesses());
        CheckResult.Counterexample bare = new CheckResult.Counterexample(null, "register", null,
                List.of(), "", List.of(), false);
        assertTrue(bare.prefixSteps().isEmpty());
    }
}
