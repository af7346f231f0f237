/**
 * Node clocks: offset, drift and jumps over virtual time, bounded by the profile's skew. Pure
 * arithmetic over virtual time; never reads a real clock.
 */
package io.detsim.sim.clock;
