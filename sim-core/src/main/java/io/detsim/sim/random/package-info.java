/**
 * Seeded randomness: SplitMix64 streams forked from the root seed by name, so that adding a
 * consumer shifts nobody else's numbers. Depends on nothing; never on java.util.Random.
 */
package io.detsim.sim.random;
