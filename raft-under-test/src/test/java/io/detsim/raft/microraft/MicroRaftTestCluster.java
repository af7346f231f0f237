package io.detsim.raft.microraft;

import io.detsim.check.history.History;
import io.detsim.check.linear.CheckResult;
import io.detsim.raft.ClientHistory;
import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.client.ClientEvent;
import io.detsim.raft.client.KvClient;
import io.detsim.raft.core.RaftMetrics;
import io.detsim.raft.core.Role;
import io.detsim.raft.invariant.RaftInvariants;
import io.detsim.sim.Simulation;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.seam.Node;
import io.microraft.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A MicroRaft cluster with our KV clients on the simulator, for tests: the same Raft invariants
 * as our own Raft's tests ({@link RaftInvariants}) after every event, and the clients' history
 * for a linearizability verdict.
 */
final class MicroRaftTestCluster {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    final Simulation sim;
    final MicroRaftConfig config;
    final List<ClientEvent> events = new ArrayList<>();
    final List<String> problems;
    private final RaftInvariants invariants;

    MicroRaftTestCluster(long seed, int clients, ClientConfig clientConfig, FaultProfile profile,
            MicroRaftConfig config, UnaryOperator<StateMachine> stateMachineWrapper) {
        this.config = config;
        int servers = config.servers();
        this.invariants = new RaftInvariants(servers, this::server);
        this.problems = invariants.problems();
        Simulation.Builder builder = Simulation.builder(seed).profile(profile)
                .faultTargets(servers)
                .reproduceCommand("microraft seed " + seed)
                .logSink(System.getProperty("raft.debug") != null ? System.out::println : null)
                .nodes(servers, ctx -> new MicroRaftServer(ctx, config,
                        invariants.observerForNewIncarnation(ctx.nodeId()),
                        stateMachineWrapper));
        if (clients > 0) {
            builder.nodes(clients, ctx -> new KvClient(ctx, clientConfig, events::add));
        }
        this.sim = builder.build();
        for (RaftInvariants.NamedCheck check : invariants.checks()) {
            sim.addInvariant(check.name(), check.check());
        }
        sim.start();
    }

    static MicroRaftTestCluster quiet(long seed, int servers, int clients, int opsPerClient) {
        return new MicroRaftTestCluster(seed, clients,
                ClientConfig.defaults(servers, clients, opsPerClient), FaultProfile.none(),
                MicroRaftConfig.defaults(servers), UnaryOperator.identity());
    }

    void addListener(RaftInvariants.Listener listener) {
        invariants.addListener(listener);
    }

    MicroRaftServer server(int id) {
        Node node = sim.node(id);
        return node instanceof MicroRaftServer server ? server : null;
    }

    /** The single node that is leader of the highest term among live nodes, or -1. */
    int leader() {
        int leader = -1;
        long term = -1;
        for (int id = 0; id < config.servers(); id++) {
            MicroRaftServer node = server(id);
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
        for (int id = 0; id < config.servers(); id++) {
            MicroRaftServer node = server(id);
            if (node != null) {
                all.add(node.metrics());
            }
        }
        return all;
    }

    void runFor(long nanos) {
        sim.runFor(nanos, Math.max(1_000_000, nanos / SECOND * 2_000_000));
    }

    void chaos(long nanos) {
        sim.schedule(sim.nemesisSchedule(nanos, config.servers()));
        runFor(nanos);
    }

    void healAndSettle(long nanos) {
        sim.apply(new FaultAction.HealAll());
        runFor(nanos);
    }

    /** The linearizable part of the clients' history (stale reads left out). */
    History history() {
        return ClientHistory.of(events, "microraft seed " + sim.seed());
    }

    CheckResult checkLinearizable() {
        return ClientHistory.check(events, "microraft seed " + sim.seed());
    }

    long count(ClientEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).count();
    }
}
