/**
 * The replicated state machine: a key-value store applied strictly in log order, with client
 * sessions that make retried commands exactly-once. Pure and deterministic; may depend only on the
 * JDK (and the seam), never on the simulator.
 */
package io.detsim.raft.kv;
