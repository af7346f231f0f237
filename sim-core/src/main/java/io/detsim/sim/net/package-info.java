/**
 * The simulated network: latency, drop, duplication, reordering, partitions of every shape, clogs
 * and bounded links. Decides the fate of messages; the simulation schedules them. No threads, no
 * sockets.
 */
package io.detsim.sim.net;
