package io.detsim.sim;

import io.detsim.sim.clock.SimClock;
import io.detsim.sim.disk.DiskFault;
import io.detsim.sim.disk.SimDisk;
import io.detsim.sim.fault.ClockProfile;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.Nemesis;
import io.detsim.sim.fault.TimedFault;
import io.detsim.sim.fault.Durations;
import io.detsim.sim.net.DropReason;
import io.detsim.sim.net.NodeSet;
import io.detsim.sim.net.SimNetwork;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.sched.Scheduler;
import io.detsim.sim.sched.SimEvent;
import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.ProcessHalt;
import io.detsim.sim.seam.Node;
import io.detsim.sim.seam.NodeFactory;
import io.detsim.sim.trace.Trace;
import io.detsim.sim.trace.TraceKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One seeded run: the scheduler, the network, a disk and a clock per node, the nodes themselves,
 * faults, invariants and the trace. Everything random is drawn from streams forked from the seed by
 * name, so one seed always gives one run, and so the trace hash.
 *
 * <p>Single-threaded by design; not thread-safe. Campaigns run many simulations on many threads,
 * one simulation per thread.
 */
public final class Simulation {
    private static final int NOTE_CHARS_MAX = 400;
    private final long seed;
    private final FaultProfile profile;
    private final RandomStream rootRandom;
    private final Scheduler scheduler;
    private final Trace trace;
    private final SimNetwork network;
    private final NodeSlot[] slots;
    private final String reproduceCommand;
    private final Consumer<String> logSink;
    private final long supervisorRestartDelayNanos;
    private final SimObserver observer;
    /** Whether the trace keeps events, so that notes (never hashed) are worth making. */
    private final boolean recording;
    private final int faultTargetCount;
    private final List<NamedInvariant> invariants = new ArrayList<>();
    private final Map<String, Long> timerDigests = new HashMap<>();
    private final SimStats stats = new SimStats();
    private final long[] plannedDeliveryNanos = new long[2];
    private final NodeSet corruptibleDisks;
    private boolean started;
    private int currentNode = -1;

    private record NamedInvariant(String name, Runnable check) {}

    /**
     * Messages must be values: records (or enums), whose fields cannot be reassigned after sending.
     */
    private static final ClassValue<Boolean> IS_VALUE_TYPE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.isRecord() || type.isEnum();
        }
    };

    private Simulation(Builder b) {
        this.seed = b.seed;
        this.profile = b.profile;
        this.rootRandom = RandomStream.root(b.seed);
        this.scheduler = new Scheduler(
                b.perturbSameTimeEvents ? rootRandom.fork("scheduler/ties") : null);
        this.trace = new Trace(b.traceMode);
        this.reproduceCommand = b.reproduceCommand != null ? b.reproduceCommand : "seed " + b.seed;
        this.logSink = b.logSink;
        this.supervisorRestartDelayNanos = b.supervisorRestartDelayNanos;
        this.observer = b.observer;
        this.recording = b.traceMode == Trace.Mode.RECORD;
        int nodeCount = b.factories.size();
        Check.argument(nodeCount >= 1 && nodeCount <= 64, "node count must be in [1, 64], was %s",
                nodeCount);
        this.network = new SimNetwork(nodeCount, profile.network(), rootRandom.fork("network"));
        Check.argument(b.faultTargetCount <= nodeCount,
                "faultTargets(%s) is more than the %s nodes", b.faultTargetCount, nodeCount);
        this.faultTargetCount = b.faultTargetCount > 0 ? b.faultTargetCount : nodeCount;
        this.corruptibleDisks = chooseCorruptibleDisks(faultTargetCount);
        this.slots = new NodeSlot[nodeCount];
        for (int id = 0; id < nodeCount; id++) {
            SimDisk disk = new SimDisk(profile.disk(), rootRandom.fork("disk/" + id),
                    corruptibleDisks.contains(id), new DiskHost(id));
            // Clients keep true time: their clocks stamp the history, whose real-time order the
            // linearizability checkers rely on (Jepsen's clients share one clock, too).
            ClockProfile clock = id < faultTargetCount ? profile.clock() : ClockProfile.perfect();
            slots[id] = new NodeSlot(this, id, b.factories.get(id), disk,
                    drawClock(clock, rootRandom.fork("clock/" + id)));
        }
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    // ---- running ----

    /** Boots every node at time zero. */
    public Simulation start() {
        Check.state(!started, "simulation already started");
        started = true;
        for (NodeSlot slot : slots) {
            slot.boot();
        }
        checkInvariants();
        return this;
    }

    /** Schedules a nemesis schedule (or a scripted one). */
    public void schedule(List<TimedFault> faults) {
        for (TimedFault fault : faults) {
            scheduler.schedule(fault.atNanos(), SimEvent.of(() -> apply(fault.action())));
        }
    }

    /**
     * Draws the nemesis schedule for a chaos phase of {@code chaosNanos} from this run's seed,
     * faulting only nodes {@code 0 .. targetNodeCount - 1} (servers; clients are left alone, as
     * Jepsen's nemesis leaves its clients alone).
     */
    public List<TimedFault> nemesisSchedule(long chaosNanos, int targetNodeCount) {
        Check.argument(targetNodeCount >= 1 && targetNodeCount <= slots.length,
                "targetNodeCount must be in [1, %s], was %s", slots.length, targetNodeCount);
        return new Nemesis(profile.nemesis(), profile.clock(), targetNodeCount,
                rootRandom.fork("nemesis")).schedule(chaosNanos);
    }

    /**
     * Draws the nemesis schedule for a chaos phase of {@code chaosNanos} from this run's seed,
     * faulting the {@linkplain Builder#faultTargets fault targets}.
     */
    public List<TimedFault> nemesisSchedule(long chaosNanos) {
        return new Nemesis(profile.nemesis(), profile.clock(), faultTargetCount,
                rootRandom.fork("nemesis")).schedule(chaosNanos);
    }

    /**
     * Runs for {@code durationNanos} of virtual time. Fails with {@link FailureKind#LIVENESS} when
     * {@code stepsMax} events run before the time is up (a livelock or an event storm).
     */
    public void runFor(long durationNanos, long stepsMax) {
        long until = Math.addExact(scheduler.nowNanos(), durationNanos);
        runLoop(() -> false, until, stepsMax, "run for " + Durations.format(durationNanos));
    }

    /**
     * Runs until {@code condition} holds. Fails with {@link FailureKind#LIVENESS} when it does not
     * hold within {@code stepsMax} events, or when nothing is left to happen.
     */
    public void runUntil(BooleanSupplier condition, long stepsMax) {
        if (!runLoop(condition, Long.MAX_VALUE, stepsMax, "run until condition")) {
            throw failure(FailureKind.LIVENESS, "nothing left to run and the condition never held");
        }
    }

    /**
     * Runs until {@code condition} holds or virtual time reaches {@code deadlineNanos}; returns
     * whether it held. Fails only when the step budget runs out.
     */
    public boolean runUntil(BooleanSupplier condition, long deadlineNanos, long stepsMax) {
        return runLoop(condition, deadlineNanos, stepsMax, "run until condition or deadline");
    }

    private boolean runLoop(BooleanSupplier condition, long untilNanos, long stepsMax,
            String what) {
        Check.state(started, "start() the simulation before running it");
        Check.argument(stepsMax > 0, "stepsMax must be > 0, was %s", stepsMax);
        long stepsAtStart = scheduler.stepCount();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (scheduler.nextEventTimeNanos() > untilNanos) {
                advanceTo(untilNanos);
                return false;
            }
            if (scheduler.stepCount() - stepsAtStart >= stepsMax) {
                throw failure(FailureKind.LIVENESS, "step budget of " + stepsMax
                        + " events ran out (" + what + ")");
            }
            if (!scheduler.step()) {
                return false;
            }
            checkInvariants();
        }
    }

    private void advanceTo(long untilNanos) {
        if (untilNanos != Long.MAX_VALUE && untilNanos > scheduler.nowNanos()) {
            // An empty event that moves the clock, so that time-bounded runs end where they say.
            scheduler.schedule(untilNanos, SimEvent.of(() -> {}));
            scheduler.step();
        }
    }

    // ---- invariants and failures ----

    /** Checks {@code check} after every event; an exception from it is a SAFETY failure. */
    public void addInvariant(String name, Runnable check) {
        invariants.add(new NamedInvariant(name, check));
    }

    private void checkInvariants() {
        if (invariants.isEmpty()) {
            return; // the common case in benchmarks and campaigns without checks: no iterator
        }
        for (NamedInvariant invariant : invariants) {
            try {
                invariant.check().run();
            } catch (RuntimeException | AssertionError e) {
                throw new SimulationFailure(FailureKind.SAFETY, seed, scheduler.stepCount(),
                        nowNanos(),
                        "invariant " + invariant.name() + " violated: " + e.getMessage(),
                        reproduceCommand, e);
            }
        }
    }

    /** A failure of this run, carrying its seed, step and reproduce line. */
    public SimulationFailure failure(FailureKind kind, String message) {
        return new SimulationFailure(kind, seed, scheduler.stepCount(), nowNanos(), message,
                reproduceCommand, null);
    }

    void runAsNode(int node, Runnable action) {
        int previous = currentNode;
        currentNode = node;
        try {
            action.run();
        } catch (SimulationFailure e) {
            throw e;
        } catch (ProcessHalt halt) {
            halt(node, halt.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            throw new SimulationFailure(FailureKind.CRASH, seed, scheduler.stepCount(), nowNanos(),
                    "node " + node + " threw " + e, reproduceCommand, e);
        } finally {
            currentNode = previous;
        }
    }

    // ---- faults ----

    /**
     * Applies one fault now. Actions that make no sense in the current state (restart a live node)
     * do nothing.
     */
    public void apply(FaultAction action) {
        Check.argument(action != null, "fault action is missing");
        stats.faultsApplied++;
        String text = action.toString();
        trace.record(nowNanos(), TraceKind.FAULT, -1, -1, RandomStream.fnv1a64(text), text);
        long now = nowNanos();
        observer.faultApplied(now, action);
        switch (action) {
            case FaultAction.Crash c -> crash(c.node());
            case FaultAction.Restart r -> restart(r.node());
            case FaultAction.Pause p -> pause(p.node());
            case FaultAction.Resume r -> resume(r.node());
            case FaultAction.PartitionHalves p -> network.partition(p.side());
            case FaultAction.PartitionOneWay p -> network.blockOneWay(p.senders(), p.receivers());
            case FaultAction.Isolate i -> network.isolate(i.node());
            case FaultAction.Bridge b -> network.bridge(b.orderArray());
            case FaultAction.MajoritiesRing m -> network.majoritiesRing(m.orderArray());
            case FaultAction.Heal h -> network.heal();
            case FaultAction.ClogNode c -> network.clogNode(c.node(), now + c.durationNanos());
            case FaultAction.ClogLink c ->
                    network.clogLink(c.from(), c.to(), now + c.durationNanos());
            case FaultAction.ClockJump j -> slot(j.node()).clock.jump(now, j.deltaNanos());
            case FaultAction.DiskFull d -> diskFull(d.node(), d.durationNanos());
            case FaultAction.HealAll h -> healAll();
        }
    }

    /** Crashes a node if it is up: its object is dropped, its disk meets crash semantics. */
    public void crash(int node) {
        NodeSlot slot = slot(node);
        if (!slot.isUp()) {
            return;
        }
        int affected = slot.crash();
        stats.crashes++;
        trace.record(nowNanos(), TraceKind.CRASH, node, -1, affected);
        observer.nodeStopped(nowNanos(), node, false);
    }

    /**
     * A node stopped itself ({@link ProcessHalt}): it crashes now, and its supervisor restarts it
     * after the restart delay unless something else (a heal, a scripted restart) did so first.
     */
    private void halt(int node, String reason) {
        NodeSlot slot = slot(node);
        if (!slot.isUp()) {
            return;
        }
        stats.halts++;
        log(node, "halted: %s", new Object[] {reason});
        int affected = slot.crash();
        trace.record(nowNanos(), TraceKind.HALT, node, -1, affected);
        observer.nodeStopped(nowNanos(), node, true);
        int haltedIncarnation = slot.incarnation();
        scheduler.scheduleAfter(supervisorRestartDelayNanos, SimEvent.of(() -> {
            if (!slot.isUp() && slot.incarnation() == haltedIncarnation) {
                restart(node);
            }
        }));
    }

    /** Boots a new incarnation of a crashed node from its disk. */
    public void restart(int node) {
        NodeSlot slot = slot(node);
        if (slot.isUp()) {
            return;
        }
        stats.restarts++;
        slot.boot();
    }

    public void pause(int node) {
        NodeSlot slot = slot(node);
        if (slot.isUp() && !slot.isPaused()) {
            stats.pauses++;
            slot.pause();
            observer.nodePaused(nowNanos(), node);
        }
    }

    public void resume(int node) {
        NodeSlot slot = slot(node);
        if (slot.isPaused()) {
            int released = slot.resume();
            trace.record(nowNanos(), TraceKind.RESUME, node, -1, released);
            observer.nodeResumed(nowNanos(), node);
        }
    }

    private void diskFull(int node, long durationNanos) {
        SimDisk disk = slot(node).disk;
        disk.setFull(true);
        scheduler.scheduleAfter(durationNanos, SimEvent.of(() -> disk.setFull(false)));
    }

    private void healAll() {
        network.heal();
        network.unclogAll();
        for (NodeSlot slot : slots) {
            slot.disk.setFull(false);
            if (slot.isPaused()) {
                resume(slot.id);
            }
            if (!slot.isUp()) {
                restart(slot.id);
            }
        }
    }

    // ---- called by node slots ----

    void send(int from, int to, Message message) {
        Check.argument(to >= 0 && to < slots.length, "node %s sent to unknown node %s", from, to);
        // Records first: every message in practice, and instanceof costs less than the lookup.
        Check.argument(message instanceof Record || IS_VALUE_TYPE.get(message.getClass()),
                "node %s sent a %s: messages must be records (immutable values)", from,
                message.getClass().getName());
        stats.messagesSent++;
        long now = nowNanos();
        int copies = network.planSend(from, to, now, plannedDeliveryNanos);
        if (copies == 0) {
            stats.messagesDropped++;
            trace.record(now, TraceKind.DROP, from, to, network.lastDropReason().code());
            return;
        }
        trace.record(now, TraceKind.SEND, from, to, plannedDeliveryNanos[0]);
        if (copies == 2) {
            stats.messagesDuplicated++;
            trace.record(now, TraceKind.DUPLICATE, from, to, plannedDeliveryNanos[1]);
        }
        for (int copy = 0; copy < copies; copy++) {
            scheduleArrival(from, to, message, plannedDeliveryNanos[copy]);
        }
    }

    private void scheduleArrival(int from, int to, Message message, long atNanos) {
        scheduler.schedule(atNanos, new Arrival(from, to, message));
    }

    /** A copy of a message reaching its receiver's end of the link; one object per copy. */
    private final class Arrival extends SimEvent {
        private final int from;
        private final int to;
        private final Message message;

        Arrival(int from, int to, Message message) {
            this.from = from;
            this.to = to;
            this.message = message;
        }

        @Override
        protected void fire() {
            arrive(from, to, message);
        }
    }

    /** A copy is due: held by a clog, cut by a partition, or handed to the receiver's slot. */
    private void arrive(int from, int to, Message message) {
        long clogUntil = network.clogUntilNanos(from, to);
        if (clogUntil > nowNanos()) {
            scheduleArrival(from, to, message, clogUntil);
            return;
        }
        network.arrived(from, to);
        if (network.isBlocked(from, to)) {
            stats.messagesDropped++;
            trace.record(nowNanos(), TraceKind.DROP, from, to, DropReason.PARTITION.code());
            return;
        }
        slot(to).new Delivery(from, message).dispatch();
    }

    void messageDelivered(int from, int to, Message message) {
        stats.messagesDelivered++;
        trace.record(nowNanos(), TraceKind.DELIVER, to, from, message.digest(),
                recording ? noteOf(message) : null);
    }

    /** A delivered message as a trace note: what it said, cut short if long. */
    private static String noteOf(Message message) {
        String text = message.toString();
        return text.length() <= NOTE_CHARS_MAX ? text
                : text.substring(0, NOTE_CHARS_MAX) + "… (" + text.length() + " chars)";
    }

    void messageLostAtReceiver(int from, int to) {
        stats.messagesDropped++;
        trace.record(nowNanos(), TraceKind.DROP, from, to, DropReason.RECEIVER_DOWN.code());
    }

    void timerFired(int node, String name) {
        stats.timersFired++;
        long digest = timerDigests.computeIfAbsent(name, RandomStream::fnv1a64);
        trace.record(nowNanos(), TraceKind.TIMER, node, -1, digest, recording ? name : null);
    }

    boolean isLogging() { return logSink != null; }

    void log(int node, String format, Object[] args) {
        if (logSink != null) {
            logSink.accept(String.format("%14s n%d %s", Durations.format(nowNanos()), node,
                    args.length == 0 ? format : String.format(format, args)));
        }
    }

    private final class DiskHost implements SimDisk.Host {
        private final int node;

        DiskHost(int node) {
            this.node = node;
        }

        @Override
        public long nowNanos() { return scheduler.nowNanos(); }

        @Override
        public void completeSync(long delayNanos, Runnable makeDurable, Runnable onDurable) {
            NodeSlot slot = slot(node);
            NodeSlot.Callback callback = slot.new Callback(slot.incarnation(), onDurable);
            scheduler.scheduleAfter(delayNanos, new SyncCompletion(makeDurable, callback));
        }

        /** The disk finishes a sync: durable on the disk side, then the node's callback. */
        private final class SyncCompletion extends SimEvent {
            private final Runnable makeDurable;
            private final NodeSlot.Callback callback;

            SyncCompletion(Runnable makeDurable, NodeSlot.Callback callback) {
                this.makeDurable = makeDurable;
                this.callback = callback;
            }

            @Override
            protected void fire() {
                makeDurable.run();
                stats.syncsCompleted++;
                trace.record(scheduler.nowNanos(), TraceKind.SYNC, node, -1, 0);
                callback.dispatch();
            }
        }

        @Override
        public void faultFired(DiskFault fault) {
            stats.diskFaults++;
            trace.record(scheduler.nowNanos(), TraceKind.DISK_FAULT, node, -1, fault.kind().code(),
                    recording ? fault.toString() : null);
            if (observer != SimObserver.NONE) {
                observer.diskFault(scheduler.nowNanos(), node, fault.toString());
            }
        }
    }

    // ---- inspection ----

    public long seed() { return seed; }

    public FaultProfile profile() { return profile; }

    public long nowNanos() { return scheduler.nowNanos(); }

    public int nodeCount() { return slots.length; }

    /** The node's current incarnation, or null while it is crashed. For invariants and tests. */
    public Node node(int id) { return slot(id).node(); }

    public boolean isUp(int id) { return slot(id).isUp(); }

    public boolean isPaused(int id) { return slot(id).isPaused(); }

    public SimNetwork network() { return network; }

    public SimDisk disk(int id) { return slot(id).disk; }

    public SimClock clock(int id) { return slot(id).clock; }

    /** Nodes whose disks may be corrupted by the profile's corruption faults. */
    public NodeSet corruptibleDisks() { return corruptibleDisks; }

    public Trace trace() { return trace; }

    SimObserver observer() { return observer; }

    public SimStats stats() { return stats; }

    public long stepCount() { return scheduler.stepCount(); }

    public String reproduceCommand() { return reproduceCommand; }

    Scheduler scheduler() { return scheduler; }

    RandomStream rootRandom() { return rootRandom; }

    private NodeSlot slot(int id) {
        Check.argument(id >= 0 && id < slots.length, "no node %s (cluster of %s)", id,
                slots.length);
        return slots[id];
    }

    /** A minority of the fault targets, so that the replicated system can repair what they lose. */
    private NodeSet chooseCorruptibleDisks(int nodeCount) {
        if (!profile.disk().corrupts()) {
            return new NodeSet(0);
        }
        if (profile.disk().corruptionOnMajorityAllowed()) {
            return NodeSet.range(nodeCount);
        }
        int[] order = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            order[i] = i;
        }
        rootRandom.fork("disk/corruptible").shuffle(order);
        return NodeSet.of(java.util.Arrays.copyOf(order, (nodeCount - 1) / 2));
    }

    private static SimClock drawClock(ClockProfile clock, RandomStream random) {
        long offset = clock.offsetNanosMax() == 0
                ? 0 : random.nextLong(-clock.offsetNanosMax(), clock.offsetNanosMax());
        long drift = clock.driftPpmMax() == 0
                ? 0 : random.nextLong(-clock.driftPpmMax(), clock.driftPpmMax());
        return new SimClock(offset, drift, clock.skewNanosMax());
    }

    /** Configures a simulation. */
    public static final class Builder {
        private final long seed;
        private final List<NodeFactory> factories = new ArrayList<>();
        private FaultProfile profile = FaultProfile.none();
        private Trace.Mode traceMode = Trace.Mode.HASH_ONLY;
        private boolean perturbSameTimeEvents;
        private String reproduceCommand;
        private Consumer<String> logSink;
        private long supervisorRestartDelayNanos = 1_000_000_000L;
        private int faultTargetCount;
        private SimObserver observer = SimObserver.NONE;

        private Builder(long seed) {
            this.seed = seed;
        }

        /** Adds {@code count} nodes built by {@code factory}. */
        public Builder nodes(int count, NodeFactory factory) {
            Check.argument(count >= 1, "node count must be >= 1, was %s", count);
            for (int i = 0; i < count; i++) {
                factories.add(factory);
            }
            return this;
        }

        public Builder profile(FaultProfile value) {
            Check.argument(value != null, "profile is missing");
            this.profile = value;
            return this;
        }

        public Builder traceMode(Trace.Mode value) {
            this.traceMode = value;
            return this;
        }

        /** Runs same-time events in a seeded random order instead of scheduling order. */
        public Builder perturbSameTimeEvents(boolean value) {
            this.perturbSameTimeEvents = value;
            return this;
        }

        /** The command line that reproduces this run, printed with every failure. */
        public Builder reproduceCommand(String value) {
            this.reproduceCommand = value;
            return this;
        }

        /** Receives node log lines; none are formatted when absent. */
        public Builder logSink(Consumer<String> value) {
            this.logSink = value;
            return this;
        }

        /**
         * Nodes {@code 0 .. count-1} are the replicated servers that faults target (the rest are
         * clients, left alone as Jepsen leaves its clients alone): corruption hits a minority of
         * them, {@link #nemesisSchedule(long)} faults only them, and only their clocks drift
         * (clients keep true time, since they stamp the history). Default: every node.
         */
        public Builder faultTargets(int count) {
            Check.argument(count >= 1, "faultTargets must be >= 1, was %s", count);
            this.faultTargetCount = count;
            return this;
        }

        /** How long after a node halts itself its supervisor restarts it (default 1 s). */
        public Builder supervisorRestartDelayNanos(long value) {
            Check.argument(value > 0, "supervisorRestartDelayNanos must be > 0, was %s", value);
            this.supervisorRestartDelayNanos = value;
            return this;
        }

        /** Hears faults and node lifecycle events (for timelines); never changes the run. */
        public Builder observer(SimObserver value) {
            Check.argument(value != null, "observer is missing");
            this.observer = value;
            return this;
        }

        public Simulation build() {
            return new Simulation(this);
        }
    }
}
