package io.detsim.sim.seam;

import io.detsim.sim.random.RandomStream;

/**
 * Everything a node may touch: its clock, its timers, the network, its disk, its random streams and
 * its log. Nothing else. The simulator implements it; a real backend can implement it too, which is
 * why node code must never reach around it.
 */
public interface NodeContext {
    /** This node's id, {@code 0 <= nodeId < clusterSize}. */
    int nodeId();

    /** How many nodes the world has; ids are {@code 0 .. clusterSize - 1}. */
    int clusterSize();

    /**
     * Node-local time in nanoseconds: the node's own clock, with its offset, drift and jumps. It
     * may jump backwards when the fault profile allows clock jumps back.
     */
    long nowNanos();

    /**
     * Runs {@code action} after {@code delayNanos} of node-local time (a drifting clock makes
     * timers fire early or late in true time). {@code name} identifies the timer in traces.
     */
    Timer setTimer(String name, long delayNanos, Runnable action);

    /**
     * Sends {@code message} to {@code toNodeId}; the network may delay, drop, duplicate or reorder
     * it.
     */
    void send(int toNodeId, Message message);

    /** This node's disk; it survives crashes with the crash semantics of the fault profile. */
    NodeDisk disk();

    /**
     * A random stream forked from the seed by this node's id and {@code name}; stable across
     * restarts' call order.
     */
    RandomStream random(String name);

    NodeLog log();
}
