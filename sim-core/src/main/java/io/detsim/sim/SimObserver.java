package io.detsim.sim;

import io.detsim.sim.fault.FaultAction;

/**
 * Hears the simulator's own events (faults, node lifecycle, disk faults), for timelines in
 * reports. It must not act on the simulation: it is not part of the trace hash, so a run
 * with an observer and one without run identically.
 */
public interface SimObserver {
    SimObserver NONE = new SimObserver() { };

    /** A fault action was applied (nemesis, script or heal). */
    default void faultApplied(long timeNanos, FaultAction action) {}

    /** {@code node} went down: crashed from outside, or halted itself when {@code halted}. */
    default void nodeStopped(long timeNanos, int node, boolean halted) {}

    /** {@code node} booted its {@code incarnation} (1 at the first start). */
    default void nodeStarted(long timeNanos, int node, int incarnation) {}

    default void nodePaused(long timeNanos, int node) {}

    default void nodeResumed(long timeNanos, int node) {}

    /** A disk fault fired at {@code node} (a bit flip, a latent error, a full disk …). */
    default void diskFault(long timeNanos, int node, String description) {}
}
