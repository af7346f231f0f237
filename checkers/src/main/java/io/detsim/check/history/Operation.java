package io.detsim.check.history;

import io.detsim.check.edn.EdnWriter;

/**
 * An invocation paired with its completion, with Knossos's semantics already applied: the value is
 * the completion's for {@code ok} (so a read invoked with nil carries what it read), the
 * invocation's for {@code info}; failed operations never become Operations.
 *
 * @param id position among the history's operations, from 0
 * @param process the client process
 * @param f the function
 * @param key the key, or null
 * @param value the effective value (see above)
 * @param completed true for ok; false for info (or a missing completion): outcome unknown
 * @param invokeIndex the history index of the invocation
 * @param completeIndex the history index of the completion; for an unknown outcome, the
 *     history's length
 * @param invokeTimeNanos invocation time, or {@link Op#TIME_UNKNOWN}
 * @param completeTimeNanos completion time, or {@link Op#TIME_UNKNOWN}
 */
public record Operation(int id, long process, String f, Object key, Object value, boolean completed,
        long invokeIndex, long completeIndex, long invokeTimeNanos, long completeTimeNanos) {

    /** True when the outcome is unknown (an {@code info} completion or none at all). */
    public boolean crashed() {
        return !completed;
    }

    public Operation withId(int newId) {
        return new Operation(newId, process, f, key, value, completed, invokeIndex, completeIndex,
                invokeTimeNanos, completeTimeNanos);
    }

    @Override
    public String toString() {
        String keyText = key == null ? "" : " " + EdnWriter.write(key);
        String span = completed ? String.valueOf(completeIndex) : "end";
        return "process " + process + " " + f + keyText + " " + EdnWriter.write(value)
                + (completed ? "" : " (unknown outcome)") + " [history " + invokeIndex + ".."
                        + span + "]";
    }
}
