package io.detsim.raft.invariant;

import io.detsim.raft.core.RaftMetrics;
import io.detsim.raft.core.RaftServer;
import io.detsim.raft.core.RaftObserver;
import io.detsim.raft.core.Role;
import io.detsim.sim.random.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Raft's invariants over one cluster, each a named check to run after every event (a violation
 * names it):
 * <ul>
 *   <li>raft-safety: at most one leader per term; at most one vote per node per term (counted
 *       when the vote takes effect); every node applies the same entry at each index; each node
 *       incarnation's commit index never goes back (a restart resets it);</li>
 *   <li>committed-entries: every node that commits index i holds the same entry there;</li>
 *   <li>log-matching (§5.3): two logs that hold the same entry at an index hold identical
 *       prefixes up to it (each log mirrored as entry digests with running prefix hashes,
 *       updated from the changed suffix only);</li>
 *   <li>leader-completeness (§5.4): a leader elected in term t holds every entry committed in a
 *       term below t: no acknowledged write is lost.</li>
 * </ul>
 * Entries are identified by {@link RaftServer#entryDigest} (term and payload). Node state is read
 * only between events, never from inside a node's handler. A log may start above index 1 (its
 * prefix compacted into a snapshot: {@code entryDigest} is ABSENT there): compacted indices are
 * committed, so they are mirrored with the committed digests, not compared again, and a leader
 * holds them by virtue of its snapshot.
 */
public final class RaftInvariants {
    /** A check for the simulator to run after every event; it throws on a violation. */
    public record NamedCheck(String name, Runnable check) {}

    /** What the invariants hear, for drivers that react to the run (never calling nodes). */
    public interface Listener {
        default void voted(int node, long term, int candidate) {}

        default void becameLeader(int node, long term) {}

        default void roleChanged(int node, Role role, long term) {}

        default void appended(int node, long index, long term) {}

        default void committed(int node, long commitIndex) {}
    }

    private record Committed(long digest, long term, int node) {}

    private record EntryKey(long index, long digest) {}

    private final IntFunction<RaftServer> liveNode;
    private final Map<Long, Integer> leaderOfTerm = new TreeMap<>();
    private final Map<Long, Long> appliedDigest = new TreeMap<>();
    private final Map<Long, Integer> votes = new TreeMap<>();
    /** Leaders elected since the last check: node and term. */
    private final List<long[]> newLeaders = new ArrayList<>();
    /** Per server: its incarnation count and that incarnation's highest commit index. */
    private final int[] incarnations;
    private final long[] commitOfIncarnation;
    /** Commit advances not yet digested: node, from (exclusive), to (inclusive). */
    private final List<long[]> pendingCommits = new ArrayList<>();
    /** Every committed index: the entry's digest and the lowest term it was known committed in. */
    private final NavigableMap<Long, Committed> committed = new TreeMap<>();
    private final LogMirror[] mirrors;
    /** (index, entry digest) to the prefix hash and the node that first held it (lookups only). */
    private final Map<EntryKey, long[]> prefixOfEntry = new HashMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private String violation;

    /**
     * @param servers node ids {@code 0 .. servers-1}
     * @param liveNode the current incarnation of a server, or null while it is down
     */
    public RaftInvariants(int servers, IntFunction<RaftServer> liveNode) {
        this.liveNode = liveNode;
        this.incarnations = new int[servers];
        this.commitOfIncarnation = new long[servers];
        this.mirrors = new LogMirror[servers];
        for (int id = 0; id < servers; id++) {
            mirrors[id] = new LogMirror();
        }
    }

    /** The observer for a new incarnation of {@code node}: call it from the node factory. */
    public RaftObserver observerForNewIncarnation(int node) {
        incarnations[node]++;
        commitOfIncarnation[node] = 0;
        return new IncarnationObserver(node, incarnations[node]);
    }

    public List<NamedCheck> checks() {
        return List.of(new NamedCheck("raft-safety", () -> {
            if (violation != null) {
                throw new IllegalStateException(violation);
            }
        }), new NamedCheck("committed-entries", this::digestNewCommits),
                new NamedCheck("log-matching", this::checkLogMatching),
                new NamedCheck("leader-completeness", this::checkNewLeadersHoldCommittedEntries));
    }

    /** Problems nodes reported and survived (storage corruption found at recovery, say). */
    public List<String> problems() {
        return problems;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The observer handed to one incarnation of one server. */
    private final class IncarnationObserver implements RaftObserver {
        private final int node;
        private final int incarnation;

        IncarnationObserver(int node, int incarnation) {
            this.node = node;
            this.incarnation = incarnation;
        }

        @Override
        public void voted(int voter, long term, int candidate) {
            Integer earlier = votes.putIfAbsent(term * 64 + voter, candidate);
            if (earlier != null && earlier != candidate) {
                fail("node " + voter + " voted twice in term " + term + ": for " + earlier
                        + " and for " + candidate);
            }
            listeners.forEach(l -> l.voted(voter, term, candidate));
        }

        @Override
        public void becameLeader(int leader, long term) {
            newLeaders.add(new long[] {leader, term});
            Integer previous = leaderOfTerm.putIfAbsent(term, leader);
            if (previous != null && previous != leader) {
                fail("two leaders in term " + term + ": " + previous + " and " + leader);
            }
            listeners.forEach(l -> l.becameLeader(leader, term));
        }

        @Override
        public void roleChanged(int changed, Role role, long term) {
            listeners.forEach(l -> l.roleChanged(changed, role, term));
        }

        @Override
        public void appended(int leader, long index, long term) {
            listeners.forEach(l -> l.appended(leader, index, term));
        }

        @Override
        public void applied(int applier, long index, long term, long digest) {
            Long first = appliedDigest.putIfAbsent(index, digest);
            if (first != null && first != digest) {
                fail("state machine safety: node " + applier + " applied a different entry at "
                        + index + " (term " + term + ")");
            }
        }

        @Override
        public void committed(int committer, long commitIndex) {
            if (incarnation != incarnations[node]) {
                fail("node " + node + " incarnation " + incarnation + " committed after a restart");
                return;
            }
            long before = commitOfIncarnation[node];
            if (commitIndex < before) {
                fail("node " + node + " (incarnation " + incarnation + ") moved its commit index"
                        + " back from " + before + " to " + commitIndex);
                return;
            }
            commitOfIncarnation[node] = commitIndex;
            if (commitIndex > before) {
                pendingCommits.add(new long[] {node, before, commitIndex});
            }
            listeners.forEach(l -> l.committed(committer, commitIndex));
        }

        @Override
        public void problem(int reporter, String description) {
            problems.add("node " + reporter + ": " + description);
        }
    }

    private void fail(String message) {
        if (violation == null) {
            violation = message;
        }
    }

    /**
     * Takes the digests of entries committed during the last event (once it is over, so the node
     * is not called from inside its own handler), and checks that every node committed the same
     * entry at each index.
     */
    private void digestNewCommits() {
        if (pendingCommits.isEmpty()) {
            return;
        }
        List<long[]> batch = new ArrayList<>(pendingCommits);
        pendingCommits.clear();
        for (long[] advance : batch) {
            int node = (int) advance[0];
            RaftServer server = liveNode.apply(node);
            if (server == null) {
                continue;
            }
            LogMirror mirror = mirrors[node];
            mirror.sync(node, server, true);
            long term = server.metrics().term();
            for (long index = advance[1] + 1; index <= advance[2]; index++) {
                if (index > mirror.size) {
                    throw new IllegalStateException("node " + node + " committed index " + index
                            + " beyond its last index " + mirror.size);
                }
                long digest = mirror.digests[(int) index];
                if (digest == RaftServer.ABSENT) {
                    continue; // compacted into a snapshot the node installed: not seen here
                }
                Committed earlier = committed.get(index);
                if (earlier == null) {
                    committed.put(index, new Committed(digest, term, node));
                } else if (earlier.digest() != digest) {
                    throw new IllegalStateException("node " + node + " committed a different entry"
                            + " at " + index + " (term " + term + ") than node " + earlier.node()
                            + " (term " + earlier.term() + ")");
                } else if (term < earlier.term()) {
                    committed.put(index, new Committed(digest, term, node));
                }
            }
        }
    }

    /**
     * §5.4 strengthened to committed entries: a leader of term t holds every entry committed in a
     * term below t (a leader of an older term, elected late on delayed votes, need not).
     */
    private void checkNewLeadersHoldCommittedEntries() {
        if (newLeaders.isEmpty()) {
            return;
        }
        List<long[]> elected = new ArrayList<>(newLeaders);
        newLeaders.clear();
        for (long[] leader : elected) {
            int node = (int) leader[0];
            long term = leader[1];
            RaftServer leaderNode = liveNode.apply(node);
            if (leaderNode == null) {
                continue;
            }
            LogMirror mirror = mirrors[node];
            mirror.sync(node, leaderNode, true);
            // A compacted index (below the mirror's start) is held by virtue of the snapshot.
            for (Map.Entry<Long, Committed> entry : committed.tailMap(mirror.start, true)
                    .entrySet()) {
                Committed c = entry.getValue();
                long index = entry.getKey();
                if (c.term() < term && (index > mirror.size
                        || mirror.digests[(int) index] != c.digest())) {
                    throw new IllegalStateException("new leader " + node + " (term " + term
                            + ") lacks committed entry " + index + " (committed by node "
                            + c.node() + " in term " + c.term()
                            + "): an acknowledged write is lost");
                }
            }
        }
    }

    /**
     * §5.3 Log Matching, incrementally: a live node's log is compared with its mirror whenever it
     * changed (a new incarnation, or {@link RaftServer#logVersion}), from the end back to the first
     * entry that did not change (logs change only at their end); the changed suffix is re-hashed,
     * and each (index, entry) must come with one prefix hash across all nodes and incarnations.
     */
    private void checkLogMatching() {
        for (int id = 0; id < mirrors.length; id++) {
            RaftServer node = liveNode.apply(id);
            if (node != null) {
                mirrors[id].sync(id, node, false);
            }
        }
    }

    private long committedDigest(long index) {
        Committed c = committed.get(index);
        return c == null ? RaftServer.ABSENT : c.digest();
    }

    /**
     * The first index {@code node} holds: 1, or above a prefix compacted into a snapshot (held
     * entries are contiguous up to the last index, so a binary search finds it).
     */
    private static long firstHeld(RaftServer node, long last) {
        if (last < 1 || node.entryDigest(1) != RaftServer.ABSENT) {
            return 1;
        }
        if (node.entryDigest(last) == RaftServer.ABSENT) {
            return last + 1;
        }
        long absent = 1;
        long held = last;
        while (held - absent > 1) {
            long middle = absent + (held - absent) / 2;
            if (node.entryDigest(middle) == RaftServer.ABSENT) {
                absent = middle;
            } else {
                held = middle;
            }
        }
        return held;
    }

    /**
     * One node's log as entry digests and running prefix hashes, index 1 at position 1. A prefix
     * the node compacted into a snapshot is mirrored with the committed entries' digests (ABSENT
     * where no check saw one committed); prefix hashes are compared only while the whole prefix
     * is known.
     */
    private final class LogMirror {
        private long[] digests = new long[64];
        private long[] prefix = new long[64];
        private int size;
        /** The node's first held index: below it, its log was compacted into a snapshot. */
        private long start = 1;
        /** Compacted indices up to it were taken from the committed entries. */
        private long reconciled;
        /** Prefix hashes from this index on are unknown (a compacted entry nobody saw). */
        private long unknownFrom = Long.MAX_VALUE;
        private RaftServer seen;
        private long seenVersion;

        void sync(int id, RaftServer node, boolean force) {
            long version = node.logVersion();
            if (!force && node == seen && version == seenVersion) {
                return;
            }
            seen = node;
            seenVersion = version;
            RaftMetrics metrics = node.metrics();
            long last = metrics.lastLogIndex();
            start = firstHeld(node, last);
            int kept = (int) Math.min(size, last);
            while (kept >= start && node.entryDigest(kept) != digests[kept]) {
                kept--;
            }
            // Below start the node compacted its log into a snapshot: committed entries, so the
            // mirror takes them from what was committed (unknown when no check saw it).
            for (int index = (int) Math.max(1, reconciled + 1); index <= kept && index < start;
                    index++) {
                if (digests[index] != committedDigest(index)) {
                    kept = index - 1;
                    break;
                }
            }
            size = kept;
            reconciled = Math.min(reconciled, Math.min(kept, start - 1));
            if (unknownFrom > size) {
                unknownFrom = Long.MAX_VALUE;
            }
            for (long index = kept + 1; index <= last; index++) {
                long digest;
                if (index < start) {
                    digest = committedDigest(index);
                } else {
                    digest = node.entryDigest(index);
                    if (digest == RaftServer.ABSENT) {
                        throw new IllegalStateException("node " + id + " has no entry at " + index
                                + " between its first held index " + start + " and its last "
                                + last);
                    }
                }
                append(digest);
                if (index < start) {
                    reconciled = index;
                }
                if (digest == RaftServer.ABSENT) {
                    unknownFrom = Math.min(unknownFrom, index);
                }
                if (index >= unknownFrom) {
                    continue; // the prefix is not fully known: nothing to compare it with
                }
                long[] first = prefixOfEntry.putIfAbsent(new EntryKey(index, digest),
                        new long[] {prefix[size], id});
                if (first != null && first[0] != prefix[size]) {
                    // The first holder may be this node itself: its entry now follows another
                    // prefix than when it (or an earlier incarnation) first held it.
                    throw new IllegalStateException("log matching: " + (first[1] == id
                            ? "node " + id + " holds the entry at " + index + " it held before,"
                                    + " but its log before it changed"
                            : "node " + id + " and node " + first[1] + " both hold the same"
                                    + " entry at " + index + " but their logs differ before it"));
                }
            }
        }

        private void append(long digest) {
            if (size + 1 >= digests.length) {
                digests = Arrays.copyOf(digests, digests.length * 2);
                prefix = Arrays.copyOf(prefix, prefix.length * 2);
            }
            size++;
            digests[size] = digest;
            prefix[size] = RandomStream.mix64(prefix[size - 1] * 0x9E3779B97F4A7C15L ^ digest);
        }

        void forget() {
            size = 0;
            reconciled = 0;
            unknownFrom = Long.MAX_VALUE;
            seen = null;
        }
    }

    // ---- test hooks: forge a state, to show that each check fires ----

    /** Pretends some node committed a different entry at {@code index} in term 0. */
    public void forgeCommittedEntry(long index) {
        committed.put(index, new Committed(0x5EEDL, 0, -1));
    }

    /**
     * Pretends a node once held the entry now at {@code index} of {@code node}'s log after a
     * different prefix, and makes every mirror re-read its log from the start.
     */
    public void forgeLogPrefix(int node, long index) {
        long digest = liveNode.apply(node).entryDigest(index);
        prefixOfEntry.put(new EntryKey(index, digest), new long[] {0x5EEDL, -1});
        for (LogMirror mirror : mirrors) {
            mirror.forget();
        }
    }

    /** Pretends {@code node}'s current incarnation already committed {@code index}. */
    public void forgeCommitIndex(int node, long index) {
        commitOfIncarnation[node] = index;
    }
}
