package io.detsim.check.linear;

import io.detsim.check.history.Operation;
import io.detsim.check.model.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Model states interned to ints, with transitions memoized: the search then compares and hashes
 * ints, and calls the model once per distinct (state, operation) pair.
 */
final class StateTable {
    static final int ILLEGAL = -1;

    private final Model model;
    private final Operation[] ops;
    private final Map<Object, Integer> ids = new HashMap<>();
    private final List<Object> states = new ArrayList<>();
    /** Open addressing: key = state << 32 | op, stored + 1 so that 0 marks an empty slot. */
    private long[] keys = new long[1 << 10];
    private int[] values = new int[1 << 10];
    private int size;

    StateTable(Model model, Operation[] ops) {
        this.model = model;
        this.ops = ops;
    }

    int intern(Object state) {
        Integer id = ids.get(state);
        if (id != null) {
            return id;
        }
        int next = states.size();
        ids.put(state, next);
        states.add(state);
        return next;
    }

    Object state(int id) {
        return states.get(id);
    }

    int stateCount() {
        return states.size();
    }

    /** The state after op {@code opId} in state {@code stateId}, or {@link #ILLEGAL}. */
    int step(int stateId, int opId) {
        long key = (((long) stateId << 32) | opId) + 1;
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        Object next = model.step(states.get(stateId), ops[opId]);
        int result = next == Model.ILLEGAL ? ILLEGAL : intern(next);
        keys[slot] = key;
        values[slot] = result;
        if (++size * 2 > keys.length) {
            grow();
        }
        return result;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = (int) (mix(oldKeys[i]) & mask);
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
