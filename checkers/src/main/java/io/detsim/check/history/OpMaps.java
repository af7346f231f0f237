package io.detsim.check.history;

import io.detsim.check.edn.Keyword;
import java.util.Map;

/**
 * Turns an EDN op map ({@code {:process 0, :type :invoke, :f :read, :value nil}}) into an {@link
 * Op}.
 */
final class OpMaps {
    static final Keyword PROCESS = Keyword.of("process");
    static final Keyword TYPE = Keyword.of("type");
    static final Keyword F = Keyword.of("f");
    static final Keyword KEY = Keyword.of("key");
    static final Keyword VALUE = Keyword.of("value");
    static final Keyword TIME = Keyword.of("time");

    private OpMaps() {}

    /**
     * The op in {@code form}, or null for an op of a non-client process (Jepsen's {@code
     * :nemesis}),
     * which linearizability does not concern.
     */
    static Op toOp(Object form, long index, String where) {
        if (!(form instanceof Map<?, ?> map)) {
            throw new HistoryException(where + ": expected an op map, found " + describe(form));
        }
        Object process = map.get(PROCESS);
        if (process instanceof Keyword || process instanceof String) {
            return null;
        }
        if (!(process instanceof Long p)) {
            throw new HistoryException(where + ": :process must be an integer, found "
                    + describe(process));
        }
        OpType type = type(map.get(TYPE), where);
        String f = name(map.get(F), where, ":f");
        Object time = map.get(TIME);
        long timeNanos = time instanceof Long t ? t : Op.TIME_UNKNOWN;
        return new Op(index, p, type, f, map.get(KEY), map.get(VALUE), timeNanos);
    }

    static OpType type(Object raw, String where) {
        String name = raw instanceof Keyword k ? k.name() : raw instanceof String s ? s : null;
        OpType type = name == null ? null : OpType.fromJepsenName(name);
        if (type == null) {
            throw new HistoryException(where
                    + ": :type must be :invoke, :ok, :fail or :info, found "
                    + describe(raw));
        }
        return type;
    }

    static String name(Object raw, String where, String field) {
        if (raw instanceof Keyword k) {
            return k.name();
        }
        if (raw instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw new HistoryException(where + ": " + field + " must be a keyword, found "
                + describe(raw));
    }

    static String describe(Object value) {
        return value == null ? "nil" : io.detsim.check.edn.EdnWriter.write(value);
    }
}
