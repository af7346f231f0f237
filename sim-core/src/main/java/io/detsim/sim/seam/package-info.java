/**
 * The seam: the only interfaces node code (Raft, clients, the demo) may touch — its context,
 * timers, messages, disk files and log. The simulator implements them; a real backend may too.
 * Nothing in here may know that it is simulated.
 */
package io.detsim.sim.seam;
