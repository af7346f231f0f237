package io.detsim.check.linear;

import io.detsim.check.history.History;
import io.detsim.check.history.Operation;
import io.detsim.check.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * An obviously correct, exponentially slow linearizability checker for small histories, to judge
 * the real one by. It follows the definition and nothing else: choose which crashed operations
 * took effect (every subset), then try every total order of the chosen operations that respects
 * real time, replaying each whole order through the model from its initial state. No splitting
 * per key, no dropping of crashed reads, no memo, no pruning.
 */
final class BruteForceChecker {
    /** Past this many operations the enumeration takes too long to be useful. */
    static final int OPERATIONS_MAX = 10;

    private BruteForceChecker() {}

    static boolean isLinearizable(History history, Model model) {
        return isLinearizable(history.operations(), model);
    }

    static boolean isLinearizable(List<Operation> operations, Model model) {
        if (operations.size() > OPERATIONS_MAX) {
            throw new IllegalArgumentException("brute force handles at most " + OPERATIONS_MAX
                    + " operations, got " + operations.size());
        }
        List<Operation> completed = new ArrayList<>();
        List<Operation> crashed = new ArrayList<>();
        for (Operation op : operations) {
            (op.completed() ? completed : crashed).add(op);
        }
        for (int subset = 0; subset < 1 << crashed.size(); subset++) {
            List<Operation> included = new ArrayList<>(completed);
            for (int i = 0; i < crashed.size(); i++) {
                if ((subset & 1 << i) != 0) {
                    included.add(crashed.get(i));
                }
            }
            if (someOrderIsLegal(new ArrayList<>(), included, model)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some real-time-respecting completion of {@code order} by the operations in
     * {@code rest} replays legally.
     */
    private static boolean someOrderIsLegal(List<Operation> order, List<Operation> rest,
            Model model) {
        if (rest.isEmpty()) {
            return replaysLegally(order, model);
        }
        for (Operation candidate : rest) {
            if (!mayGoNext(candidate, rest)) {
                continue;
            }
            List<Operation> longer = new ArrayList<>(order);
            longer.add(candidate);
            List<Operation> shorter = new ArrayList<>(rest);
            shorter.remove(candidate);
            if (someOrderIsLegal(longer, shorter, model)) {
                return true;
            }
        }
        return false;
    }

    /** True when no operation still unplaced had to happen before {@code candidate}. */
    private static boolean mayGoNext(Operation candidate, List<Operation> unplaced) {
        for (Operation other : unplaced) {
            if (mustPrecede(other, candidate)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Real-time order: {@code a} completed before {@code b} was invoked. A crashed operation never
     * completed (its completeIndex is the history's length), so it precedes nothing.
     */
    private static boolean mustPrecede(Operation a, Operation b) {
        return a.completed() && a.completeIndex() < b.invokeIndex();
    }

    private static boolean replaysLegally(List<Operation> order, Model model) {
        Object state = model.initialState();
        for (Operation op : order) {
            state = model.step(state, op);
            if (state == Model.ILLEGAL) {
                return false;
            }
        }
        return true;
    }
}
