package io.detsim.raft.core;

/**
 * What a node reports about itself, for invariants, tests and reports.
 *
 * @param nodeId the node
 * @param role its role
 * @param term its current term
 * @param leader the leader it knows of, or -1
 * @param commitIndex highest index known committed
 * @param appliedIndex highest index applied to the state machine
 * @param lastLogIndex its log's last index (the log length when nothing was purged)
 * @param electionsStarted elections (real, not pre-vote) it started
 * @param messagesSent messages it sent
 * @param catchingUp it lost synced data and abstains from votes until caught up with a leader
 */
public record RaftMetrics(int nodeId, Role role, long term, int leader, long commitIndex,
        long appliedIndex, long lastLogIndex, long electionsStarted, long messagesSent,
        boolean catchingUp) {}
