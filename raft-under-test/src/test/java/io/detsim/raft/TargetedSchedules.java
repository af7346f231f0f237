package io.detsim.raft;

import static io.detsim.raft.RaftTestCluster.MS;
import static io.detsim.raft.RaftTestCluster.SECOND;

import io.detsim.check.linear.CheckResult;
import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.core.RaftBug;
import io.detsim.raft.core.RaftNode;
import io.detsim.raft.core.Role;
import io.detsim.sim.FailureKind;
import io.detsim.sim.SimulationFailure;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.NetworkProfile;
import io.detsim.sim.fault.Probability;
import io.detsim.sim.fault.TimedFault;
import io.detsim.sim.net.NodeSet;
import io.detsim.sim.random.RandomStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Targeted fault schedules for a {@link RaftTestCluster}: seeded random variations over one fault
 * pattern each, aimed at a class of Raft bugs that uniform chaos rarely reaches. A scenario is a
 * loop of rounds; each round is a few steps, and each step waits for a trigger in the run (an
 * election, a leader's append, a vote, a commit), then applies ordinary {@link FaultAction}s now
 * or after a delay. Roles, delays, durations, cluster size, network latency and disk sync latency
 * are drawn from the seed, so one seed gives one run and a seed search is a regression search
 * for the pattern. Every fault applied is in the trace and in {@link Outcome#faults()}.
 *
 * <ul>
 *   <li>{@link #leaderChurn}: Figure 8 of the Raft paper (§5.4.2). A leader is cut off right
 *       after it appends (its entry stays on it, or on it and one companion); the next leader is
 *       cut off right at its election (its no-op stays on it); the leader after that, often the
 *       first one back with its older entry, is crashed a few milliseconds into its term, while
 *       a majority may hold that older entry but not yet its own no-op.</li>
 *   <li>{@link #splitElection}: elections with two candidates of one term. The leader goes away,
 *       the candidates are cut from each other so that both run, and a voter is crashed right
 *       after it votes and restarted before the other candidate's request reaches it.</li>
 *   <li>{@link #ackThenCrash}: followers with slow syncs acknowledge; right after the leader
 *       commits, the followers crash (unsynced writes lost) and restart, and the leader is cut off
 *       or crashed so that a former follower leads next.</li>
 * </ul>
 *
 * <p>Cuts are between servers only: clients reach every server, so a cut-off leader keeps
 * appending client commands that reach no one (the shape Figure 8 needs).
 */
final class TargetedSchedules {
    /** What one targeted run found (null when nothing) and every fault it applied, in order. */
    record Outcome(long seed, String failure, List<TimedFault> faults, long completedOps) {
        boolean caught() {
            return failure != null;
        }

        /** The failure and the last faults before it, for a test message. */
        String describe() {
            int from = Math.max(0, faults.size() - 12);
            StringBuilder out = new StringBuilder("seed " + seed + ": " + failure + "\n  last "
                    + (faults.size() - from) + " of " + faults.size() + " faults:");
            for (TimedFault fault : faults.subList(from, faults.size())) {
                out.append("\n    ").append(fault);
            }
            return out.toString();
        }
    }

    private final RaftTestCluster cluster;
    private final int servers;
    private final List<TimedFault> faults = new ArrayList<>();
    private final List<long[]> elections = new ArrayList<>();
    private final List<long[]> votes = new ArrayList<>();
    private final List<long[]> commits = new ArrayList<>();
    private int electionsSeen;

    private TargetedSchedules(RaftTestCluster cluster) {
        this.cluster = cluster;
        this.servers = cluster.raft.serverCount();
        cluster.addListener(new RaftTestCluster.Listener() {
            @Override
            public void becameLeader(int node, long term) {
                elections.add(new long[] {node, term});
            }

            @Override
            public void voted(int node, long term, int candidate) {
                votes.add(new long[] {node, term, candidate});
            }

            @Override
            public void committed(int node, long commitIndex) {
                commits.add(new long[] {node, commitIndex});
            }
        });
    }

    // ---- scenarios ----

    /**
     * Leader churn for Figure 8, on three or five servers. Each round: (1) wait for a leader and
     * for its next append, then cut it off (on five servers sometimes with a companion), mostly
     * outbound only, so that it still hears the next candidates' requests and learns their term,
     * while its new entries reach no one (or only the companion); (2) at the next election, cut
     * the new leader off the same way at once (or within one network latency), so that its
     * first entry, of a newer term, stays on it; (3) at the election after that, crash the
     * leader a short delay into its term (up to a slow sync plus a few latencies: the window in
     * which a majority may hold an entry of an older term but not yet the leader's own no-op),
     * on five servers sometimes keeping one bystander from hearing it; heal a few milliseconds
     * later and restart it soon after, so that the server cut off in (2), whose entry conflicts,
     * may win next. Then everything heals and the next round begins.
     */
    static Outcome leaderChurn(long seed, RaftBug bug) {
        RandomStream r = RandomStream.root(seed).fork("targeted/leader-churn");
        int servers = r.chance(0.7) ? 3 : 5;
        NetworkProfile network = lanWithLatency(r.fork("network"));
        DiskProfile disk = slowSyncDisk(r.fork("disk"), 1 * MS, 30 * MS);
        long crashDelayMax = disk.syncLatencyNanosMax() + disk.slowIoDelayNanosMax()
                + 4 * network.latencyNanosMean();
        int rounds = (int) r.nextLong(12, 24);
        return run(seed, servers, bug, network, disk, s -> {
            for (int round = 0; round < rounds; round++) {
                int first = s.awaitElection(1 * SECOND);
                if (first < 0 || !s.awaitAppend(first, 500 * MS)) {
                    s.healAndRestart(500 * MS);
                    continue;
                }
                s.run(r.chance(0.5) ? 0 : r.nextLong(0, network.latencyNanosMin()));
                NodeSet firstSide = NodeSet.of(first);
                if (servers == 5 && r.chance(0.5)) {
                    firstSide = firstSide.with(s.otherServer(r, first));
                }
                if (r.chance(0.7)) {
                    s.cutOutbound(firstSide);
                } else {
                    s.cutServers(firstSide);
                }
                int second = s.awaitElection(2 * SECOND);
                if (second < 0 || firstSide.contains(second)) {
                    s.healAndRestart(500 * MS);
                    continue;
                }
                s.run(r.chance(0.7) ? 0 : r.nextLong(0, network.latencyNanosMin()));
                if (r.chance(0.7)) {
                    s.cutOutbound(NodeSet.of(second));
                } else {
                    s.cutServers(NodeSet.of(second));
                }
                int third = s.awaitElection(2 * SECOND);
                if (third < 0 || third == second) {
                    s.healAndRestart(500 * MS);
                    continue;
                }
                if (servers == 5 && r.chance(0.5)) {
                    int bystander = s.otherServer(r, third);
                    if (bystander != second) {
                        s.apply(new FaultAction.PartitionOneWay(NodeSet.of(third),
                                NodeSet.of(bystander)));
                    }
                }
                long crashAt = r.nextLong(0, crashDelayMax);
                s.later(crashAt, new FaultAction.Crash(third));
                s.later(crashAt + r.nextLong(0, 5 * MS), new FaultAction.Heal());
                s.later(crashAt + r.nextLong(1 * MS, 200 * MS), new FaultAction.Restart(third));
                s.run(crashAt + 1 * SECOND);
                s.healAndRestart(r.nextLong(100 * MS, 500 * MS));
            }
        });
    }

    /**
     * Split elections (one vote per term, durable before it is sent): each round removes the
     * leader (crash or cut), picks a voter, on five servers cuts the other servers from one
     * another so that several run for the same term, and crashes the voter a short delay after it
     * votes (often before its new term is durable), restarting it within milliseconds; the
     * candidate it voted for is then cut from it for a while and the old leader comes back, so
     * that another candidate of that term (or the old leader, running for it) asks the voter
     * again.
     */
    static Outcome splitElection(long seed, RaftBug bug) {
        RandomStream r = RandomStream.root(seed).fork("targeted/split-election");
        int servers = r.chance(0.7) ? 3 : 5;
        NetworkProfile network = lanWithLatency(r.fork("network"));
        DiskProfile disk = slowSyncDisk(r.fork("disk"), 1 * MS, 30 * MS);
        int rounds = (int) r.nextLong(8, 16);
        return run(seed, servers, bug, network, disk, s -> {
            for (int round = 0; round < rounds; round++) {
                int leader = s.awaitElection(1 * SECOND);
                if (leader < 0) {
                    s.healAndRestart(500 * MS);
                    continue;
                }
                s.run(r.nextLong(10 * MS, 200 * MS));
                boolean crashLeader = r.chance(0.5);
                s.apply(new FaultAction.Heal());
                if (crashLeader) {
                    s.apply(new FaultAction.Crash(leader));
                } else {
                    NodeSet side = NodeSet.of(leader);
                    s.apply(new FaultAction.PartitionOneWay(side, s.otherServers(side)));
                    s.apply(new FaultAction.PartitionOneWay(s.otherServers(side), side));
                }
                int voter = s.otherServer(r, leader);
                List<Integer> runners = new ArrayList<>();
                for (int node = 0; node < servers; node++) {
                    if (node != leader && node != voter) {
                        runners.add(node);
                    }
                }
                if (servers == 5 && r.chance(0.7)) {
                    for (int a : runners) {
                        for (int b : runners) {
                            if (a != b && r.chance(0.7)) {
                                s.apply(new FaultAction.PartitionOneWay(NodeSet.of(a),
                                        NodeSet.of(b)));
                            }
                        }
                    }
                }
                int candidate = s.awaitVoteBy(voter, 1 * SECOND);
                if (candidate < 0) {
                    s.healAndRestart(500 * MS);
                    continue;
                }
                long crashAt = r.chance(0.3) ? 0 : r.nextLong(0, disk.syncLatencyNanosMax());
                long restartAt = crashAt + r.nextLong(100_000, 10 * MS);
                s.later(crashAt, new FaultAction.Crash(voter));
                s.later(restartAt, new FaultAction.Restart(voter));
                FaultAction cutFromVoter = new FaultAction.PartitionOneWay(
                        NodeSet.of(candidate), NodeSet.of(voter));
                boolean cut = r.chance(0.8);
                if (cut) {
                    s.later(restartAt, cutFromVoter);
                }
                long backAt = restartAt + r.nextLong(0, 300 * MS);
                if (crashLeader) {
                    s.later(backAt, new FaultAction.Restart(leader));
                } else {
                    // The old leader is reconnected; the candidate stays cut from the voter.
                    s.later(backAt, new FaultAction.Heal());
                    if (cut) {
                        s.later(backAt, cutFromVoter);
                    }
                }
                s.run(backAt + r.nextLong(300 * MS, 800 * MS));
                s.healAndRestart(r.nextLong(100 * MS, 500 * MS));
            }
        });
    }

    /**
     * Liveness with a minority down: a leader is cut off (on five servers with a companion) right
     * after it appends, so its side's log ends with entries no one else has; the next leader is
     * cut off right at its election (its first entry reaches no one) and then crashed for good;
     * once the first side no longer leads, every link heals. A majority is up and connected, so a
     * leader must follow within 20 election timeouts; the run fails with {@code LIVENESS}
     * otherwise.
     */
    static Outcome minorityDownLiveness(long seed, RaftBug bug) {
        RandomStream r = RandomStream.root(seed).fork("targeted/minority-down-liveness");
        int servers = r.chance(0.6) ? 3 : 5;
        NetworkProfile network = lanWithLatency(r.fork("network"));
        DiskProfile disk = slowSyncDisk(r.fork("disk"), 1 * MS, 30 * MS);
        return run(seed, servers, bug, network, disk, s -> {
            s.run(r.nextLong(0, 1 * SECOND));
            int first = s.awaitElection(1 * SECOND);
            if (first < 0 || !s.awaitAppend(first, 500 * MS)) {
                return;
            }
            s.run(r.chance(0.5) ? 0 : r.nextLong(0, network.latencyNanosMin()));
            NodeSet firstSide = NodeSet.of(first);
            if (servers == 5) {
                firstSide = firstSide.with(s.otherServer(r, first));
            }
            s.cutServers(firstSide);
            int second = s.awaitElection(2 * SECOND);
            if (second < 0 || firstSide.contains(second)) {
                return;
            }
            s.apply(new FaultAction.PartitionOneWay(NodeSet.of(second),
                    s.otherServers(NodeSet.of(second))));
            s.later(r.nextLong(0, 50 * MS), new FaultAction.Crash(second));
            RaftNode firstNode = s.cluster.server(first);
            s.until(() -> firstNode.metrics().role() != Role.LEADER,
                    1 * SECOND);
            s.run(r.nextLong(0, 100 * MS));
            s.apply(new FaultAction.Heal());
            long timeout = 20 * s.cluster.raft.electionTimeoutNanosMin();
            if (!s.until(() -> s.cluster.leader() >= 0, timeout)) {
                throw s.cluster.sim.failure(FailureKind.LIVENESS, "no leader "
                        + timeout / MS + " ms after healing, with only server " + second
                        + " down: " + s.cluster.metrics());
            }
        });
    }

    /**
     * Crashes right after acknowledgements: each round waits for a leader and for its next
     * commit, then crashes the followers within a short spread (restarting each soon after) and
     * cuts off or crashes the leader, so that one of the followers, back from its disk, leads
     * next.
     */
    static Outcome ackThenCrash(long seed, RaftBug bug) {
        RandomStream r = RandomStream.root(seed).fork("targeted/ack-then-crash");
        int servers = r.chance(0.6) ? 3 : 5;
        NetworkProfile network = lanWithLatency(r.fork("network"));
        DiskProfile disk = slowSyncDisk(r.fork("disk"), 5 * MS, 60 * MS);
        int rounds = (int) r.nextLong(8, 16);
        return run(seed, servers, bug, network, disk, s -> {
            for (int round = 0; round < rounds; round++) {
                int leader = s.awaitElection(1 * SECOND);
                if (leader < 0) {
                    s.healAndRestart(500 * MS);
                    continue;
                }
                s.run(r.nextLong(0, 300 * MS));
                if (!s.awaitCommitBy(leader, 500 * MS)) {
                    s.healAndRestart(500 * MS);
                    continue;
                }
                long spread = r.chance(0.3) ? 0 : r.nextLong(0, disk.syncLatencyNanosMin());
                for (int node = 0; node < servers; node++) {
                    if (node != leader) {
                        long at = r.nextLong(0, spread);
                        s.later(at, new FaultAction.Crash(node));
                        s.later(at + r.nextLong(1 * MS, 100 * MS), new FaultAction.Restart(node));
                    }
                }
                if (r.chance(0.4)) {
                    s.later(r.nextLong(0, spread), new FaultAction.Crash(leader));
                    s.later(r.nextLong(400 * MS, 1000 * MS), new FaultAction.Restart(leader));
                } else {
                    s.later(r.nextLong(0, spread), new FaultAction.Isolate(leader));
                    s.later(r.nextLong(400 * MS, 1000 * MS), new FaultAction.Heal());
                }
                s.run(r.nextLong(600 * MS, 1200 * MS));
                s.healAndRestart(r.nextLong(100 * MS, 300 * MS));
            }
        });
    }

    // ---- profiles ----

    /**
     * A disk whose syncs take [min, max] with min up to {@code syncMinMax} and max up to min +
     * {@code syncSpreadMax}, drawn per seed, and some syncs (up to 40%) are slower still by up to
     * {@code syncSpreadMax}, so that one node's sync often lags another's; a crash loses every
     * unsynced write (or, on some seeds, loses most and tears some); no corruption.
     */
    static DiskProfile slowSyncDisk(RandomStream r, long syncMinMax, long syncSpreadMax) {
        long min = r.nextLong(50_000, syncMinMax);
        long max = min + r.nextLong(0, syncSpreadMax);
        double lost = r.chance(0.7) ? 1.0 : 0.5 + 0.5 * r.nextDouble();
        Probability slow = new Probability(r.nextDouble() * 0.4);
        long slowDelayMax = r.nextLong(1 * MS, syncSpreadMax);
        return new DiskProfile(512, 1L << 30, min, max, slow, slowDelayMax,
                new Probability(lost), new Probability(r.chance(0.5) ? 1.0 - lost : 0.0),
                Probability.NEVER, Probability.NEVER, Probability.NEVER, Probability.NEVER, false);
    }

    /** A network that neither drops nor reorders, with a latency range drawn per seed. */
    static NetworkProfile lanWithLatency(RandomStream r) {
        long min = r.nextLong(50_000, 1 * MS);
        long mean = min + r.nextLong(0, 2 * MS);
        return new NetworkProfile(min, mean, mean * 4, Probability.NEVER, Probability.NEVER,
                Probability.NEVER, 0, 10_000);
    }

    private static Outcome run(long seed, int servers, RaftBug bug, NetworkProfile network,
            DiskProfile disk, Consumer<TargetedSchedules> body) {
        FaultProfile profile = FaultProfile.none().withNetwork(network).withDisk(disk);
        int clients = 3;
        ClientConfig clientConfig = new ClientConfig(servers, clients, 600, 3, 0.3, 0.0, 0.2,
                1 * SECOND, 100 * MS, 20 * MS);
        RaftTestCluster cluster = null;
        TargetedSchedules s = null;
        try {
            cluster = new RaftTestCluster(seed, servers, clients, clientConfig, profile, bug);
            s = new TargetedSchedules(cluster);
            body.accept(s);
            s.apply(new FaultAction.HealAll());
            cluster.runFor(3 * SECOND);
            CheckResult result = cluster.checkLinearizable();
            String failure = result instanceof CheckResult.NotLinearizable
                    ? "NOT LINEARIZABLE: " + result : null;
            return new Outcome(seed, failure, List.copyOf(s.faults), cluster.completedOps());
        } catch (SimulationFailure failure) {
            return new Outcome(seed, failure.kind() + ": " + failure.reason(),
                    s == null ? List.of() : List.copyOf(s.faults),
                    cluster == null ? 0 : cluster.completedOps());
        }
    }

    // ---- steps: triggers ----

    /**
     * Runs until the next election after those already seen, at most {@code timeoutNanos}; returns
     * the leader then (the new one, or the one still leading when no election came), or -1.
     */
    int awaitElection(long timeoutNanos) {
        until(() -> elections.size() > electionsSeen, timeoutNanos);
        electionsSeen = elections.size();
        return cluster.leader();
    }

    /** Runs until {@code node} appends to its log, at most {@code timeoutNanos}; whether it did. */
    boolean awaitAppend(int node, long timeoutNanos) {
        RaftNode server = cluster.server(node);
        if (server == null) {
            return false;
        }
        long last = server.metrics().lastLogIndex();
        return until(() -> cluster.server(node) == server
                && server.metrics().lastLogIndex() > last, timeoutNanos);
    }

    /**
     * Runs until {@code node} votes for another server, at most {@code timeoutNanos}; returns
     * the candidate it voted for, or -1.
     */
    int awaitVoteBy(int node, long timeoutNanos) {
        int seen = votes.size();
        int[] candidate = {-1};
        until(() -> {
            for (int i = seen; i < votes.size(); i++) {
                long[] vote = votes.get(i);
                if (vote[0] == node && vote[2] != node) {
                    candidate[0] = (int) vote[2];
                    return true;
                }
            }
            return false;
        }, timeoutNanos);
        return candidate[0];
    }

    /** Runs until {@code node} advances its commit index, at most {@code timeoutNanos}. */
    boolean awaitCommitBy(int node, long timeoutNanos) {
        int seen = commits.size();
        return until(() -> {
            for (int i = seen; i < commits.size(); i++) {
                if (commits.get(i)[0] == node) {
                    return true;
                }
            }
            return false;
        }, timeoutNanos);
    }

    private boolean until(BooleanSupplier condition, long timeoutNanos) {
        long deadline = cluster.sim.nowNanos() + timeoutNanos;
        return cluster.sim.runUntil(condition, deadline,
                Math.max(1_000_000, timeoutNanos / SECOND * 2_000_000));
    }

    // ---- steps: actions ----

    /** Applies {@code action} now, and records it. */
    void apply(FaultAction action) {
        faults.add(new TimedFault(cluster.sim.nowNanos(), action));
        cluster.sim.apply(action);
    }

    /** Schedules {@code action} {@code delayNanos} from now, and records it. */
    void later(long delayNanos, FaultAction action) {
        TimedFault fault = new TimedFault(cluster.sim.nowNanos() + delayNanos, action);
        faults.add(fault);
        cluster.sim.schedule(List.of(fault));
    }

    void run(long nanos) {
        if (nanos > 0) {
            cluster.runFor(nanos);
        }
    }

    /** Heals, then cuts {@code side} off from the other servers both ways; clients reach all. */
    void cutServers(NodeSet side) {
        apply(new FaultAction.Heal());
        apply(new FaultAction.PartitionOneWay(side, otherServers(side)));
        apply(new FaultAction.PartitionOneWay(otherServers(side), side));
    }

    /**
     * Heals, then cuts what {@code side} sends to the other servers; it still hears them (and so
     * learns newer terms from their vote requests).
     */
    void cutOutbound(NodeSet side) {
        apply(new FaultAction.Heal());
        apply(new FaultAction.PartitionOneWay(side, otherServers(side)));
    }

    /** Ends every fault, restarts crashed servers, and runs for {@code settleNanos}. */
    void healAndRestart(long settleNanos) {
        apply(new FaultAction.HealAll());
        run(settleNanos);
    }

    NodeSet otherServers(NodeSet side) {
        return side.complementIn(NodeSet.range(servers));
    }

    /** A random server other than {@code node}. */
    int otherServer(RandomStream r, int node) {
        int other = (int) r.nextLong(0, servers - 2);
        return other >= node ? other + 1 : other;
    }
}
