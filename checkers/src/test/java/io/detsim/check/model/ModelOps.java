package io.detsim.check.model;

import io.detsim.check.edn.EdnReader;
import io.detsim.check.history.Op;
import io.detsim.check.history.Operation;

/** Completed operations for stepping models directly; values are given as EDN text. */
final class ModelOps {
    private ModelOps() {}

    /** An ok operation {@code f} with {@code valueEdn} (e.g. "3", "[1 2]", "nil"). */
    static Operation op(String f, String valueEdn) {
        return op(f, null, EdnReader.readOne(valueEdn));
    }

    /** An ok operation on {@code key}. */
    static Operation op(String f, Object key, Object value) {
        return new Operation(0, 0, f, key, value, true, 0, 1, Op.TIME_UNKNOWN, Op.TIME_UNKNOWN);
    }

    /** Steps {@code model} through {@code ops} from its initial state; ILLEGAL stops it. */
    static Object run(Model model, Operation... ops) {
        Object state = model.initialState();
        for (Operation op : ops) {
            state = model.step(state, op);
            if (state == Model.ILLEGAL) {
                return state;
            }
        }
        return state;
    }
}
