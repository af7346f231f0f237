/**
 * The trace of a run: every event folded into a running 64-bit hash, optionally recorded, written
 * as JSON lines and diffed to the first differing event. The hash is what determinism checks
 * compare.
 */
package io.detsim.sim.trace;
