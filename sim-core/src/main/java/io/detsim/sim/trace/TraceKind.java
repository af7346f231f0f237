package io.detsim.sim.trace;

/**
 * What a trace event records. The ordinal enters the trace hash, so reordering constants changes
 * every hash (as any change to the simulator's behaviour would): append new kinds at the end.
 */
public enum TraceKind {
    /** A node booted (first start or restart). detail = incarnation. */
    START,
    /** A message left a node. detail = planned delivery time. */
    SEND,
    /** A message reached a node's handler. detail = message digest. */
    DELIVER,
    /**
     * A message was lost: network drop, partition, full link, or a down receiver. detail = reason
     * code.
     */
    DROP,
    /** The network duplicated a message. detail = planned delivery time of the copy. */
    DUPLICATE,
    /** A node's timer fired. detail = digest of the timer's name. */
    TIMER,
    /** A sync completed and its writes became durable. detail = bytes made durable. */
    SYNC,
    /** A nemesis or scripted fault was applied. detail = digest of its description. */
    FAULT,
    /** A node crashed. detail = unsynced writes affected. */
    CRASH,
    /** A paused node resumed. detail = deferred events re-queued. */
    RESUME,
    /**
     * A disk fault fired (bit flip, latent error, misdirected write, disk full). detail = fault
     * code.
     */
    DISK_FAULT,
    /** A user-defined event (demo or test marker). */
    CUSTOM,
    /** A node stopped itself (fail-stop). detail = unsynced writes affected. */
    HALT
}
