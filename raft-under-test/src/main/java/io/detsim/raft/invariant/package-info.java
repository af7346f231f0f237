/**
 * Raft's safety properties, checked from outside the nodes as a run goes: what a test harness or a
 * scenario runner registers with the simulator. Sees the nodes only through {@link
 * io.detsim.raft.core.RaftObserver} and their read-only accessors.
 */
package io.detsim.raft.invariant;
