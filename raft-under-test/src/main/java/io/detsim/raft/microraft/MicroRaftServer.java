package io.detsim.raft.microraft;

import io.detsim.raft.core.RaftMessage.ClientCommand;
import io.detsim.raft.core.RaftMessage.ClientRead;
import io.detsim.raft.core.RaftMessage.ClientReply;
import io.detsim.raft.core.RaftMessage.Refusal;
import io.detsim.raft.core.RaftMetrics;
import io.detsim.raft.core.RaftObserver;
import io.detsim.raft.core.RaftServer;
import io.detsim.raft.core.Role;
import io.detsim.raft.kv.ClientRequest;
import io.detsim.raft.kv.KvResult;
import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.NodeContext;
import io.detsim.sim.seam.ProcessHalt;
import io.microraft.Ordered;
import io.microraft.MembershipChangeMode;
import io.microraft.QueryPolicy;
import io.microraft.exception.RaftException;
import io.microraft.impl.RaftNodeImpl;
import io.microraft.impl.state.RaftState;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.statemachine.StateMachine;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/**
 * A MicroRaft server as a detsim node: the shell around one MicroRaft {@code RaftNode}, whose
 * every collaborator is ours ({@link MicroRaftNodeFactory}). It serves our client protocol
 * unchanged (commands through {@code replicate}, gets through {@code query}; a refusal carries
 * MicroRaft's leader hint), so that histories, checkers, campaigns and reports are the same as for
 * our Raft; and it tells the harness what MicroRaft does ({@link RaftObserver}): durable votes,
 * role changes, leaders, appends, commits and applies.
 *
 * <p>Every entry into MicroRaft (start, a message, a timer, a completed sync) goes through
 * {@link #enter}: it sets MicroRaft's log sink for this thread, runs the mailbox, and afterwards
 * fails the run if MicroRaft logged an unexpected ERROR or a task threw (CRASH), halts the node if
 * its disk failed, and reports role and commit changes.
 */
public final class MicroRaftServer implements RaftServer {
    /** SLF4J bound to our provider, settled once before any MicroRaft class loads its loggers. */
    private static final boolean LOGGING_CAPTURED = DetsimSlf4jProvider.awaitBinding();

    private final NodeContext ctx;
    private final MicroRaftConfig config;
    private final RaftObserver observer;
    private final UnaryOperator<StateMachine> stateMachineWrapper;
    private final int id;
    private final SimExecutor executor;
    private final DurabilityGate gate;
    private final SimTransport transport;
    private final Sink sink = new Sink();
    private JournalStore journal;
    private KvOpStateMachine stateMachine;
    private RaftNodeImpl raft;
    private String quarantine;
    private Throwable failure;
    private int depth;
    private Role reportedRole;
    private long reportedTerm = -1;
    private long leaderTermReported = -1;
    private long commitReported;
    private long electionsStarted;

    public MicroRaftServer(NodeContext ctx, MicroRaftConfig config, RaftObserver observer) {
        this(ctx, config, observer, UnaryOperator.identity());
    }

    /** For tests: {@code stateMachineWrapper} wraps the KV state machine MicroRaft is given. */
    MicroRaftServer(NodeContext ctx, MicroRaftConfig config, RaftObserver observer,
            UnaryOperator<StateMachine> stateMachineWrapper) {
        this.ctx = ctx;
        this.config = config;
        this.observer = observer;
        this.stateMachineWrapper = stateMachineWrapper;
        this.id = ctx.nodeId();
        if (id < 0 || id >= config.servers()) {
            throw new IllegalArgumentException("node " + id + " is not a server of "
                    + config.servers());
        }
        this.executor = new SimExecutor(ctx, config.timeScale(), this::enter);
        this.gate = new DurabilityGate(ctx, executor, this::enter);
        this.transport = new SimTransport(ctx, gate, config, this::problem);
    }

    // ---- entry points ----

    @Override
    public void start() {
        if (!LOGGING_CAPTURED) {
            throw new IllegalStateException("SLF4J is not bound to DetsimSlf4jProvider (another"
                    + " binding on the classpath?): MicroRaft's ERRORs would go unseen");
        }
        enter(this::boot);
    }

    @Override
    public void receive(int from, Message message) {
        if (raft == null) {
            return; // quarantined: down for good
        }
        enter(() -> {
            switch (message) {
                case WireMessage wire -> {
                    transport.heardFrom(from);
                    raft.handle(wire.message());
                }
                case ClientCommand command -> onCommand(from, command.request());
                case ClientRead read -> onRead(read);
                case ClientReply reply -> throw new IllegalStateException(
                        "a server got a client reply: " + reply);
                default -> throw new IllegalStateException("not a message for a MicroRaft"
                        + " server: " + message);
            }
        });
    }

    /**
     * Asks MicroRaft, if this node leads, to hand leadership to {@code target} through its own
     * API, as a node event of its own (a zero-delay timer), never from inside the caller's.
     */
    @Override
    public void transferLeadership(int target) {
        if (raft == null || target == id || target < 0 || target >= config.servers()
                || metrics().role() != Role.LEADER) {
            return;
        }
        ctx.setTimer("microraft:transfer-leadership", 0, () -> enter(() -> raft
                .transferLeadership(NodeEndpoint.of(target)).whenComplete((ordered, error) ->
                        guard(() -> ctx.log().info("leadership transfer to n%d: %s", target,
                                error == null ? "done" : error.toString())))));
    }

    /** The committed voting members this node knows, ascending; none while it is down. */
    @Override
    public int[] members() {
        if (raft == null) {
            return new int[0];
        }
        return raft.getCommittedMembers().getVotingMembers().stream()
                .mapToInt(NodeEndpoint::idOf).sorted().toArray();
    }

    /**
     * Asks MicroRaft, if this node leads and no change is under way, to add {@code node} as a
     * voting member or remove it, through its own {@code changeMembership} (as a node event of
     * its own, like a transfer). MicroRaft checks the rest (one change at a time, an entry of
     * the current term committed first) and says so in the log.
     */
    @Override
    public boolean changeMembership(int node, boolean add) {
        if (raft == null || node < 0 || node >= config.servers()
                || metrics().role() != Role.LEADER) {
            return false;
        }
        long expectedIndex = raft.getCommittedMembers().getLogIndex();
        MembershipChangeMode mode = add ? MembershipChangeMode.ADD_OR_PROMOTE_TO_FOLLOWER
                : MembershipChangeMode.REMOVE_MEMBER;
        ctx.setTimer("microraft:change-membership", 0, () -> enter(() -> raft
                .changeMembership(NodeEndpoint.of(node), mode, expectedIndex)
                .whenComplete((ordered, error) -> guard(() -> ctx.log().info(
                        "membership change %s n%d: %s", mode, node, error == null
                                ? "committed at " + ordered.getCommitIndex()
                                : error.toString())))));
        return true;
    }

    @Override
    public RaftMetrics metrics() {
        if (raft == null) {
            return new RaftMetrics(id, Role.FOLLOWER, 0, -1, 0, 0, 0, electionsStarted,
                    gate.messagesSent(), false);
        }
        RaftState state = raft.state();
        return new RaftMetrics(id, roleOf(state), state.term(), NodeEndpoint.idOf(state.leader()),
                state.commitIndex(), stateMachine.appliedIndex(), journal.lastIndex(),
                electionsStarted, gate.messagesSent(), false);
    }

    @Override
    public long entryDigest(long index) {
        return journal == null ? ABSENT : journal.digestAt(index);
    }

    @Override
    public long logVersion() {
        return journal == null ? 0 : journal.logVersion();
    }

    /** Log entries at or below it were compacted into a snapshot (0: none). */
    long compactedUntil() {
        return journal == null ? 0 : journal.compactedUntil();
    }

    int snapshotsTaken() {
        return stateMachine == null ? 0 : stateMachine.snapshotsTaken();
    }

    int snapshotsInstalled() {
        return stateMachine == null ? 0 : stateMachine.snapshotsInstalled();
    }

    /** Why this node stays down for good (its synced data was damaged), or null. */
    public String quarantine() {
        return quarantine;
    }

    // ---- boot ----

    private void boot() {
        JournalRecovery.Result recovered = JournalRecovery.recover(ctx.disk());
        if (recovered.quarantine() != null) {
            quarantine = recovered.quarantine();
            problem("quarantined, down for good: " + quarantine);
            return;
        }
        DefaultRaftModelFactory models = new DefaultRaftModelFactory();
        journal = new JournalStore(recovered.journal(), recovered.state(), gate,
                new JournalStore.Listener() {
                    @Override
                    public void voted(int term, int candidate) {
                        observer.voted(id, term, candidate);
                    }

                    @Override
                    public void appended(long index, int term) {
                        observer.appended(id, index, term);
                    }
                }, this::leading);
        stateMachine = new KvOpStateMachine(id, journal, observer);
        raft = MicroRaftNodeFactory.build(config, id,
                JournalRecovery.restoredState(recovered.state(), models),
                new MicroRaftNodeFactory.Parts(executor, transport, journal,
                        stateMachineWrapper.apply(stateMachine),
                        new ScaledClock(ctx, config.timeScale()),
                        new StreamRandom(ctx.random("microraft")), models,
                        report -> reportRole()));
        raft.start();
    }

    // ---- clients ----

    private void onCommand(int client, ClientRequest request) {
        raft.<KvResult>replicate(new KvOp.Command(request)).whenComplete((ordered, error) ->
                guard(() -> {
                    if (error == null) {
                        gate.send(client, new ClientReply(request.clientId(),
                                request.sequence(), 0, ordered.getResult(), Refusal.NONE, id));
                    } else if (error instanceof RaftException refused) {
                        // Not the leader, cannot replicate now, or indeterminate (the entry may
                        // still commit): the client resends the same sequence, which the
                        // session applies at most once.
                        gate.send(client, new ClientReply(request.clientId(),
                                request.sequence(), 0, null, Refusal.NOT_LEADER,
                                NodeEndpoint.idOf(refused.getLeader())));
                    }
                }));
    }

    private void onRead(ClientRead read) {
        QueryPolicy policy = read.stale() ? QueryPolicy.EVENTUAL_CONSISTENCY
                : read.lease() ? QueryPolicy.LEADER_LEASE : config.readPolicy();
        raft.<String>query(new KvOp.Read(read.key()), policy, Optional.empty(), Optional.empty())
                .whenComplete((Ordered<String> ordered, Throwable error) -> guard(() -> {
                    if (error == null) {
                        gate.send(read.client(), new ClientReply(-1, 0, read.readId(),
                                KvResult.ok(ordered.getResult()), Refusal.NONE, -1));
                    } else if (error instanceof RaftException refused) {
                        gate.send(read.client(), new ClientReply(-1, 0, read.readId(), null,
                                Refusal.NOT_LEADER, NodeEndpoint.idOf(refused.getLeader())));
                    }
                }));
    }

    // ---- the shell ----

    /**
     * Runs {@code action} as (part of) a node event. The outermost call sets the log sink and,
     * once the action and the mailbox are done, raises what happened: a failure (CRASH), a disk
     * halt, and the role and commit changes to report.
     */
    private void enter(Runnable action) {
        if (depth > 0) {
            action.run();
            return;
        }
        depth++;
        LogSink previous = DetsimSlf4jProvider.swap(sink);
        try {
            action.run();
        } catch (Error e) {
            // An assert or a stack overflow in MicroRaft code we called directly.
            throw new IllegalStateException("MicroRaft node " + id + " threw " + e, e);
        } finally {
            DetsimSlf4jProvider.swap(previous);
            depth--;
        }
        afterEvent();
    }

    private void afterEvent() {
        Throwable failed = failure != null ? failure : executor.escaped();
        if (failed != null) {
            throw new IllegalStateException(failed == failure ? failed.getMessage()
                    : "a MicroRaft task threw " + failed, failed);
        }
        if (journal != null && journal.haltReason() != null) {
            executor.stop();
            throw new ProcessHalt(journal.haltReason());
        }
        if (raft != null) {
            reportRole();
            long commitIndex = raft.state().commitIndex();
            if (commitIndex != commitReported) {
                commitReported = commitIndex;
                observer.committed(id, commitIndex);
            }
        }
    }

    /** Runs a callback MicroRaft would swallow the exceptions of; they fail the run instead. */
    private void guard(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    private void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        executor.stop();
    }

    /** Tells the observer of a new role or term, and of a new leader, exactly once each. */
    private void reportRole() {
        RaftState state = raft.state();
        Role role = roleOf(state);
        long term = state.term();
        if (role == reportedRole && term == reportedTerm) {
            return;
        }
        if (role == Role.CANDIDATE) {
            electionsStarted++;
        }
        reportedRole = role;
        reportedTerm = term;
        observer.roleChanged(id, role, term);
        if (role == Role.LEADER && term > leaderTermReported) {
            leaderTermReported = term;
            observer.becameLeader(id, term);
        }
    }

    private boolean leading() {
        return raft != null && raft.state().role() == io.microraft.RaftRole.LEADER;
    }

    private static Role roleOf(RaftState state) {
        return switch (state.role()) {
            case LEADER -> Role.LEADER;
            case CANDIDATE -> Role.CANDIDATE;
            case FOLLOWER, LEARNER -> state.preCandidateState() != null ? Role.PRE_CANDIDATE
                    : Role.FOLLOWER;
        };
    }

    private void problem(String description) {
        ctx.log().info("problem: %s", description);
        observer.problem(id, description);
    }

    /**
     * A throwable and its causes, each as class and message: MicroRaft's exceptions override
     * {@code toString} without the message, and the cause says what broke.
     */
    private static String causes(Throwable throwable) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable t = throwable; t != null && depth < 6; t = t.getCause(), depth++) {
            if (depth > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    /** Where MicroRaft's log lines go while this node runs. */
    private final class Sink implements LogSink {
        @Override
        public boolean infoEnabled() {
            return ctx.log().isEnabled();
        }

        @Override
        public void log(Level level, String loggerName, String pattern, Object[] arguments,
                Throwable throwable) {
            String text = MessageFormatter.basicArrayFormat(pattern, arguments);
            if (level == Level.ERROR) {
                switch (ErrorPolicy.judge(loggerName, pattern, throwable)) {
                    case FAILURE -> fail(new IllegalStateException("MicroRaft logged an ERROR: "
                            + text + (throwable == null ? "" : " (" + causes(throwable) + ")"),
                            throwable));
                    case BENIGN -> problem("MicroRaft ERROR (benign): " + text);
                    case DISK_HALT -> { }
                }
            }
            if (ctx.log().isEnabled()) {
                ctx.log().info("%s %s: %s%s", level,
                        loggerName.substring(loggerName.lastIndexOf('.') + 1), text,
                        throwable == null ? "" : " (" + throwable + ")");
            }
        }
    }
}
