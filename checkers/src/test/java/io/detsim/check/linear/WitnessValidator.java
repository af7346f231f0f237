package io.detsim.check.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.detsim.check.edn.EdnWriter;
import io.detsim.check.history.Operation;
import io.detsim.check.model.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges the checker's witnesses from the definition, without its search: a witness must replay
 * legally through the partition's model from its initial state with the states it shows, place
 * every completed operation of its partition exactly once and nothing twice, and respect real time
 * (an operation that completed before another was invoked comes first). A counterexample's prefix
 * must do the same except that it may stop early, though never skip an operation that completed
 * before one it places was invoked.
 *
 * <p>Checks return the problems found, empty when there are none, so that tests can show the
 * validator rejecting a witness known to be wrong.
 */
public final class WitnessValidator {
    private WitnessValidator() {}

    /** Fails listing the problems of a linearizable verdict's witnesses, if any. */
    public static void assertValid(CheckResult.Linearizable result, List<Operation> operations,
            Model model, String context) {
        assertEquals(List.of(), problems(result, operations, model), context);
    }

    /** Fails listing the problems of a counterexample's prefix states, if any. */
    public static void assertValidPrefix(CheckResult.Counterexample counterexample,
            List<Operation> operations, Model model, String context) {
        assertEquals(List.of(), prefixProblems(counterexample, operations, model), context);
    }

    /**
     * The problems of {@code result}'s witnesses for a history of {@code operations} checked
     * against {@code model}: one witness per partition, sorted by the key's EDN text, each a valid
     * linearization of its partition.
     */
    public static List<String> problems(CheckResult.Linearizable result,
            List<Operation> operations, Model model) {
        List<String> problems = new ArrayList<>();
        Map<Object, List<Operation>> partitions = partitions(operations, model);
        List<PartitionWitness> witnesses = result.witnesses();
        if (witnesses.size() != result.partitionCount()) {
            problems.add(witnesses.size() + " witnesses for " + result.partitionCount()
                    + " partitions");
        }
        List<Object> keys = new ArrayList<>();
        for (PartitionWitness witness : witnesses) {
            keys.add(witness.partition());
        }
        List<Object> expectedKeys = new ArrayList<>(partitions.keySet());
        expectedKeys.sort((a, b) -> EdnWriter.write(a).compareTo(EdnWriter.write(b)));
        if (!keys.equals(expectedKeys)) {
            problems.add("witnessed partitions " + keys + ", expected " + expectedKeys
                    + " (every partition with an op that constrains anything, sorted by EDN)");
        }
        for (PartitionWitness witness : witnesses) {
            List<Operation> ops = partitions.get(witness.partition());
            if (ops == null) {
                continue;
            }
            Model partitionModel = modelFor(witness.partition(), model);
            if (!witness.model().equals(partitionModel.name())) {
                problems.add("partition " + witness.partition() + " names model "
                        + witness.model() + ", expected " + partitionModel.name());
            }
            for (String problem : stepProblems(witness.steps(), ops, partitionModel, true)) {
                problems.add("partition " + witness.partition() + ": " + problem);
            }
        }
        return problems;
    }

    /**
     * The problems of a counterexample's {@code prefixSteps}: a valid start of a linearization of
     * its partition, the same operations as {@code longestPrefix}, ending in
     * {@code stateAfterPrefix}.
     */
    public static List<String> prefixProblems(CheckResult.Counterexample counterexample,
            List<Operation> operations, Model model) {
        Object partition = counterexample.partition();
        Model partitionModel = modelFor(partition, model);
        List<Operation> ops = partitions(operations, model).getOrDefault(partition, List.of());
        List<LinearizedStep> steps = counterexample.prefixSteps();
        List<String> problems = new ArrayList<>(stepProblems(steps, ops, partitionModel, false));
        List<Operation> stepOps = new ArrayList<>();
        for (LinearizedStep step : steps) {
            stepOps.add(step.op());
        }
        if (!stepOps.equals(counterexample.longestPrefix())) {
            problems.add("prefix steps " + stepOps + " are not the longest prefix "
                    + counterexample.longestPrefix());
        }
        String finalState = steps.isEmpty()
                ? partitionModel.describe(partitionModel.initialState())
                : steps.get(steps.size() - 1).stateAfter();
        if (!finalState.equals(counterexample.stateAfterPrefix())) {
            problems.add("prefix ends in " + finalState + ", but stateAfterPrefix is "
                    + counterexample.stateAfterPrefix());
        }
        return problems;
    }

    /**
     * The problems of {@code steps} as a linearization of {@code ops} under {@code model}: all of
     * it when {@code complete}, else a prefix of one.
     */
    static List<String> stepProblems(List<LinearizedStep> steps, List<Operation> ops, Model model,
            boolean complete) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Operation> byId = new HashMap<>();
        for (Operation op : ops) {
            byId.put(op.id(), op);
        }
        Set<Integer> placed = new HashSet<>();
        Object state = model.initialState();
        // The latest invocation among the operations placed so far: whatever completed before it
        // must already have been placed.
        long invokeIndexMax = -1;
        Operation latestInvoked = null;
        for (int i = 0; i < steps.size(); i++) {
            LinearizedStep step = steps.get(i);
            Operation op = step.op();
            String at = "step " + i + " (" + op + ")";
            if (!op.equals(byId.get(op.id()))) {
                problems.add(at + " is not an operation of this partition");
            }
            if (!placed.add(op.id())) {
                problems.add(at + " appears twice");
            }
            if (op.completed() && op.completeIndex() < invokeIndexMax) {
                problems.add(at + " completed before " + latestInvoked
                        + " was invoked, but comes after it");
            }
            if (op.invokeIndex() > invokeIndexMax) {
                invokeIndexMax = op.invokeIndex();
                latestInvoked = op;
            }
            if (!model.describe(state).equals(step.stateBefore())) {
                problems.add(at + " shows state before " + step.stateBefore() + ", replay has "
                        + model.describe(state));
            }
            state = model.step(state, op);
            if (state == Model.ILLEGAL) {
                problems.add(at + " is illegal in the state before it; replay stops");
                return problems;
            }
            if (!model.describe(state).equals(step.stateAfter())) {
                problems.add(at + " shows state after " + step.stateAfter() + ", replay has "
                        + model.describe(state));
            }
        }
        for (Operation op : ops) {
            boolean required = complete || op.completeIndex() < invokeIndexMax;
            if (op.completed() && required && !placed.contains(op.id())) {
                problems.add("completed " + op + " is missing"
                        + (complete ? "" : " though it completed before " + latestInvoked
                                + " was invoked"));
            }
        }
        return problems;
    }

    /**
     * The history's partitions as the model splits it, in history order: only operations that
     * constrain anything count (a crashed read may be dropped), and a history with none is one
     * empty partition.
     */
    private static Map<Object, List<Operation>> partitions(List<Operation> operations,
            Model model) {
        Map<Object, List<Operation>> partitions = new LinkedHashMap<>();
        for (Operation op : operations) {
            Object key = model.partitionKey(op);
            partitions.computeIfAbsent(key, k -> new ArrayList<>());
        }
        Set<Object> constrained = new HashSet<>();
        for (Operation op : operations) {
            if (op.completed() || !model.isReadOnly(op)) {
                constrained.add(model.partitionKey(op));
            }
        }
        partitions.keySet().retainAll(constrained);
        for (Operation op : operations) {
            List<Operation> ops = partitions.get(model.partitionKey(op));
            if (ops != null) {
                ops.add(op);
            }
        }
        if (partitions.isEmpty()) {
            partitions.put(null, List.of());
        }
        return partitions;
    }

    private static Model modelFor(Object partition, Model model) {
        return partition == null ? model : model.forPartition(partition);
    }
}
