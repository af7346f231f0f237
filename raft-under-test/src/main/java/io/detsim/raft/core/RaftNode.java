package io.detsim.raft.core;

import io.detsim.raft.core.RaftMessage.AppendRequest;
import io.detsim.raft.core.RaftMessage.AppendResponse;
import io.detsim.raft.core.RaftMessage.ClientCommand;
import io.detsim.raft.core.RaftMessage.ClientRead;
import io.detsim.raft.core.RaftMessage.ClientReply;
import io.detsim.raft.core.RaftMessage.Refusal;
import io.detsim.raft.core.RaftMessage.TimeoutNow;
import io.detsim.raft.core.RaftMessage.VoteRequest;
import io.detsim.raft.core.RaftMessage.VoteResponse;
import io.detsim.raft.kv.ClientRequest;
import io.detsim.raft.kv.CommandCodec;
import io.detsim.raft.kv.KvResult;
import io.detsim.raft.kv.KvStateMachine;
import io.detsim.raft.storage.LogEntry;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.NodeContext;
import io.detsim.sim.seam.Timer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * One Raft server. Handlers take a message or a timer and return quickly; everything durable goes
 * through {@link RaftStorage}, and replies that depend on durable state leave only once it is
 * durable. Section numbers refer to the Raft paper (Ongaro and Ousterhout, 2014).
 */
public final class RaftNode implements RaftServer {
    private final NodeContext ctx;
    private final RaftConfig config;
    private final RaftObserver observer;
    private final int id;
    private final RandomStream random;
    private RaftStorage storage;
    private KvStateMachine kv;

    private long currentTerm;
    private int votedFor = -1;
    private Role role = Role.FOLLOWER;
    /** The role and term the observer last heard, so that it hears each change once. */
    private Role reportedRole;
    private long reportedTerm = -1;
    private int leaderId = -1;
    private long commitIndex;
    private long lastLeaderContactLocalNanos = Long.MIN_VALUE / 4;
    private Timer electionTimer;
    private long votesGranted;
    private long electionsStarted;
    private long messagesSent;
    /** Lost synced data at recovery: no votes, no campaigns until caught up with a leader. */
    private boolean catchingUp;
    private boolean catchUpFinishing;
    private boolean catchUpSyncAsked;
    private long catchUpTerm = -1;
    private long catchUpTargetIndex;
    private long catchUpMatchedIndex;

    private final LeaderState leader = new LeaderState();

    public RaftNode(NodeContext ctx, RaftConfig config, RaftObserver observer) {
        this.ctx = ctx;
        this.config = config;
        this.observer = observer;
        this.id = ctx.nodeId();
        this.random = ctx.random("raft");
        if (!config.isServer(id)) {
            throw new IllegalArgumentException("node " + id + " is not a server of "
                    + config.serverCount());
        }
    }

    // ---- entry points ----

    @Override
    public void start() {
        kv = new KvStateMachine(config.bug() == RaftBug.NO_SESSION_DEDUP);
        RaftStorage.open(ctx.disk(), problem -> {
            ctx.log().info("storage: %s", problem);
            observer.problem(id, problem);
        }, this::storageReady);
    }

    /** Until storage is open (a damaged disk first records that it lost data), nothing runs. */
    private void storageReady(RaftStorage opened) {
        storage = opened;
        currentTerm = storage.term();
        votedFor = storage.votedFor();
        if (storage.lastTerm() > currentTerm) {
            // Only after the vote record was damaged (it is saved before any entry of its term
            // is accepted): a term below the log's own would let a stale leader truncate it.
            currentTerm = storage.lastTerm();
            votedFor = -1;
            storage.saveHardState(currentTerm, votedFor, () -> { });
        }
        // PLANTED BUG (VOTE_AFTER_DATA_LOSS): carry on as if recovery had lost nothing.
        catchingUp = storage.catchUpRequired() && config.bug() != RaftBug.VOTE_AFTER_DATA_LOSS;
        reportRole();
        resetElectionTimer();
    }

    @Override
    public void receive(int from, Message message) {
        if (storage == null) {
            return; // still opening its storage: not listening yet (senders retry)
        }
        switch ((RaftMessage) message) {
            case VoteRequest m -> onVoteRequest(from, m);
            case VoteResponse m -> onVoteResponse(from, m);
            case AppendRequest m -> onAppendRequest(from, m);
            case AppendResponse m -> onAppendResponse(from, m);
            case TimeoutNow m -> onTimeoutNow(m);
            case ClientCommand m -> onClientCommand(from, m.request());
            case ClientRead m -> onClientRead(from, m);
            case ClientReply m -> throw new IllegalStateException("a server got a client reply: "
                    + m);
        }
    }

    /**
     * Asks this leader to hand leadership to {@code target} (the seed systems' "yield leadership").
     */
    @Override
    public void transferLeadership(int target) {
        if (role != Role.LEADER || target == id || !config.isServer(target)) {
            return;
        }
        leader.transferTarget = target;
        leader.transferDeadlineLocalNanos = ctx.nowNanos() + config.electionTimeoutNanosMin();
        maybeSendTimeoutNow();
    }

    @Override
    public RaftMetrics metrics() {
        return new RaftMetrics(id, role, currentTerm, leaderId, commitIndex,
                kv == null ? 0 : kv.appliedIndex(), storage == null ? 0 : storage.lastIndex(),
                electionsStarted, messagesSent, catchingUp);
    }

    /**
     * A digest of the log entry at {@code index} (term and payload), or {@link #ABSENT}. For
     * invariants such as log matching; served from memory, it never touches the disk.
     */
    @Override
    public long entryDigest(long index) {
        if (storage == null || index < storage.firstIndex() || index > storage.lastIndex()) {
            return ABSENT;
        }
        return storage.digestAt(index);
    }

    /**
     * A number that changes whenever this node's log changes (within one incarnation): lets
     * invariants skip rereading a log that did not change.
     */
    @Override
    public long logVersion() {
        return storage == null ? 0 : storage.logVersion();
    }

    /** The state machine, for invariants and tests. */
    public KvStateMachine stateMachine() {
        return kv;
    }

    // ---- elections (§5.2, pre-vote §9.6, leader stickiness §4.2.3 of the thesis) ----

    private void onElectionTimeout() {
        if (role == Role.LEADER) {
            return;
        }
        if (catchingUp) {
            resetElectionTimer(); // keep listening; a node that lost data must not campaign
            return;
        }
        startPreVote();
    }

    private void startPreVote() {
        role = Role.PRE_CANDIDATE;
        leaderId = -1;
        reportRole();
        votesGranted = 1L << id;
        resetElectionTimer();
        broadcast(new VoteRequest(currentTerm + 1, id, storage.lastIndex(), storage.lastTerm(),
                true, false));
        maybeWinPreVote();
    }

    private void startElection(boolean transfer) {
        role = Role.CANDIDATE;
        currentTerm++;
        votedFor = id;
        leaderId = -1;
        reportRole();
        votesGranted = 1L << id;
        electionsStarted++;
        resetElectionTimer();
        long term = currentTerm;
        // §5.2: term and vote are durable before any request that depends on them leaves.
        storage.saveHardState(currentTerm, votedFor, () -> {
            observer.voted(id, term, id);
            if (role == Role.CANDIDATE && currentTerm == term) {
                broadcast(new VoteRequest(term, id, storage.lastIndex(), storage.lastTerm(), false,
                        transfer));
                maybeWinElection();
            }
        });
        maybeWinElection();
    }

    private void onVoteRequest(int from, VoteRequest m) {
        boolean heardLeaderRecently = ctx.nowNanos() - lastLeaderContactLocalNanos
                < config.electionTimeoutNanosMin();
        boolean upToDate = m.lastLogTerm() > storage.lastTerm()
                || (m.lastLogTerm() == storage.lastTerm()
                        && m.lastLogIndex() >= storage.lastIndex());
        if (catchingUp && m.preVote()) {
            refuseVoteWhileCatchingUp(from, m);
            return;
        }
        if (m.preVote()) {
            boolean grant = m.term() > currentTerm && upToDate && (!heardLeaderRecently
                    || m.transfer());
            // A denial carries this node's own term, so that a pre-candidate whose term lags
            // learns the newer one (else a log-ahead, term-behind node never wins; as in etcd).
            send(from, new VoteResponse(grant ? m.term() : currentTerm, grant, true));
            return;
        }
        if (m.term() > currentTerm && heardLeaderRecently && !m.transfer() && role != Role.LEADER) {
            // Leader stickiness: a live leader's followers ignore disruptive candidates.
            send(from, new VoteResponse(currentTerm, false, false));
            return;
        }
        if (catchingUp) {
            refuseVoteWhileCatchingUp(from, m);
            return;
        }
        observeTerm(m.term());
        boolean grant = m.term() == currentTerm && (votedFor == -1 || votedFor == m.candidate())
                && upToDate;
        if (!grant) {
            sendWhenDurable(from, new VoteResponse(currentTerm, false, false));
            return;
        }
        votedFor = m.candidate();
        resetElectionTimer();
        if (config.bug() == RaftBug.VOTE_NOT_PERSISTED) {
            // PLANTED BUG: the vote is granted but never made durable; after a crash this node
            // can vote again in the same term.
            observer.voted(id, currentTerm, m.candidate());
            send(from, new VoteResponse(currentTerm, true, false));
            return;
        }
        long term = currentTerm;
        // The vote takes effect (is observed) when durable: a crash before then never sent it.
        storage.saveHardState(currentTerm, votedFor, () -> {
            observer.voted(id, term, m.candidate());
            send(from, new VoteResponse(term, true, false));
        });
    }

    /**
     * A node that lost synced data may have voted or acknowledged entries it no longer remembers;
     * a vote now could elect a leader that lacks committed entries, or vote twice in one term.
     */
    private void refuseVoteWhileCatchingUp(int from, VoteRequest m) {
        if (m.preVote()) {
            send(from, new VoteResponse(currentTerm, false, true));
            return;
        }
        observeTerm(m.term());
        sendWhenDurable(from, new VoteResponse(currentTerm, false, false));
    }

    private void onVoteResponse(int from, VoteResponse m) {
        if (m.preVote()) {
            if (!m.granted() && m.term() > currentTerm) {
                observeTerm(m.term()); // a denial from a node ahead in term
            } else if (role == Role.PRE_CANDIDATE && m.granted() && m.term() == currentTerm + 1) {
                votesGranted |= 1L << from;
                maybeWinPreVote();
            }
            return;
        }
        if (m.term() > currentTerm) {
            observeTerm(m.term());
            return;
        }
        if (role == Role.CANDIDATE && m.term() == currentTerm && m.granted()) {
            votesGranted |= 1L << from;
            maybeWinElection();
        }
    }

    private void maybeWinPreVote() {
        if (role == Role.PRE_CANDIDATE && Long.bitCount(votesGranted) >= config.majority()) {
            startElection(false);
        }
    }

    private void maybeWinElection() {
        if (role == Role.CANDIDATE && Long.bitCount(votesGranted) >= config.majority()
                && storage.hardStateDurable()) {
            becomeLeader();
        }
    }

    private void onTimeoutNow(TimeoutNow m) {
        if (m.term() == currentTerm && role == Role.FOLLOWER && !catchingUp) {
            startElection(true);
        }
    }

    // ---- roles ----

    private void becomeLeader() {
        role = Role.LEADER;
        leaderId = id;
        reportRole();
        leader.reset(config.serverCount(), storage.lastIndex() + 1);
        observer.becameLeader(id, currentTerm);
        cancelElectionTimer();
        // §8: a no-op entry of the new term, so that earlier entries commit with it (§5.4.2)
        // and ReadIndex has a current-term commit to stand on.
        appendAsLeader(List.of());
        heartbeat();
        scheduleHeartbeat();
        scheduleQuorumCheck();
    }

    /** §5.1: a higher term seen anywhere makes this node a follower of that term. */
    private void observeTerm(long term) {
        if (term <= currentTerm) {
            return;
        }
        currentTerm = term;
        votedFor = -1;
        stepDown(-1);
        storage.saveHardState(currentTerm, votedFor, () -> { });
    }

    private void stepDown(int newLeader) {
        boolean wasLeader = role == Role.LEADER;
        role = Role.FOLLOWER;
        leaderId = newLeader;
        if (wasLeader) {
            leader.clear();
        }
        reportRole();
        resetElectionTimer();
    }

    private void reportRole() {
        if (role != reportedRole || currentTerm != reportedTerm) {
            reportedRole = role;
            reportedTerm = currentTerm;
            observer.roleChanged(id, role, currentTerm);
        }
    }

    // ---- replication (§5.3) ----

    private void onClientCommand(int client, ClientRequest request) {
        if (role != Role.LEADER || leader.transferTarget >= 0) {
            send(client, new ClientReply(request.clientId(), request.sequence(), 0, null,
                    Refusal.NOT_LEADER, role == Role.LEADER ? leader.transferTarget : leaderId));
            return;
        }
        leader.proposals.add(new LeaderState.Pending(client, request));
        if (!leader.flushScheduled) {
            leader.flushScheduled = true;
            // A zero-delay timer batches every command that arrives at this instant into one entry.
            ctx.setTimer("raft-flush", 0, this::flushProposals);
        }
    }

    private void flushProposals() {
        leader.flushScheduled = false;
        while (role == Role.LEADER && !leader.proposals.isEmpty()) {
            List<LeaderState.Pending> batch = new ArrayList<>();
            while (!leader.proposals.isEmpty() && batch.size() < config.batchCommandsMax()) {
                batch.add(leader.proposals.poll());
            }
            long index = appendAsLeader(batch);
            leader.awaiting.put(index, batch);
        }
        leader.proposals.clear();
        replicateToAll();
    }

    private long appendAsLeader(List<LeaderState.Pending> batch) {
        List<ClientRequest> requests = new ArrayList<>(batch.size());
        for (LeaderState.Pending pending : batch) {
            requests.add(pending.request());
        }
        long index = storage.lastIndex() + 1;
        storage.append(List.of(new LogEntry(currentTerm, index, CommandCodec.encode(requests))));
        observer.appended(id, index, currentTerm);
        long term = currentTerm;
        // The leader counts itself only once its own append is durable.
        storage.sync(() -> {
            if (role == Role.LEADER && currentTerm == term) {
                maybeAdvanceCommit();
            }
        });
        return index;
    }

    private void replicateToAll() {
        for (int follower = 0; follower < config.serverCount(); follower++) {
            if (follower != id) {
                sendAppend(follower, false);
            }
        }
    }

    private void heartbeat() {
        leader.round++;
        for (int follower = 0; follower < config.serverCount(); follower++) {
            if (follower != id) {
                sendAppend(follower, true);
            }
        }
    }

    /** Sends the next batch to {@code follower}, pipelining up to the in-flight limit. */
    private void sendAppend(int follower, boolean heartbeat) {
        Progress p = leader.progress[follower];
        boolean hasEntries = p.nextIndex <= storage.lastIndex();
        if (!heartbeat && (!hasEntries || p.inflight >= config.inflightAppendsMax())) {
            return;
        }
        long prevIndex = p.nextIndex - 1;
        List<LogEntry> entries = hasEntries && p.inflight < config.inflightAppendsMax()
                ? storage.read(p.nextIndex, storage.lastIndex(), config.appendBytesMax())
                : List.of();
        send(follower, new AppendRequest(currentTerm, id, prevIndex, storage.termAt(prevIndex),
                entries, commitIndex, leader.round, storage.lastIndex()));
        if (!entries.isEmpty()) {
            p.nextIndex += entries.size();
            p.inflight++;
        }
    }

    private void onAppendRequest(int from, AppendRequest m) {
        if (m.term() < currentTerm) {
            send(from, new AppendResponse(currentTerm, false, 0, 0, m.round()));
            return;
        }
        observeTerm(m.term());
        if (role != Role.FOLLOWER || leaderId != m.leader()) {
            stepDown(m.leader());
        }
        lastLeaderContactLocalNanos = ctx.nowNanos();
        resetElectionTimer();
        long conflict = consistencyConflict(m.prevLogIndex(), m.prevLogTerm());
        if (conflict > 0) {
            sendWhenDurable(from, new AppendResponse(currentTerm, false, 0, conflict, m.round()));
            return;
        }
        boolean changed = mergeEntries(m);
        long matched = m.prevLogIndex() + m.entries().size();
        if (catchingUp) {
            noteCatchUpProgress(m, matched);
        }
        long newCommit = Math.min(m.leaderCommit(), matched);
        if (newCommit > commitIndex) {
            setCommitIndex(newCommit);
        }
        if (!changed || config.bug() == RaftBug.ACK_BEFORE_DURABLE) {
            // With nothing new to wait for, only what is already durable may be acknowledged.
            // PLANTED BUG (ACK_BEFORE_DURABLE): acknowledge the match before it is durable.
            long durableMatch = config.bug() == RaftBug.ACK_BEFORE_DURABLE
                    ? matched : Math.min(matched, storage.durableIndex());
            sendWhenDurable(from, new AppendResponse(currentTerm, true, durableMatch, 0,
                    m.round()));
            if (!changed) {
                maybeFinishCatchUp();
                return;
            }
        }
        long term = currentTerm;
        long lastTerm = m.entries().isEmpty() ? m.prevLogTerm() : m.entries().getLast().term();
        storage.sync(() -> {
            maybeFinishCatchUp();
            // Acknowledge only if the log still holds what this request put there.
            if (currentTerm == term && storage.lastIndex() >= matched
                    && storage.termAt(matched) == lastTerm
                    && config.bug() != RaftBug.ACK_BEFORE_DURABLE) {
                send(from, new AppendResponse(term, true, Math.min(matched,
                        storage.durableIndex()), 0,
                        m.round()));
            }
        });
    }

    // ---- catching up after lost data ----

    /**
     * The target is the leader's whole log as of the first request of its term: every entry this
     * node may have acknowledged to that leader before losing it is there, and a stale ack still
     * in flight can only count an entry at or below it.
     */
    private void noteCatchUpProgress(AppendRequest m, long matched) {
        if (catchUpTerm != m.term()) {
            catchUpTerm = m.term();
            catchUpTargetIndex = m.leaderLastIndex();
            catchUpMatchedIndex = 0;
        }
        catchUpMatchedIndex = Math.max(catchUpMatchedIndex, matched);
    }

    private void maybeFinishCatchUp() {
        if (!catchingUp || catchUpFinishing || catchUpTerm != currentTerm
                || catchUpMatchedIndex < catchUpTargetIndex) {
            return;
        }
        if (storage.durableIndex() < catchUpTargetIndex) {
            // Nothing new may arrive on an idle cluster to trigger a sync: ask for one.
            if (!catchUpSyncAsked) {
                catchUpSyncAsked = true;
                storage.sync(() -> {
                    catchUpSyncAsked = false;
                    maybeFinishCatchUp();
                });
            }
            return;
        }
        catchUpFinishing = true;
        long term = currentTerm;
        // Any vote this node cast in this term is forgotten; record the vote as used, for the
        // leader it follows (the only candidate that can have won this term), so that a delayed
        // request from a rival candidate of the same term is refused even after a restart.
        int vote = votedFor >= 0 ? votedFor : leaderId;
        votedFor = vote;
        storage.saveHardState(term, vote, () -> storage.clearCatchUp(() -> {
            catchingUp = false;
            ctx.log().info("caught up to %d in term %d: voting again", catchUpTargetIndex, term);
        }));
    }

    /** 0 when the log matches at prevIndex (§5.3), else where the leader should back up to. */
    private long consistencyConflict(long prevIndex, long prevTerm) {
        if (prevIndex > storage.lastIndex()) {
            return storage.lastIndex() + 1;
        }
        long termThere = storage.termAt(prevIndex);
        if (termThere == prevTerm) {
            return 0;
        }
        // Fast backtracking: skip the whole conflicting term at once.
        long first = prevIndex;
        while (first > storage.firstIndex() && storage.termAt(first - 1) == termThere) {
            first--;
        }
        return Math.max(1, first);
    }

    /**
     * Appends what is new, truncating only at a real conflict (§5.3 step 3). Returns whether the
     * log changed.
     */
    private boolean mergeEntries(AppendRequest m) {
        List<LogEntry> entries = m.entries();
        if (config.bug() == RaftBug.TRUNCATE_ON_MATCH && !entries.isEmpty()
                && entries.getFirst().index() <= storage.lastIndex()) {
            // PLANTED BUG: truncate at the first entry even where the log already matches; a
            // delayed, shorter AppendEntries then erases entries that came after it.
            truncateFrom(entries.getFirst().index());
            storage.append(entries);
            return true;
        }
        for (int i = 0; i < entries.size(); i++) {
            LogEntry entry = entries.get(i);
            if (entry.index() <= storage.lastIndex()) {
                if (storage.termAt(entry.index()) == entry.term()) {
                    continue;
                }
                truncateFrom(entry.index());
            }
            storage.append(entries.subList(i, entries.size()));
            return true;
        }
        return false;
    }

    private void truncateFrom(long index) {
        if (index <= commitIndex) {
            throw new IllegalStateException("node " + id + " would truncate committed entry "
                    + index
                    + " (commit index " + commitIndex + ")");
        }
        storage.truncateSuffix(index);
    }

    private void onAppendResponse(int from, AppendResponse m) {
        if (m.term() > currentTerm) {
            observeTerm(m.term());
            return;
        }
        if (role != Role.LEADER || m.term() != currentTerm) {
            return;
        }
        Progress p = leader.progress[from];
        p.lastAckLocalNanos = ctx.nowNanos();
        p.lastAckRound = Math.max(p.lastAckRound, m.round());
        if (m.success()) {
            p.matchIndex = Math.max(p.matchIndex, m.matchIndex());
            p.nextIndex = Math.max(p.nextIndex, p.matchIndex + 1);
            p.inflight = Math.max(0, p.inflight - 1);
            maybeAdvanceCommit();
            maybeSendTimeoutNow();
        } else {
            if (m.conflictIndex() > 0 && m.conflictIndex() <= p.matchIndex) {
                // The follower lost entries it had acknowledged (recovery cut its log at corrupt
                // data): its old acks no longer hold, so neither does the match they set.
                p.matchIndex = m.conflictIndex() - 1;
            }
            p.nextIndex = Math.max(p.matchIndex + 1, Math.min(m.conflictIndex(),
                    storage.lastIndex() + 1));
            p.inflight = 0;
        }
        confirmReads();
        sendAppend(from, false);
    }

    /** §5.3/§5.4.2: commit the highest index a majority holds durably, if it is of this term. */
    private void maybeAdvanceCommit() {
        long[] matches = leader.matchScratch;
        for (int node = 0; node < config.serverCount(); node++) {
            matches[node] = node == id ? storage.durableIndex() : leader.progress[node].matchIndex;
        }
        java.util.Arrays.sort(matches);
        long majorityMatch = matches[config.serverCount() - config.majority()];
        if (majorityMatch <= commitIndex) {
            return;
        }
        // PLANTED BUG (COMMIT_PREVIOUS_TERM): commit by counting replicas whatever the term (Figure
        // 8).
        if (storage.termAt(majorityMatch) == currentTerm
                || config.bug() == RaftBug.COMMIT_PREVIOUS_TERM) {
            setCommitIndex(majorityMatch);
        }
    }

    private void setCommitIndex(long index) {
        if (index < commitIndex) {
            throw new IllegalStateException("commit index would go back from " + commitIndex
                    + " to " + index);
        }
        commitIndex = index;
        observer.committed(id, commitIndex);
        applyCommitted();
    }

    private void applyCommitted() {
        while (kv.appliedIndex() < commitIndex && kv.appliedIndex() < storage.lastIndex()) {
            long index = kv.appliedIndex() + 1;
            LogEntry entry = storage.read(index, index, Integer.MAX_VALUE).getFirst();
            List<ClientRequest> batch = CommandCodec.decode(entry.payload());
            List<KvResult> results = kv.apply(index, batch);
            observer.applied(id, index, entry.term(), storage.digestAt(index));
            List<LeaderState.Pending> waiting = role == Role.LEADER ? leader.awaiting.remove(index)
                    : null;
            if (waiting != null) {
                for (int i = 0; i < waiting.size(); i++) {
                    LeaderState.Pending pending = waiting.get(i);
                    send(pending.client(), new ClientReply(pending.request().clientId(),
                            pending.request().sequence(), 0, results.get(i), Refusal.NONE, id));
                }
            }
        }
        serveReadyReads();
    }

    // ---- reads: ReadIndex (§6.4) and stale local reads ----

    private void onClientRead(int from, ClientRead m) {
        if (m.stale()) {
            send(m.client(), readReply(m, kv.read(m.key())));
            return;
        }
        if (role != Role.LEADER) {
            if (leaderId >= 0 && leaderId != id) {
                send(leaderId, m); // followers forward; the leader answers the client directly
            } else {
                send(m.client(), new ClientReply(-1, 0, m.readId(), null, Refusal.NOT_LEADER, -1));
            }
            return;
        }
        if (config.bug() == RaftBug.STALE_LEADER_READ) {
            // PLANTED BUG: answer from local state without confirming leadership; a deposed
            // leader that has not noticed yet serves stale values.
            send(m.client(), readReply(m, kv.read(m.key())));
            return;
        }
        leader.reads.add(new LeaderState.PendingRead(m, commitIndex, leader.round + 1, 1L << id));
        heartbeat();
        confirmReads();
    }

    private static ClientReply readReply(ClientRead m, String value) {
        return new ClientReply(-1, 0, m.readId(), KvResult.ok(value), Refusal.NONE, -1);
    }

    /** Counts heartbeat acks of each pending read's round; a majority confirms leadership. */
    private void confirmReads() {
        if (role != Role.LEADER) {
            return;
        }
        for (LeaderState.PendingRead read : leader.reads) {
            for (int node = 0; node < config.serverCount(); node++) {
                if (node != id && leader.progress[node].lastAckRound >= read.round) {
                    read.acks |= 1L << node;
                }
            }
        }
        serveReadyReads();
    }

    private void serveReadyReads() {
        if (role != Role.LEADER) {
            return;
        }
        // The read index must be a commit of this term: until the no-op commits, reads wait.
        boolean termCommitted = storage.termAt(commitIndex) == currentTerm;
        for (Iterator<LeaderState.PendingRead> it = leader.reads.iterator(); it.hasNext();) {
            LeaderState.PendingRead read = it.next();
            long readIndex = Math.max(read.readIndex, commitIndex);
            if (termCommitted && Long.bitCount(read.acks) >= config.majority()
                    && kv.appliedIndex() >= readIndex) {
                send(read.request.client(), readReply(read.request, kv.read(read.request.key())));
                it.remove();
            } else if (!termCommitted) {
                read.readIndex = commitIndex;
            }
        }
    }

    // ---- timers ----

    private void resetElectionTimer() {
        cancelElectionTimer();
        long min = config.electionTimeoutNanosMin();
        electionTimer = ctx.setTimer("raft-election", min + random.nextLong(0, min - 1),
                this::onElectionTimeout);
    }

    private void cancelElectionTimer() {
        if (electionTimer != null) {
            electionTimer.cancel();
            electionTimer = null;
        }
    }

    private void scheduleHeartbeat() {
        long term = currentTerm;
        ctx.setTimer("raft-heartbeat", config.heartbeatIntervalNanos(), () -> {
            if (role == Role.LEADER && currentTerm == term) {
                heartbeat();
                scheduleHeartbeat();
            }
        });
    }

    /**
     * Check-quorum: a leader that has not heard from a majority for an election timeout steps down.
     */
    private void scheduleQuorumCheck() {
        long term = currentTerm;
        ctx.setTimer("raft-check-quorum", config.electionTimeoutNanosMin(), () -> {
            if (role != Role.LEADER || currentTerm != term) {
                return;
            }
            long now = ctx.nowNanos();
            int heard = 1;
            for (int node = 0; node < config.serverCount(); node++) {
                if (node != id
                        && now - leader.progress[node].lastAckLocalNanos
                                < config.electionTimeoutNanosMin()) {
                    heard++;
                }
            }
            if (heard < config.majority()) {
                stepDown(-1);
                return;
            }
            if (leader.transferTarget >= 0 && now > leader.transferDeadlineLocalNanos) {
                leader.transferTarget = -1;
            }
            scheduleQuorumCheck();
        });
    }

    private void maybeSendTimeoutNow() {
        int target = leader.transferTarget;
        if (role == Role.LEADER && target >= 0
                && leader.progress[target].matchIndex >= storage.lastIndex()) {
            send(target, new TimeoutNow(currentTerm));
        }
    }

    // ---- sending ----

    private void broadcast(RaftMessage message) {
        for (int node = 0; node < config.serverCount(); node++) {
            if (node != id) {
                send(node, message);
            }
        }
    }

    /** Sends once the hard state saved so far is durable (replies that depend on term and vote). */
    private void sendWhenDurable(int to, RaftMessage message) {
        if (storage.hardStateDurable()) {
            send(to, message);
        } else {
            storage.afterHardState(() -> send(to, message));
        }
    }

    private void send(int to, RaftMessage message) {
        messagesSent++;
        ctx.send(to, message);
    }

    /** The leader's volatile state (§5.3), reset at each election win. */
    private static final class LeaderState {
        record Pending(int client, ClientRequest request) {}

        static final class PendingRead {
            final ClientRead request;
            long readIndex;
            final long round;
            long acks;

            PendingRead(ClientRead request, long readIndex, long round, long acks) {
                this.request = request;
                this.readIndex = readIndex;
                this.round = round;
                this.acks = acks;
            }
        }

        Progress[] progress = new Progress[0];
        /** Reused by every commit check (it runs on every ack), sorted in place. */
        long[] matchScratch = new long[0];
        final ArrayDeque<Pending> proposals = new ArrayDeque<>();
        final TreeMap<Long, List<Pending>> awaiting = new TreeMap<>();
        final List<PendingRead> reads = new ArrayList<>();
        boolean flushScheduled;
        long round;
        int transferTarget = -1;
        long transferDeadlineLocalNanos;

        void reset(int servers, long nextIndex) {
            progress = new Progress[servers];
            matchScratch = new long[servers];
            for (int node = 0; node < servers; node++) {
                progress[node] = new Progress(nextIndex);
            }
            clear();
        }

        void clear() {
            proposals.clear();
            awaiting.clear();
            reads.clear();
            transferTarget = -1;
        }
    }
}
