package io.detsim.sim.trace;

/**
 * One recorded event. {@code note} is human context (for example a log line or a fault's
 * description); it is not part of the hash, so recording notes never changes a trace hash.
 *
 * @param step the event's position in the trace, from 0
 * @param timeNanos virtual time at which it happened
 * @param kind what happened
 * @param node the node it happened at, or -1
 * @param peer the other node involved (sender, receiver), or -1
 * @param detail a kind-specific number (see {@link TraceKind})
 * @param note optional human context, may be null
 */
public record TraceEvent(long step, long timeNanos, TraceKind kind, int node, int peer, long detail,
        String note) {

    /** True when the hashed parts of two events are equal (steps and notes are ignored). */
    public boolean sameAs(TraceEvent other) {
        return timeNanos == other.timeNanos && kind == other.kind && node == other.node
                && peer == other.peer && detail == other.detail;
    }
}
