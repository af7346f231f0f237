package io.detsim.check.linear;

import static io.detsim.check.linear.LinearizationWitnessTest.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.generate.ModelKind;
import io.detsim.check.history.History;
import io.detsim.check.history.Operation;
import io.detsim.check.model.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The witness validator rejects witnesses known to be wrong, each for its own reason: a validator
 * that accepted anything would let every witness test pass. Each wrong witness is the checker's
 * real (valid) one with one thing broken.
 */
class WitnessValidatorTest {
    private static final Model REGISTER = ModelKind.REGISTER.model();

    /** Two writes of 1 one after the other, then a read of 1: ops w1, w2, r. */
    private static final History SEQUENTIAL = history(
            "{:process 0 :type :invoke :f :write :value 1}",
            "{:process 0 :type :ok :f :write :value 1}",
            "{:process 1 :type :invoke :f :write :value 1}",
            "{:process 1 :type :ok :f :write :value 1}",
            "{:process 2 :type :invoke :f :read}",
            "{:process 2 :type :ok :f :read :value 1}");

    private static final List<Operation> OPS = SEQUENTIAL.operations();

    private static List<String> problems(LinearizedStep... steps) {
        CheckResult.Linearizable wrong = new CheckResult.Linearizable(OPS.size(), 1,
                List.of(new PartitionWitness(null, "register", List.of(steps))));
        return WitnessValidator.problems(wrong, OPS, REGISTER);
    }

    private static void assertRejected(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing '" + expected + "', got " + problems);
    }

    private static LinearizedStep step(int op, String before, String after) {
        return new LinearizedStep(OPS.get(op), before, after);
    }

    @Test
    void theCheckersOwnWitnessIsValid() {
        CheckResult.Linearizable ok = LinearizationWitnessTest.linearizable(SEQUENTIAL, REGISTER);
        assertEquals(List.of(step(0, "0", "1"), step(1, "1", "1"), step(2, "1", "1")),
                ok.witnesses().get(0).steps());
        assertEquals(List.of(), problems(step(0, "0", "1"), step(1, "1", "1"),
                step(2, "1", "1")));
    }

    /** Legal for the model (both write 1), but w1 completed before w2 was invoked. */
    @Test
    void rejectsAnOrderAgainstRealTime() {
        List<String> problems = problems(step(1, "0", "1"), step(0, "1", "1"), step(2, "1", "1"));
        assertRejected(problems, "step 1 (" + OPS.get(0) + ") completed before " + OPS.get(1)
                + " was invoked");
        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void rejectsAMissingCompletedOperation() {
        List<String> problems = problems(step(0, "0", "1"), step(1, "1", "1"));
        assertRejected(problems, "completed " + OPS.get(2) + " is missing");
        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void rejectsAnOperationPlacedTwice() {
        List<String> problems = problems(step(0, "0", "1"), step(1, "1", "1"), step(1, "1", "1"),
                step(2, "1", "1"));
        assertRejected(problems, "step 2 (" + OPS.get(1) + ") appears twice");
    }

    @Test
    void rejectsAWrongState() {
        assertRejected(problems(step(0, "0", "2"), step(1, "1", "1"), step(2, "1", "1")),
                "step 0 (" + OPS.get(0) + ") shows state after 2, replay has 1");
        assertRejected(problems(step(0, "nil", "1"), step(1, "1", "1"), step(2, "1", "1")),
                "shows state before nil, replay has 0");
    }

    /** Concurrent read and write, so only the model rules out reading before the write. */
    @Test
    void rejectsAnIllegalStep() {
        History concurrent = history("{:process 0 :type :invoke :f :read}",
                "{:process 1 :type :invoke :f :write :value 1}",
                "{:process 0 :type :ok :f :read :value 1}",
                "{:process 1 :type :ok :f :write :value 1}");
        List<Operation> ops = concurrent.operations();
        CheckResult.Linearizable wrong = new CheckResult.Linearizable(2, 1,
                List.of(new PartitionWitness(null, "register", List.of(
                        new LinearizedStep(ops.get(0), "0", "1"),
                        new LinearizedStep(ops.get(1), "1", "1")))));
        List<String> problems = WitnessValidator.problems(wrong, ops, REGISTER);
        assertRejected(problems, "step 0 (" + ops.get(0) + ") is illegal");
        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void rejectsAnOperationFromElsewhere() {
        Operation stranger = OPS.get(2).withId(7);
        List<String> problems = problems(step(0, "0", "1"), step(1, "1", "1"),
                new LinearizedStep(stranger, "1", "1"));
        assertRejected(problems, "(" + stranger + ") is not an operation of this partition");
    }

    @Test
    void rejectsMissingOrMisorderedPartitionsAndWrongModelNames() {
        History twoKeys = history("{:process 0 :type :invoke :f :put :key \"b\" :value \"x\"}",
                "{:process 0 :type :ok :f :put :key \"b\" :value \"x\"}",
                "{:process 1 :type :invoke :f :put :key \"a\" :value \"y\"}",
                "{:process 1 :type :ok :f :put :key \"a\" :value \"y\"}");
        Model kv = ModelKind.KV.model();
        CheckResult.Linearizable ok = LinearizationWitnessTest.linearizable(twoKeys, kv);
        List<PartitionWitness> witnesses = ok.witnesses();
        assertEquals(List.of("a", "b"), witnesses.stream().map(PartitionWitness::partition)
                .toList());

        List<PartitionWitness> reversed = new ArrayList<>(witnesses.reversed());
        assertRejected(WitnessValidator.problems(new CheckResult.Linearizable(2, 2, reversed),
                twoKeys.operations(), kv), "witnessed partitions [b, a], expected [a, b]");

        List<String> problems = WitnessValidator.problems(new CheckResult.Linearizable(2, 2,
                witnesses.subList(0, 1)), twoKeys.operations(), kv);
        assertRejected(problems, "1 witnesses for 2 partitions");
        assertRejected(problems, "witnessed partitions [a], expected [a, b]");

        PartitionWitness misnamed = new PartitionWitness("a", "kv", witnesses.get(0).steps());
        assertRejected(WitnessValidator.problems(new CheckResult.Linearizable(2, 2,
                List.of(misnamed, witnesses.get(1))), twoKeys.operations(), kv),
                "names model kv, expected kv[\"a\"]");
    }

    /** A prefix may stop early but never skip what completed before something it places. */
    @Test
    void rejectsAPrefixThatSkipsAnEarlierOperationOrEndsElsewhere() {
        CheckResult.Counterexample skipping = new CheckResult.Counterexample(null, "register",
                OPS.get(2), List.of(OPS.get(1)), "1", List.of(), true,
                List.of(step(1, "0", "1")));
        List<String> problems = WitnessValidator.prefixProblems(skipping, OPS, REGISTER);
        assertRejected(problems, "completed " + OPS.get(0) + " is missing though it completed"
                + " before " + OPS.get(1) + " was invoked");
        assertEquals(1, problems.size(), problems.toString());

        CheckResult.Counterexample elsewhere = new CheckResult.Counterexample(null, "register",
                OPS.get(2), List.of(OPS.get(0)), "2", List.of(), true,
                List.of(step(0, "0", "1")));
        assertRejected(WitnessValidator.prefixProblems(elsewhere, OPS, REGISTER),
                "prefix ends in 1, but stateAfterPrefix is 2");

        CheckResult.Counterexample mismatched = new CheckResult.Counterexample(null, "register",
                OPS.get(2), List.of(OPS.get(1)), "1", List.of(), true,
                List.of(step(0, "0", "1")));
        assertRejected(WitnessValidator.prefixProblems(mismatched, OPS, REGISTER),
                "are not the longest prefix");
    }
}
