package io.detsim.check.linear;

import io.detsim.check.history.Operation;
import java.util.List;

/** A linearizability verdict: decided either way, or honestly unknown. Never a guess. */
public sealed interface CheckResult {

    /** Every operation could be ordered consistently with real time and the model. */
    record Linearizable(int operationCount, int partitionCount) implements CheckResult {}

    /** No such order exists; the counterexample shows where the search ran out of options. */
    record NotLinearizable(Counterexample counterexample) implements CheckResult {}

    /** Undecided within the budget; {@code reason} says which budget ran out. */
    record Unknown(String reason) implements CheckResult {}

    /**
     * Why a history is not linearizable.
     *
     * @param partition the key of the failing partition, or null when the model does not split
     * @param model the failing (partition's) model name
     * @param firstUnlinearizable the operation no explored order could place: at the deepest point
     *     the search reached, the earliest-returning operation still waiting
     * @param longestPrefix the longest sequence of operations the search managed to linearize
     * @param stateAfterPrefix the model state after that prefix
     * @param minimal a smallest sub-history found that is still not linearizable (whole operations
     *     removed while it stays so); empty if shrinking ran out of budget before starting
     * @param minimalComplete whether shrinking finished (false: {@code minimal} may shrink further)
     */
    record Counterexample(Object partition, String model, Operation firstUnlinearizable,
            List<Operation> longestPrefix, String stateAfterPrefix, List<Operation> minimal,
            boolean minimalComplete) {}
}
