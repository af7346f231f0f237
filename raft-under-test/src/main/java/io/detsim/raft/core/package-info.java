/**
 * The Raft node under test: election with pre-vote and check-quorum, log replication with
 * batching, pipelining and fast backtracking, durable acknowledgements, ReadIndex reads, leader
 * hints and leadership transfer, and the planted bugs. Sans-IO: it talks to the world only
 * through the seam's NodeContext, never the simulator; no wall clock, threads or unseeded
 * randomness.
 */
package io.detsim.raft.core;
