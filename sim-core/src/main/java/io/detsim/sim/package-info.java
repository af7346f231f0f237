/**
 * The simulation: one seeded run of a set of nodes over virtual time, with the faults of a
 * {@link io.detsim.sim.fault.FaultProfile}, invariants checked after every event, and a hashed
 * trace. May depend only on the JDK and Jackson; nothing here may read the wall clock, start
 * threads or draw unseeded randomness (enforced at build time by forbiddenapis).
 */
package io.detsim.sim;
