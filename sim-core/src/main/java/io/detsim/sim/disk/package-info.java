/**
 * The simulated disk: page cache versus durable image, asynchronous sync, crash semantics (lost,
 * kept or torn unsynced writes) and corruption faults confined to a minority by default. Implements
 * the seam's disk interfaces; never touches real files.
 */
package io.detsim.sim.disk;
