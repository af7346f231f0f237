package io.detsim.check.model;

import io.detsim.check.history.Operation;

/**
 * A sequential specification: a pure {@code step(state, op)}. States must be immutable values with
 * value equality (the checker interns them), and {@code step} must be deterministic.
 */
public interface Model {
    /** Stands for "this operation cannot happen in this state". */
    Object ILLEGAL = new Object() {
        @Override
        public String toString() {
            return "ILLEGAL";
        }
    };

    String name();

    Object initialState();

    /**
     * The state after {@code op} in {@code state}, or {@link #ILLEGAL} when the op's result
     * contradicts the state (a read of the wrong value, a CAS whose expected value is not there).
     */
    Object step(Object state, Operation op);

    /**
     * True when {@code op} cannot change the state (a read): a crashed read-only op constrains
     * nothing, and the checker drops it.
     */
    boolean isReadOnly(Operation op);

    /**
     * The partition {@code op} belongs to when this model decomposes (P-compositionality: one
     * independent sub-model per key), or null when it does not.
     */
    default Object partitionKey(Operation op) {
        return null;
    }

    /** The model for one partition; called only when {@link #partitionKey} is not null. */
    default Model forPartition(Object key) {
        return this;
    }

    /** The state as EDN-ish text for counterexamples. */
    default String describe(Object state) {
        return io.detsim.check.edn.EdnWriter.write(state);
    }
}
