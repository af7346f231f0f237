/**
 * The Raft KV under test: a sans-IO Raft core (to come), its segmented log and hard-state storage
 * ({@code io.detsim.raft.storage}), the KV state machine with client sessions, the simulated client
 * library and the planted bugs (to come).
 * May depend only on sim-core's seam (and randomness); never on the simulator's internals, never on
 * the wall clock, threads or unseeded randomness.
 */
package io.detsim.raft;
