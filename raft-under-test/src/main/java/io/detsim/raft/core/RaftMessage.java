package io.detsim.raft.core;

import io.detsim.raft.kv.ClientRequest;
import io.detsim.raft.kv.KvResult;
import io.detsim.raft.storage.LogEntry;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.Message;
import java.util.List;

/**
 * Everything Raft nodes and their clients say to each other: immutable records, so that every
 * {@code switch} over them is exhaustive. Digests cover the content, so a nondeterministic payload
 * shows up in the trace hash.
 */
public sealed interface RaftMessage extends Message {
    /** The sender's term, or 0 for client traffic. */
    long term();

    private static long mix(long h, long value) {
        return RandomStream.mix64(h ^ value);
    }

    /**
     * §5.2 RequestVote; with {@code preVote} (§9.6) it asks "would you vote?" without a term bump.
     */
    record VoteRequest(long term, int candidate, long lastLogIndex, long lastLogTerm,
            boolean preVote,
            boolean transfer) implements RaftMessage {
        @Override
        public long digest() {
            return mix(mix(mix(mix(0x501, term), candidate), lastLogIndex),
                    lastLogTerm * 4 + (preVote ? 2 : 0) + (transfer ? 1 : 0));
        }
    }

    record VoteResponse(long term, boolean granted, boolean preVote) implements RaftMessage {
        @Override
        public long digest() {
            return mix(mix(0x502, term), (granted ? 2 : 0) + (preVote ? 1 : 0));
        }
    }

    /**
     * §5.3 AppendEntries; empty {@code entries} is a heartbeat. {@code round} numbers heartbeats
     * for ReadIndex. {@code leaderLastIndex} tells a follower that lost data how far it must catch
     * up before it may vote again.
     */
    record AppendRequest(long term, int leader, long prevLogIndex, long prevLogTerm,
            List<LogEntry> entries, long leaderCommit, long round, long leaderLastIndex)
            implements RaftMessage {
        public AppendRequest {
            entries = List.copyOf(entries);
        }

        @Override
        public long digest() {
            long h = mix(mix(mix(mix(mix(0x503, term), leader), prevLogIndex), prevLogTerm),
                    leaderCommit);
            for (LogEntry e : entries) {
                h = mix(mix(h, e.term()), e.index());
            }
            return mix(mix(h, round), leaderLastIndex);
        }
    }

    /**
     * @param matchIndex on success, the last index now durable and matching the leader's log
     * @param conflictIndex on failure, where the leader should retry from (fast backtracking)
     */
    record AppendResponse(long term, boolean success, long matchIndex, long conflictIndex,
            long round)
            implements RaftMessage {
        @Override
        public long digest() {
            return mix(mix(mix(mix(mix(0x504, term), success ? 1 : 0), matchIndex), conflictIndex),
                    round);
        }
    }

    /** Leadership transfer: "start an election now" (§3.10 of Ongaro's thesis). */
    record TimeoutNow(long term) implements RaftMessage {
        @Override
        public long digest() {
            return mix(0x505, term);
        }
    }

    /** A client's command, to be replicated and applied. */
    record ClientCommand(ClientRequest request) implements RaftMessage {
        @Override
        public long term() {
            return 0;
        }

        @Override
        public long digest() {
            return mix(mix(0x506, request.clientId()), request.sequence());
        }
    }

    /**
     * A client's read: linearizable through ReadIndex, or {@code stale} from the local state, or a
     * {@code lease} read (a leader answering on its lease, trusting clocks; a system without
     * leases may serve it as a linearizable read, as ours does).
     */
    record ClientRead(int client, long readId, String key, boolean stale, boolean lease)
            implements RaftMessage {
        /** A linearizable ({@code stale} false) or stale read. */
        public ClientRead(int client, long readId, String key, boolean stale) {
            this(client, readId, key, stale, false);
        }

        @Override
        public long term() {
            return 0;
        }

        @Override
        public long digest() {
            return mix(mix(mix(0x507, client), readId), RandomStream.fnv1a64(key) + (stale ? 1
                    : 0) + (lease ? 2 : 0));
        }
    }

    /** Why a node did not serve a client request. */
    enum Refusal { NONE, NOT_LEADER }

    /**
     * The answer to a command ({@code readId} 0) or a read: a result, or a refusal with the leader
     * the node knows of ({@code leaderHint}, -1 if none).
     */
    record ClientReply(long clientId, long sequence, long readId, KvResult result, Refusal refusal,
            int leaderHint) implements RaftMessage {
        @Override
        public long term() {
            return 0;
        }

        @Override
        public long digest() {
            long h = mix(mix(mix(mix(0x508, clientId), sequence), readId), refusal.ordinal() * 64L
                    + leaderHint);
            return result == null ? h : mix(h, result.textDigest());
        }
    }
}
