package io.detsim.check.model;

import io.detsim.check.edn.Keyword;
import io.detsim.check.history.Operation;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Several registers read and written together in transactions: {@code :f :txn} with a value such
 * as {@code [[:read :x 1] [:write :y 2]]}, applied in order, all or nothing. A read of nil
 * constrains nothing (the invocation's placeholder, left by a crashed transaction).
 */
public final class MultiRegisterModel implements Model {
    private final Map<Object, Object> initial;

    public MultiRegisterModel(Map<?, ?> initial) {
        TreeMap<Object, Object> sorted = new TreeMap<>(MultiRegisterModel::compareKeys);
        initial.forEach((k, v) -> sorted.put(k, Values.canonical(v)));
        this.initial = Collections.unmodifiableMap(sorted);
    }

    @Override
    public String name() {
        return "multi-register";
    }

    @Override
    public Object initialState() {
        return initial;
    }

    @Override
    public boolean isReadOnly(Operation op) {
        for (Object micro : microOps(op)) {
            if (!isRead((List<?>) micro)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Object step(Object state, Operation op) {
        @SuppressWarnings("unchecked")
        Map<Object, Object> registers = (Map<Object, Object>) state;
        TreeMap<Object, Object> next = null;
        for (Object item : microOps(op)) {
            List<?> micro = (List<?>) item;
            Map<Object, Object> current = next == null ? registers : next;
            if (isRead(micro)) {
                if (micro.get(2) != null && !Values.same(current.get(micro.get(1)), micro.get(2))) {
                    return ILLEGAL;
                }
            } else {
                if (next == null) {
                    next = new TreeMap<>(MultiRegisterModel::compareKeys);
                    next.putAll(registers);
                }
                next.put(micro.get(1), Values.canonical(micro.get(2)));
            }
        }
        return next == null ? registers : Collections.unmodifiableMap(next);
    }

    private static List<?> microOps(Operation op) {
        if (!op.f().equals("txn")) {
            throw new ModelException("multi-register has no function '" + op.f() + "' (" + op
                    + ")");
        }
        if (!(op.value() instanceof List<?> list)) {
            throw new ModelException("a txn value must be a vector of [f k v] (" + op + ")");
        }
        for (Object micro : list) {
            if (!(micro instanceof List<?> m) || m.size() != 3 || !(m.get(0) instanceof Keyword f)
                    || !(f.name().equals("read") || f.name().equals("write"))) {
                throw new ModelException("a txn step must be [:read k v] or [:write k v] (" + op
                        + ")");
            }
        }
        return list;
    }

    private static boolean isRead(List<?> micro) {
        return ((Keyword) micro.get(0)).name().equals("read");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Object a, Object b) {
        if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }
}
