package io.detsim.raft.core;

/** A server's role (§5.1, plus the pre-vote phase of §9.6). */
public enum Role { FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER }
