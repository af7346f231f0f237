/**
 * The discrete-event scheduler: virtual time in nanoseconds, events ordered by (time, sequence),
 * optional seeded perturbation of same-time events. Depends only on random; knows nothing of nodes.
 */
package io.detsim.sim.sched;
