package io.detsim.check.model;

import io.detsim.check.history.Operation;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key-value store: {@code get}, {@code put}, {@code delete}, {@code cas [old new]} and
 * {@code append} (string concatenation, as in Porcupine's kv histories), each on the op's
 * {@code :key}. Keys are independent, so the model splits per key (P-compositionality) and each
 * key is checked on its own. Every key starts at {@code initialPerKey} ({@code ""} for Porcupine's
 * data, nil for a store that starts empty).
 */
public final class KvModel implements Model {
    private final Object initialPerKey;
    private final boolean nilReadIsUnknown;

    public KvModel(Object initialPerKey, boolean nilReadIsUnknown) {
        this.initialPerKey = Values.canonical(initialPerKey);
        this.nilReadIsUnknown = nilReadIsUnknown;
    }

    @Override
    public String name() {
        return "kv";
    }

    /**
     * The whole store, for checking without splitting: an empty map (absent keys hold the initial
     * value).
     */
    @Override
    public Object initialState() {
        return Collections.emptyMap();
    }

    @Override
    public boolean isReadOnly(Operation op) {
        return op.f().equals("get") || op.f().equals("read");
    }

    @Override
    public Object partitionKey(Operation op) {
        if (op.key() == null) {
            throw new ModelException("a kv op needs a :key (" + op + ")");
        }
        // Key 1N is key 1 (as values are compared), so both land in one partition.
        return Values.canonical(op.key());
    }

    @Override
    public Model forPartition(Object key) {
        return new OneKey(key);
    }

    @Override
    public Object step(Object state, Operation op) {
        @SuppressWarnings("unchecked")
        Map<Object, Object> store = (Map<Object, Object>) state;
        Object key = partitionKey(op);
        Object current = store.containsKey(key) ? store.get(key) : initialPerKey;
        Object next = stepKey(current, op);
        if (next == ILLEGAL || Values.same(next, current)) {
            return next == ILLEGAL ? ILLEGAL : state;
        }
        TreeMap<Object, Object> copy = new TreeMap<>(KvModel::compareKeys);
        copy.putAll(store);
        copy.put(key, next);
        return Collections.unmodifiableMap(copy);
    }

    private Object stepKey(Object current, Operation op) {
        Object value = op.value();
        switch (op.f()) {
            case "get", "read" -> {
                if (value == null && nilReadIsUnknown) {
                    return current;
                }
                return Values.same(current, value) ? current : ILLEGAL;
            }
            case "put", "write" -> {
                return Values.canonical(value);
            }
            case "append" -> {
                String base = current == null ? "" : String.valueOf(current);
                return base + (value == null ? "" : String.valueOf(value));
            }
            case "delete" -> {
                return initialPerKey;
            }
            case "cas" -> {
                List<?> pair = Values.pair(value, "cas " + op);
                return Values.same(current, pair.get(0)) ? Values.canonical(pair.get(1)) : ILLEGAL;
            }
            default -> throw new ModelException("kv has no function '" + op.f() + "' (" + op + ")");
        }
    }

    /** By text, then by type, so that key "1" and key 1 (or ":a" and :a) stay apart. */
    private static int compareKeys(Object a, Object b) {
        int byText = String.valueOf(a).compareTo(String.valueOf(b));
        if (byText != 0) {
            return byText;
        }
        String typeA = a == null ? "" : a.getClass().getName();
        String typeB = b == null ? "" : b.getClass().getName();
        return typeA.compareTo(typeB);
    }

    /** One key of the store, for per-key checking. */
    private final class OneKey implements Model {
        private final Object key;

        OneKey(Object key) {
            this.key = key;
        }

        @Override
        public String name() {
            return "kv[" + io.detsim.check.edn.EdnWriter.write(key) + "]";
        }

        @Override
        public Object initialState() {
            return initialPerKey;
        }

        @Override
        public Object step(Object state, Operation op) {
            return stepKey(state, op);
        }

        @Override
        public boolean isReadOnly(Operation op) {
            return KvModel.this.isReadOnly(op);
        }
    }
}
