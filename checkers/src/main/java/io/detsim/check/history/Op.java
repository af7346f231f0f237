package io.detsim.check.history;

/**
 * One history entry: an invocation or a completion.
 *
 * @param index position in the history (Jepsen's {@code :index}), from 0
 * @param process the client process; a process has at most one operation outstanding
 * @param type invoke, ok, fail or info
 * @param f the function, e.g. {@code read}, {@code write}, {@code cas}, {@code get}
 * @param key the key for key-value operations, or null
 * @param value the argument (invoke) or result (completion); EDN data
 * @param timeNanos when it happened, or {@link #TIME_UNKNOWN}
 */
public record Op(long index, long process, OpType type, String f, Object key, Object value,
        long timeNanos) {
    public static final long TIME_UNKNOWN = -1;

    public Op {
        if (type == null) {
            throw new IllegalArgumentException("op " + index + " has no type");
        }
        if (f == null || f.isEmpty()) {
            throw new IllegalArgumentException("op " + index + " has no function (:f)");
        }
    }

    public Op withIndex(long newIndex) {
        return new Op(newIndex, process, type, f, key, value, timeNanos);
    }
}
