/**
 * MicroRaft (io.microraft 0.7, a Raft nobody here wrote) adapted to the seam, so that detsim runs
 * it under the same scenarios, invariants, checkers, campaigns and reports as our own Raft:
 * {@link io.detsim.raft.microraft.MicroRaftServer} is the node, every MicroRaft collaborator
 * (executor, transport, store, state machine, clock, random) is ours and set explicitly.
 * May depend on sim-core's seam, the rest of raft-under-test and MicroRaft; never on the
 * simulator's internals. No thread, wall clock, unseeded randomness or identity hash may reach
 * MicroRaft through it: the only {@code java.time.Clock} and {@code java.util.Random} here are
 * views of the node's clock and random stream.
 */
package io.detsim.raft.microraft;
