package io.detsim.raft;

import io.detsim.check.history.History;
import io.detsim.check.linear.CheckResult;
import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.client.ClientEvent;
import io.detsim.raft.client.KvClient;
import io.detsim.raft.core.RaftBug;
import io.detsim.raft.core.RaftConfig;
import io.detsim.raft.core.RaftMetrics;
import io.detsim.raft.core.RaftNode;
import io.detsim.raft.core.Role;
import io.detsim.raft.invariant.RaftInvariants;
import io.detsim.sim.Simulation;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.seam.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * A Raft cluster with clients on the simulator, for tests: Raft's invariants ({@link
 * RaftInvariants}: one leader per term, one vote per node per term, state machine safety,
 * monotonic commit, committed entries, log matching, leader completeness) checked after every
 * event, and the clients' history turned into a checkers History for a linearizability verdict.
 */
final class RaftTestCluster {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    final Simulation sim;
    final RaftConfig raft;
    final List<ClientEvent> events = new ArrayList<>();
    final List<String> problems;
    private final RaftInvariants invariants;

    /** What the harness hears, for scenario drivers that react to the run (no node calls). */
    interface Listener extends RaftInvariants.Listener {}

    RaftTestCluster(long seed, int servers, int clients, ClientConfig clientConfig,
            FaultProfile profile, RaftBug bug) {
        this.raft = RaftConfig.defaults(servers).withBug(bug);
        this.invariants = new RaftInvariants(servers, this::server);
        this.problems = invariants.problems();
        Simulation.Builder builder = Simulation.builder(seed).profile(profile)
                .faultTargets(servers)
                .reproduceCommand("seed " + seed)
                .logSink(System.getProperty("raft.debug") != null ? System.out::println : null)
                .nodes(servers, ctx -> new RaftNode(ctx, raft,
                        invariants.observerForNewIncarnation(ctx.nodeId())));
        if (clients > 0) {
            builder.nodes(clients, ctx -> new KvClient(ctx, clientConfig, events::add));
        }
        this.sim = builder.build();
        for (RaftInvariants.NamedCheck check : invariants.checks()) {
            sim.addInvariant(check.name(), check.check());
        }
        sim.start();
    }

    void addListener(Listener listener) {
        invariants.addListener(listener);
    }

    /** Test hook: pretend some node committed a different entry at {@code index} in term 0. */
    void forgeCommittedEntry(long index) {
        invariants.forgeCommittedEntry(index);
    }

    /** Test hook: pretend a node once held {@code node}'s entry at {@code index} after another
     * prefix. */
    void forgeLogPrefix(int node, long index) {
        invariants.forgeLogPrefix(node, index);
    }

    /** Test hook: pretend {@code node}'s current incarnation already committed {@code index}. */
    void forgeCommitIndex(int node, long index) {
        invariants.forgeCommitIndex(node, index);
    }

    static RaftTestCluster quiet(long seed, int servers, int clients, int opsPerClient) {
        return new RaftTestCluster(seed, servers, clients,
                ClientConfig.defaults(servers, clients, opsPerClient), FaultProfile.none(),
                RaftBug.NONE);
    }

    RaftNode server(int id) {
        Node node = sim.node(id);
        return node instanceof RaftNode raftNode ? raftNode : null;
    }

    /** The single node that is leader of the highest term among live nodes, or -1. */
    int leader() {
        int leader = -1;
        long term = -1;
        for (int id = 0; id < raft.serverCount(); id++) {
            RaftNode node = server(id);
            if (node != null && !sim.isPaused(id) && node.metrics().role() == Role.LEADER
                    && node.metrics().term() > term) {
                leader = id;
                term = node.metrics().term();
            }
        }
        return leader;
    }

    List<RaftMetrics> metrics() {
        List<RaftMetrics> all = new ArrayList<>();
        for (int id = 0; id < raft.serverCount(); id++) {
            RaftNode node = server(id);
            if (node != null) {
                all.add(node.metrics());
            }
        }
        return all;
    }

    boolean clientsIdle() {
        for (int id = raft.serverCount(); id < sim.nodeCount(); id++) {
            if (sim.node(id) instanceof KvClient client && client.busy()) {
                return false;
            }
        }
        return true;
    }

    void runFor(long nanos) {
        sim.runFor(nanos, Math.max(1_000_000, nanos / SECOND * 2_000_000));
    }

    void chaos(long nanos) {
        sim.schedule(sim.nemesisSchedule(nanos, raft.serverCount()));
        runFor(nanos);
    }

    void healAndSettle(long nanos) {
        sim.apply(new FaultAction.HealAll());
        runFor(nanos);
    }

    /** The linearizable part of the clients' history (stale reads left out) for the checkers. */
    History history() {
        return ClientHistory.of(events, "raft seed " + sim.seed());
    }

    CheckResult checkLinearizable() {
        return ClientHistory.check(events, "raft seed " + sim.seed());
    }

    long completedOps() {
        return events.stream().filter(e -> e.type() == ClientEvent.Type.OK).count();
    }
}
