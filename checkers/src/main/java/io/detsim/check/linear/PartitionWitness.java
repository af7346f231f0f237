package io.detsim.check.linear;

import java.util.List;

/**
 * The order in which the checker linearized one partition's operations: the evidence behind a
 * {@link CheckResult.Linearizable} verdict. Replaying {@code steps} through the partition's model
 * from its initial state is legal at every step, every completed (ok) operation of the partition
 * appears exactly once, and whenever an operation completed before another was invoked it comes
 * first.
 *
 * <p>An operation with an unknown outcome (info, or no completion) appears where the search placed
 * it, and is absent when the order found did not place it: it may never have happened. The search
 * never places one that would leave the state unchanged, and crashed reads are dropped before
 * searching, so those are always absent. A partition whose operations all crashed has no steps.
 *
 * @param partition the partition's key, or null when the model does not split
 * @param model the partition's model name (as {@link CheckResult.Counterexample#model()})
 * @param steps the operations in linearization order, with the states around each
 */
public record PartitionWitness(Object partition, String model, List<LinearizedStep> steps) {
    public PartitionWitness {
        steps = List.copyOf(steps);
    }
}
