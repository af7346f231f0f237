package io.detsim.scenario.run;

import io.detsim.check.history.History;
import io.detsim.check.history.Op;
import io.detsim.check.history.OpType;
import io.detsim.check.linear.Budget;
import io.detsim.check.linear.CheckResult;
import io.detsim.check.linear.LinearizabilityChecker;
import io.detsim.check.model.Models;
import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.client.ClientEvent;
import io.detsim.raft.client.KvClient;
import io.detsim.raft.core.RaftBug;
import io.detsim.raft.core.RaftConfig;
import io.detsim.raft.core.RaftMetrics;
import io.detsim.raft.core.RaftNode;
import io.detsim.raft.core.RaftObserver;
import io.detsim.raft.core.RaftServer;
import io.detsim.raft.core.Role;
import io.detsim.raft.invariant.RaftInvariants;
import io.detsim.raft.microraft.MicroRaftConfig;
import io.detsim.raft.microraft.MicroRaftServer;
import io.detsim.report.ClusterTimeline;
import io.detsim.report.TimelineRecorder;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.ScriptStep;
import io.detsim.sim.SimObserver;
import io.detsim.sim.Simulation;
import io.detsim.sim.SimulationFailure;
import io.detsim.sim.fault.Durations;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.TimedFault;
import io.detsim.sim.net.NodeSet;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.Node;
import io.detsim.sim.seam.NodeContext;
import io.detsim.sim.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One seed of one scenario against the Raft under test, end to end: build the cluster and its
 * clients, the safety phase (nemesis and script faults, Raft invariants after every event), the
 * liveness phase (everything healed: a leader within the bound, and no operation invoked after it
 * may time out), the linearizability check of the clients' history, and the vacuity gates.
 */
public final class ScenarioRun {
    /** Simulated events per simulated second before a run counts as an event storm. */
    private static final long EVENTS_PER_SECOND_MAX = 2_000_000;

    private final Scenario scenario;
    private final String scenarioRef;
    private final String knobs;
    private final long seed;
    private final RaftBug bug;
    private final FaultProfile profile;
    private final Simulation sim;
    private final RaftInvariants invariants;
    private final List<ClientEvent> events = new ArrayList<>();
    private final RandomStream scriptRandom;
    private final TimelineRecorder timeline;
    /** MicroRaft's configuration, for a scenario against MicroRaft (else null). */
    private final MicroRaftConfig microRaftConfig;
    private long checkBudgetNanos = 20_000_000_000L;
    private CheckResult checkResult;
    /** Per server: whether it was ever a voting member (a removed one never comes back). */
    private final boolean[] everMember;
    private int membershipChanges;

    /**
     * @param scenarioRef how the reproduce line names the scenario (a built-in name or a path)
     * @param logSink node log lines, or null
     */
    public ScenarioRun(Scenario scenario, String scenarioRef, long seed, RaftBug bug,
            Trace.Mode traceMode, Consumer<String> logSink) {
        this(scenario, scenarioRef, "", seed, bug, traceMode, logSink);
    }

    /**
     * @param knobs command-line options that changed the scenario (e.g. {@code " --servers 3"}),
     *              for the reproduce line
     */
    public ScenarioRun(Scenario scenario, String scenarioRef, String knobs, long seed, RaftBug bug,
            Trace.Mode traceMode, Consumer<String> logSink) {
        this.scenario = scenario;
        this.scenarioRef = scenarioRef;
        this.knobs = knobs;
        this.seed = seed;
        this.bug = bug;
        this.profile = scenario.faults().profileFor(seed);
        this.scriptRandom = RandomStream.root(seed).fork("script");
        this.everMember = new boolean[scenario.servers()];
        java.util.Arrays.fill(everMember, 0, scenario.members(), true);
        int servers = scenario.servers();
        if (!scenario.system().equals("raft") && bug != RaftBug.NONE) {
            throw new IllegalArgumentException("planted bugs are in our Raft only: --bug "
                    + bug.cliName() + " cannot run against " + scenario.system());
        }
        RaftConfig raft = RaftConfig.defaults(servers).withBug(bug);
        this.microRaftConfig = scenario.system().equals("microraft") ? microRaftConfig(scenario)
                : null;
        ClientConfig client = scenario.workload().clientConfig(servers, scenario.clients());
        this.invariants = new RaftInvariants(servers, this::server);
        // Only a recorded run is saved with its report; campaigns' hash-only runs skip the cost.
        this.timeline = traceMode == Trace.Mode.RECORD
                ? new TimelineRecorder(servers, servers + scenario.clients()) : null;
        this.sim = Simulation.builder(seed).profile(profile).faultTargets(servers)
                .observer(timeline != null ? timeline : SimObserver.NONE)
                .traceMode(traceMode).logSink(logSink).reproduceCommand(reproduceCommand())
                .nodes(servers, ctx -> newServer(ctx, raft))
                .nodes(scenario.clients(), ctx -> new KvClient(ctx, client, events::add))
                .build();
        for (RaftInvariants.NamedCheck check : invariants.checks()) {
            sim.addInvariant(check.name(), check.check());
        }
        if (timeline != null) {
            invariants.addListener(new RaftInvariants.Listener() {
                @Override
                public void roleChanged(int node, Role role, long term) {
                    timeline.roleChanged(sim.nowNanos(), node, role.name(), term);
                }
            });
        }
        if (scenario.script().stream().anyMatch(ScriptStep::triggered)) {
            invariants.addListener(new TriggerListener());
        }
    }

    /** A new incarnation of server {@code ctx.nodeId()} of the scenario's system. */
    private RaftServer newServer(NodeContext ctx, RaftConfig raft) {
        RaftObserver observer = invariants.observerForNewIncarnation(ctx.nodeId());
        return switch (scenario.system()) {
            case "raft" -> new RaftNode(ctx, raft, observer);
            case "microraft" -> new MicroRaftServer(ctx,
                    microRaftConfig, observer);
            default -> throw new IllegalArgumentException("no adapter for system "
                    + scenario.system());
        };
    }

    private static MicroRaftConfig microRaftConfig(Scenario scenario) {
        MicroRaftConfig config = MicroRaftConfig.defaults(scenario.servers())
                .withInitialMembers(scenario.members());
        return scenario.snapshotEvery() > 0 ? config.withSnapshotEvery(scenario.snapshotEvery())
                : config;
    }

    /** Caps the wall time the linearizability checker may spend (its verdict is then unknown). */
    public ScenarioRun checkBudgetNanos(long value) {
        this.checkBudgetNanos = value;
        return this;
    }

    public String reproduceCommand() {
        return "./detsim run --seed " + seed + " --scenario " + scenarioRef + knobs
                + (bug == RaftBug.NONE ? "" : " --bug " + bug.cliName());
    }

    public FaultProfile profile() { return profile; }

    public Simulation simulation() { return sim; }

    public List<String> problems() { return invariants.problems(); }

    /**
     * The cluster's timeline so far: roles, outages and faults (for the run report); null for a
     * run whose trace is not recorded.
     */
    public ClusterTimeline timeline() {
        return timeline == null ? null : timeline.finish(sim.nowNanos());
    }

    /** The linearizability checker's result, or null when the run ended before the check. */
    public CheckResult checkResult() { return checkResult; }

    /** Runs it all and says how it went. */
    public RunResult execute() {
        long wallStart = System.nanoTime();
        Verdict verdict;
        String reason = null;
        String checker = "not run";
        String counterexample = null;
        try {
            sim.start();
            runChaos();
            String liveness = runHeal();
            if (liveness != null) {
                verdict = Verdict.LIVENESS;
                reason = liveness;
            } else {
                CheckResult result = check(history());
                checkResult = result;
                checker = describe(result);
                if (result instanceof CheckResult.NotLinearizable bad) {
                    counterexample = describe(bad.counterexample());
                    verdict = Verdict.SAFETY;
                    reason = "history not linearizable: " + checker;
                } else if (result instanceof CheckResult.Unknown) {
                    verdict = Verdict.UNDECIDED;
                    reason = "the checker could not decide: " + checker;
                } else {
                    String vacuous = vacuity();
                    verdict = vacuous == null ? Verdict.PASS : Verdict.VACUOUS;
                    reason = vacuous;
                }
            }
        } catch (SimulationFailure failure) {
            verdict = switch (failure.kind()) {
                case SAFETY -> Verdict.SAFETY;
                case LIVENESS -> Verdict.LIVENESS;
                case CRASH -> Verdict.CRASH;
                case NONDETERMINISM -> Verdict.NONDETERMINISM;
            };
            reason = failure.reason();
        }
        long ok = count(ClientEvent.Type.OK);
        return new RunResult(scenario.name(), seed, bug.cliName(), verdict, reason,
                sim.trace().hashHex(), profile.describe(), sim.nowNanos(), sim.stepCount(),
                count(ClientEvent.Type.INVOKE), ok, count(ClientEvent.Type.FAIL),
                count(ClientEvent.Type.INFO), sim.stats().faultsApplied(), sim.stats().halts(),
                checker, counterexample, metrics(), leaseCheck(verdict), reproduceCommand(),
                System.nanoTime() - wallStart);
    }

    // ---- phases ----

    private void runChaos() {
        long chaos = scenario.chaosNanos();
        if (chaos == 0) {
            return;
        }
        sim.schedule(sim.nemesisSchedule(chaos, scenario.servers()));
        List<ScriptEvent> script = scriptTimeline(chaos);
        int[] affected = new int[scenario.script().size()];
        for (ScriptEvent event : script) {
            runUntil(event.atNanos());
            ScriptStep step = scenario.script().get(event.step());
            if (event.begin()) {
                affected[event.step()] = beginStep(step);
            } else {
                endStep(step, affected[event.step()]);
            }
        }
        runUntil(chaos);
    }

    /** Heals everything; returns why liveness failed, or null. */
    private String runHeal() {
        long healAt = sim.nowNanos();
        sim.apply(new FaultAction.HealAll());
        long boundAt = healAt + scenario.livenessBoundNanos();
        runUntil(boundAt);
        if (leader() < 0) {
            return "no leader " + Durations.format(scenario.livenessBoundNanos())
                    + " after the heal at " + Durations.format(healAt) + ": " + metrics();
        }
        runUntil(healAt + scenario.healNanos());
        Map<Long, Long> invokeTime = new TreeMap<>();
        for (ClientEvent e : events) {
            if (e.type() == ClientEvent.Type.INVOKE) {
                invokeTime.put(e.process(), e.timeNanos());
            } else if (e.type() == ClientEvent.Type.INFO
                    && invokeTime.getOrDefault(e.process(), 0L) >= boundAt) {
                return "an operation invoked at " + Durations.format(invokeTime.get(e.process()))
                        + ", after the liveness bound, timed out (" + e.f() + " " + e.key() + ")";
            }
        }
        return null;
    }

    private void runUntil(long atNanos) {
        long duration = atNanos - sim.nowNanos();
        if (duration > 0) {
            sim.runFor(duration, Math.max(1_000_000,
                    duration / 1_000_000_000L * EVENTS_PER_SECOND_MAX));
        }
    }

    // ---- the script: faults aimed at whoever leads ----

    private record ScriptEvent(long atNanos, int step, boolean begin) {}

    private List<ScriptEvent> scriptTimeline(long chaosNanos) {
        List<ScriptEvent> timeline = new ArrayList<>();
        for (int i = 0; i < scenario.script().size(); i++) {
            ScriptStep step = scenario.script().get(i);
            if (step.triggered()) {
                continue;
            }
            for (long t = step.startNanos(); t < chaosNanos; t += step.everyNanos()) {
                timeline.add(new ScriptEvent(t, i, true));
                timeline.add(new ScriptEvent(Math.min(t + step.forNanos(), chaosNanos), i,
                        false));
            }
        }
        timeline.sort(Comparator.comparingLong(ScriptEvent::atNanos)
                .thenComparing(e -> e.begin() ? 1 : 0));
        return timeline;
    }

    /** Applies a step to the current leader; returns the node it hit, or -1. */
    private int beginStep(ScriptStep step) {
        int leader = leader();
        if (leader < 0) {
            return -1;
        }
        if (step.action().equals("transfer-leadership")) {
            if (scenario.servers() > 1) {
                int target = (leader + 1 + scriptRandom.nextInt(scenario.servers() - 1))
                        % scenario.servers();
                server(leader).transferLeadership(target);
            }
        } else if (step.action().equals("replace-member")) {
            addSpareMember(leader);
        } else {
            sim.apply(faultAndUndo(step.action(), leader)[0]);
        }
        return leader;
    }

    /** A script action on {@code node} and what undoes it (a heal, a restart, a resume). */
    private FaultAction[] faultAndUndo(String action, int node) {
        return switch (action) {
            case "isolate-leader", "isolate" -> new FaultAction[] {
                new FaultAction.PartitionHalves(leaderWithHalfTheClients(node)),
                new FaultAction.Heal()};
            case "crash-leader", "crash" -> new FaultAction[] {new FaultAction.Crash(node),
                new FaultAction.Restart(node)};
            case "pause-leader", "pause" -> new FaultAction[] {new FaultAction.Pause(node),
                new FaultAction.Resume(node)};
            default -> throw new IllegalStateException("not a fault action: " + action);
        };
    }

    /**
     * Triggered script steps: a Raft event during the chaos phase schedules, with the step's
     * chance and after a drawn delay, its fault on the event's node and the undoing of it. The
     * faults go through the scheduler (never applied inside the node's handler), and none starts
     * after the chaos phase, whose end heals everything.
     */
    private final class TriggerListener implements RaftInvariants.Listener {
        private final FigureEight figureEight = new FigureEight();

        @Override
        public void becameLeader(int node, long term) {
            figureEight.elected(node);
            trigger("elected", node);
        }

        @Override
        public void appended(int node, long index, long term) {
            trigger("appended", node);
        }

        @Override
        public void voted(int node, long term, int candidate) {
            if (node != candidate) {
                trigger("voted", node);
            }
        }

        private void trigger(String kind, int node) {
            long now = sim.nowNanos();
            long chaosEnd = scenario.chaosNanos();
            for (ScriptStep step : scenario.script()) {
                if (!kind.equals(step.on()) || now >= chaosEnd
                        || !scriptRandom.chance(step.chance())) {
                    continue;
                }
                if (step.action().equals("figure-8")) {
                    figureEight.start(node, step);
                    continue;
                }
                long begin = now + (step.delayNanosMax() > 0
                        ? scriptRandom.nextLong(0, step.delayNanosMax()) : 0);
                if (begin >= chaosEnd) {
                    continue;
                }
                long end = Math.min(begin + step.forNanos(), chaosEnd);
                FaultAction[] doUndo = faultAndUndo(step.action(), node);
                sim.schedule(List.of(new TimedFault(begin, doUndo[0]),
                        new TimedFault(end, doUndo[1])));
            }
        }
    }

    /**
     * Figure 8 of the Raft paper, played on a live cluster. Stage 1: the leader that just
     * appended (an entry nobody else has yet) stops sending to the other servers, though it still
     * hears them. Stage 2: when another node wins, the first is let back and the new leader is cut
     * the same way as it wins (its no-op stays with it). Stage 3: when a third wins (often the
     * first, with its older entry), it is crashed a few milliseconds into its term — while a
     * majority may hold the older entry but not yet its no-op — and the network heals, so that the
     * second can come back and overwrite. A stage that waits over 2 s gives up and heals.
     */
    private final class FigureEight {
        private static final long STAGE_NANOS_MAX = 2_000_000_000L;
        private static final long CRASH_DELAY_NANOS_MAX = 40_000_000L;
        private int stage;
        private int previous = -1;
        private long deadline;

        void start(int leader, ScriptStep step) {
            long now = sim.nowNanos();
            if (now < deadline) {
                return; // a round is under way, or cooling down after its crash
            }
            stage = 1;
            previous = leader;
            deadline = now + STAGE_NANOS_MAX;
            cutOutbound(now + (step.delayNanosMax() > 0
                    ? scriptRandom.nextLong(0, step.delayNanosMax()) : 0), leader);
        }

        void elected(int node) {
            long now = sim.nowNanos();
            if (stage == 0 || node == previous || now >= scenario.chaosNanos()) {
                return;
            }
            if (now >= deadline) {
                stage = 0;
                sim.schedule(List.of(new TimedFault(now, new FaultAction.Heal())));
                return;
            }
            if (stage == 1) {
                stage = 2;
                previous = node;
                deadline = now + STAGE_NANOS_MAX;
                cutOutbound(now, node);
                return;
            }
            stage = 0;
            long crashAt = now + scriptRandom.nextLong(0, CRASH_DELAY_NANOS_MAX);
            long chaosEnd = scenario.chaosNanos();
            if (crashAt >= chaosEnd) {
                return;
            }
            sim.schedule(List.of(new TimedFault(crashAt, new FaultAction.Crash(node)),
                    new TimedFault(Math.min(chaosEnd, crashAt
                            + scriptRandom.nextLong(0, 5_000_000L)), new FaultAction.Heal()),
                    new TimedFault(Math.min(chaosEnd, crashAt
                            + scriptRandom.nextLong(1_000_000L, 200_000_000L)),
                            new FaultAction.Restart(node))));
            deadline = crashAt + 1_000_000_000L;
        }

        /** Heals, then cuts what {@code node} sends to the other servers (it still hears them). */
        private void cutOutbound(long atNanos, int node) {
            if (atNanos >= scenario.chaosNanos()) {
                return;
            }
            NodeSet others = NodeSet.range(scenario.servers()).without(node);
            sim.schedule(List.of(new TimedFault(atNanos, new FaultAction.Heal()),
                    new TimedFault(atNanos, new FaultAction.PartitionOneWay(NodeSet.of(node),
                            others))));
        }
    }

    /**
     * The leader's side of a leader isolation: the leader and every other client, so that both
     * sides have clients, as in Jepsen. A deposed leader that still answers its clients is exactly
     * what stale reads need.
     */
    private NodeSet leaderWithHalfTheClients(int leader) {
        NodeSet side = NodeSet.of(leader);
        for (int client = 0; client < scenario.clients(); client += 2) {
            side = side.with(scenario.servers() + client);
        }
        return side;
    }

    private void endStep(ScriptStep step, int node) {
        if (step.action().equals("replace-member")) {
            removeOldMember();
        } else if (node >= 0 && !step.action().equals("transfer-leadership")) {
            sim.apply(faultAndUndo(step.action(), node)[1]);
        }
    }

    // ---- membership changes through the system's own API (replace-member) ----

    /** Has the leader add the lowest spare server (never a member yet) as a voting member. */
    private void addSpareMember(int leader) {
        int[] members = server(leader).members();
        if (members == null) {
            return;
        }
        for (int id = 0; id < scenario.servers(); id++) {
            if (!contains(members, id) && !everMember[id]) {
                if (server(leader).changeMembership(id, true)) {
                    everMember[id] = true;
                    membershipChanges++;
                }
                return;
            }
        }
    }

    /**
     * Has the current leader remove a follower that was a member from the start (or the longest),
     * never below three members: the cluster is replaced one server at a time.
     */
    private void removeOldMember() {
        int leader = leader();
        if (leader < 0) {
            return;
        }
        int[] members = server(leader).members();
        if (members == null || members.length <= 3) {
            return;
        }
        for (int id : members) {
            if (id != leader) {
                if (server(leader).changeMembership(id, false)) {
                    membershipChanges++;
                }
                return;
            }
        }
    }

    private static boolean contains(int[] ids, int id) {
        for (int x : ids) {
            if (x == id) {
                return true;
            }
        }
        return false;
    }

    /** Membership changes the leader accepted (for the run's record). */
    public int membershipChanges() { return membershipChanges; }

    // ---- reading the cluster ----

    private RaftServer server(int id) {
        Node node = sim.node(id);
        return node instanceof RaftServer raftServer ? raftServer : null;
    }

    /** The leader of the highest term among servers that are up and running, or -1. */
    private int leader() {
        int leader = -1;
        long term = -1;
        for (int id = 0; id < scenario.servers(); id++) {
            RaftServer node = server(id);
            if (node != null && !sim.isPaused(id) && node.metrics().role() == Role.LEADER
                    && node.metrics().term() > term) {
                leader = id;
                term = node.metrics().term();
            }
        }
        return leader;
    }

    private List<RaftMetrics> metrics() {
        List<RaftMetrics> all = new ArrayList<>();
        for (int id = 0; id < scenario.servers(); id++) {
            RaftServer node = server(id);
            if (node != null) {
                all.add(node.metrics());
            }
        }
        return all;
    }

    // ---- the history and the gates ----

    /**
     * The clients' history for the checkers: the linearizable operations (stale reads are
     * explicitly not linearizable and left out, lease reads are checked apart), stamped with the
     * clients' clocks, which keep true time.
     */
    public History history() {
        return history(false, "");
    }

    /**
     * The clients' events without the stale reads; lease reads left out too, or kept as gets
     * (for their own check).
     */
    private History history(boolean withLeaseReads, String sourceSuffix) {
        List<Op> ops = new ArrayList<>();
        for (ClientEvent e : events) {
            boolean lease = e.f().equals("lease-get");
            if (e.f().equals("stale-get") || (lease && !withLeaseReads)) {
                continue;
            }
            ops.add(new Op(ops.size(), e.process(), OpType.valueOf(e.type().name()),
                    lease ? "get" : e.f(), e.key(), e.value(), e.timeNanos()));
        }
        return new History(ops, scenario.name() + " seed " + seed + sourceSuffix);
    }

    /**
     * The lease reads' own check: the history with them (as gets) and without the stale reads.
     * Run only once the main check passed (so that it can say something the main check did
     * not), and never deciding the verdict: clock faults and pauses may legitimately break a
     * leader's lease. Null when there were no lease reads.
     */
    private String leaseCheck(Verdict verdict) {
        if (events.stream().noneMatch(e -> e.f().equals("lease-get"))) {
            return null;
        }
        if (verdict != Verdict.PASS && verdict != Verdict.VACUOUS) {
            return "not run (the run did not pass)";
        }
        CheckResult result = check(history(true, " with lease reads"));
        return describe(result) + (result instanceof CheckResult.NotLinearizable bad
                ? "; " + describe(bad.counterexample()).lines().findFirst().orElse("") : "");
    }

    /** The key-value model's linearizability check, within the run's checker budget. */
    private CheckResult check(History history) {
        return new LinearizabilityChecker(Budget.defaults().withVerdictNanosMax(checkBudgetNanos))
                .check(history, Models.create("kv", "nil", false));
    }

    /** Why the run proved too little to count as a pass, or null. */
    private String vacuity() {
        long ok = count(ClientEvent.Type.OK);
        if (ok < scenario.completedOpsMin()) {
            return "only " + ok + " operations completed (the scenario asks for "
                    + scenario.completedOpsMin() + ")";
        }
        boolean faultsAsked = scenario.chaosNanos() > 0
                && (profile.nemesis().anyEnabled() || !scenario.script().isEmpty());
        // The heal at the end of the chaos phase is one applied fault action; more are needed.
        if (faultsAsked && sim.stats().faultsApplied() <= 1) {
            return "the scenario asked for faults but none fired in "
                    + Durations.format(scenario.chaosNanos());
        }
        return null;
    }

    private long count(ClientEvent.Type type) {
        long n = 0;
        for (ClientEvent e : events) {
            if (e.type() == type) {
                n++;
            }
        }
        return n;
    }

    private static String describe(CheckResult.Counterexample c) {
        StringBuilder out = new StringBuilder();
        out.append("cannot linearize: ").append(c.firstUnlinearizable()).append('\n');
        out.append("longest linearizable prefix: ").append(c.longestPrefix().size())
                .append(" operations, then state ").append(c.stateAfterPrefix()).append('\n');
        out.append("minimal non-linearizable sub-history (").append(c.minimal().size())
                .append(" operations").append(c.minimalComplete() ? "" : ", shrinking cut short")
                .append("):");
        for (var op : c.minimal()) {
            out.append('\n').append("  ").append(op);
        }
        return out.toString();
    }

    private static String describe(CheckResult result) {
        return switch (result) {
            case CheckResult.Linearizable l -> "linearizable (" + l.operationCount()
                    + " operations, " + l.partitionCount() + " keys)";
            case CheckResult.NotLinearizable n -> "not linearizable at "
                    + n.counterexample().firstUnlinearizable() + " (key "
                    + n.counterexample().partition() + ")";
            case CheckResult.Unknown u -> "unknown: " + u.reason();
        };
    }
}
