package io.detsim.raft;

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
import io.detsim.raft.core.Role;
import io.detsim.sim.Simulation;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.NemesisProfile;
import io.detsim.sim.seam.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Raft cluster with clients on the simulator, for tests: Raft's invariants checked after every
 * event (at most one leader per term; every node applies the same entry at each index), and the
 * clients' history turned into a checkers History for a linearizability verdict.
 */
final class RaftTestCluster {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    final Simulation sim;
    final RaftConfig raft;
    final List<ClientEvent> events = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    private final Map<Long, Integer> leaderOfTerm = new TreeMap<>();
    private final Map<Long, Long> appliedDigest = new TreeMap<>();
    /**
     * Per applied index, the lowest term any node was in when it applied it: the entry was
     * committed in that term or earlier, so every leader of a later term must hold it (§5.4).
     */
    private final Map<Long, Long> committedByTerm = new TreeMap<>();
    private final Map<Long, Integer> votes = new TreeMap<>();
    private final List<Integer> newLeaders = new ArrayList<>();
    private String violation;

    RaftTestCluster(long seed, int servers, int clients, ClientConfig clientConfig,
            FaultProfile profile,
            RaftBug bug) {
        this.raft = RaftConfig.defaults(servers).withBug(bug);
        RaftObserver observer = new RaftObserver() {
            @Override
            public void voted(int node, long term, int candidate) {
                Integer earlier = votes.putIfAbsent(term * 64 + node, candidate);
                if (earlier != null && earlier != candidate && violation == null) {
                    violation = "node " + node + " voted twice in term " + term + ": for " + earlier
                            + " and for " + candidate;
                }
            }

            @Override
            public void becameLeader(int node, long term) {
                newLeaders.add(node);
                Integer previous = leaderOfTerm.putIfAbsent(term, node);
                if (previous != null && previous != node && violation == null) {
                    violation = "two leaders in term " + term + ": " + previous + " and " + node;
                }
            }

            @Override
            public void applied(int node, long index, long term, long digest) {
                Long first = appliedDigest.putIfAbsent(index, digest);
                committedByTerm.merge(index, server(node).metrics().term(), Math::min);
                if (first != null && first != digest && violation == null) {
                    violation = "state machine safety: node " + node
                            + " applied a different entry at "
                            + index + " (term " + term + ")";
                }
            }

            @Override
            public void problem(int node, String description) {
                problems.add("node " + node + ": " + description);
            }
        };
        Simulation.Builder builder = Simulation.builder(seed).profile(profile)
                .faultTargets(servers)
                .reproduceCommand("seed " + seed)
                .logSink(System.getProperty("raft.debug") != null ? System.out::println : null)
                .nodes(servers, ctx -> new RaftNode(ctx, raft, observer));
        if (clients > 0) {
            builder.nodes(clients, ctx -> new KvClient(ctx, clientConfig, events::add));
        }
        this.sim = builder.build();
        sim.addInvariant("raft-safety", () -> {
            if (violation != null) {
                throw new IllegalStateException(violation);
            }
        });
        sim.addInvariant("leader-completeness", this::checkNewLeadersHoldAppliedEntries);
        sim.start();
    }

    /**
     * {@code profile} without corruption faults and disk-full episodes: the Raft node does not yet
     * survive unreadable or full disks (a known gap, next on the list), so these runs keep
     * network, process, clock and crash-semantics faults only.
     */
    static FaultProfile withoutDiskCorruption(FaultProfile profile) {
        NemesisProfile n = profile.nemesis();
        return profile.withDisk(profile.disk().withCorruption(0, 0, 0, 0))
                .withNemesis(new NemesisProfile(n.faultIntervalNanosMean(),
                        n.faultDurationNanosMax(),
                        n.crashes(), n.pauses(), n.partitions(), n.clogs(), n.clockJumps(), false,
                        n.majorityDownAllowed()));
    }

    /**
     * §5.4: a leader's log holds every entry committed in an earlier term (applied entries are
     * committed). A leader of an old term can still win late (its vote replies were held up by a
     * pause, say), so entries committed since are not its business. Checked right after each
     * election, from outside the node, once the event has finished.
     */
    private void checkNewLeadersHoldAppliedEntries() {
        for (int node : newLeaders) {
            RaftNode leaderNode = server(node);
            if (leaderNode == null) {
                continue;
            }
            long leaderTerm = leaderNode.metrics().term();
            for (Map.Entry<Long, Long> applied : appliedDigest.entrySet()) {
                if (committedByTerm.getOrDefault(applied.getKey(), 0L) >= leaderTerm) {
                    continue; // a leader of an earlier or the same term need not hold it
                }
                long digest = leaderNode.entryDigest(applied.getKey());
                if (digest != applied.getValue()) {
                    newLeaders.clear();
                    throw new IllegalStateException("new leader " + node + " (term "
                            + leaderNode.metrics().term() + ") lacks applied entry "
                            + applied.getKey());
                }
            }
        }
        newLeaders.clear();
    }

    /** Test hook: pretend some node applied a different entry at {@code index}. */
    void forgeAppliedEntry(long index) {
        appliedDigest.put(index, 0x5EEDL);
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
        List<Op> ops = new ArrayList<>();
        for (ClientEvent e : events) {
            if (e.f().equals("stale-get")) {
                continue;
            }
            ops.add(new Op(ops.size(), e.process(), OpType.valueOf(e.type().name()), e.f(), e.key(),
                    e.value(), e.timeNanos()));
        }
        return new History(ops, "raft seed " + sim.seed());
    }

    CheckResult checkLinearizable() {
        return new LinearizabilityChecker(Budget.defaults().withVerdictNanosMax(30 * SECOND))
                .check(history(), Models.create("kv", "nil", false));
    }

    long completedOps() {
        return events.stream().filter(e -> e.type() == ClientEvent.Type.OK).count();
    }
}
