package io.detsim.check.linear;

import io.detsim.check.history.Operation;
import java.util.List;

/** A linearizability verdict: decided either way, or honestly unknown. Never a guess. */
public sealed interface CheckResult {

    /**
     * Every operation could be ordered consistently with real time and the model.
     *
     * @param operationCount the history's operations (failed ones excluded)
     * @param partitionCount the partitions checked (1 when the model does not split)
     * @param witnesses the order found for each partition (see {@link PartitionWitness} for which
     *     operations it holds), one per partition, sorted by the partition key's EDN text; empty
     *     when the deciding checker gives no order (the Clojure interop checker)
     */
    record Linearizable(int operationCount, int partitionCount, List<PartitionWitness> witnesses)
            implements CheckResult {
        public Linearizable {
            witnesses = List.copyOf(witnesses);
        }

        /** A verdict without witnesses, from a checker that does not report its order. */
        public Linearizable(int operationCount, int partitionCount) {
            this(operationCount, partitionCount, List.of());
        }

        /** Short: the witnesses hold every operation, too many for a log line. */
        @Override
        public String toString() {
            return "Linearizable[operationCount=" + operationCount + ", partitionCount="
                    + partitionCount + ", witnesses=" + witnesses.size() + "]";
        }
    }

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
     * @param prefixSteps {@code longestPrefix} with the model state around each operation: the
     *     last step's {@code stateAfter} is {@code stateAfterPrefix}; empty when the prefix is, or
     *     when the deciding checker gives no prefix (the Clojure interop checker)
     */
    record Counterexample(Object partition, String model, Operation firstUnlinearizable,
            List<Operation> longestPrefix, String stateAfterPrefix, List<Operation> minimal,
            boolean minimalComplete, List<LinearizedStep> prefixSteps) {
        public Counterexample {
            prefixSteps = List.copyOf(prefixSteps);
        }

        /** A counterexample without prefix states, from a checker that does not report them. */
        public Counterexample(Object partition, String model, Operation firstUnlinearizable,
                List<Operation> longestPrefix, String stateAfterPrefix, List<Operation> minimal,
                boolean minimalComplete) {
            this(partition, model, firstUnlinearizable, longestPrefix, stateAfterPrefix, minimal,
                    minimalComplete, List.of());
        }
    }
}
