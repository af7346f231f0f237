/**
 * A small demo cluster used by the tests and by {@code detsim run} until the Raft cluster lands:
 * counters persisted to disk with checksums and gossiped between nodes. Talks to the world only
 * through the seam, like any node code must.
 */
package io.detsim.sim.demo;
