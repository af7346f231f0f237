package io.detsim.sim.demo;

import io.detsim.sim.FailureKind;
import io.detsim.sim.Simulation;
import io.detsim.sim.SimulationFailure;
import io.detsim.sim.disk.DiskFault;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.TimedFault;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.trace.Trace;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the demo cluster through a safety phase (faults on) and a liveness phase (faults healed),
 * checking after every event that no durable, announced counter value was lost unless a disk fault
 * on that node explains it, and at the end that every node learned every other node's counter.
 */
public final class DemoCluster {
    /** Events allowed per simulated second; a run needing more is an event storm. */
    static final long STEPS_PER_SECOND_MAX = 1_000_000;

    /**
     * What to run.
     *
     * @param seed the run's seed
     * @param nodeCount how many nodes
     * @param profile the fault profile
     * @param chaosNanos length of the safety phase
     * @param healNanos length of the liveness phase
     * @param plantedBug switch on the demo's planted bug (announce before sync)
     */
    public record Config(long seed, int nodeCount, FaultProfile profile, long chaosNanos,
            long healNanos, boolean plantedBug) {
        public Config {
            if (nodeCount < 1 || nodeCount > 64) {
                throw new IllegalArgumentException("nodeCount must be in [1, 64], was "
                        + nodeCount);
            }
            if (chaosNanos < 0 || healNanos <= 0) {
                throw new IllegalArgumentException("need chaosNanos >= 0 and healNanos > 0");
            }
        }

        public Config(long seed, int nodeCount, FaultProfile profile, long chaosNanos,
                long healNanos) {
            this(seed, nodeCount, profile, chaosNanos, healNanos, false);
        }

        /** The swarm profile drawn for {@code seed}. */
        public static FaultProfile swarmProfile(long seed) {
            return FaultProfile.swarm(RandomStream.root(seed).fork("profile"));
        }
    }

    /**
     * What a run produced.
     *
     * @param simulation the finished simulation (stats, trace, disks)
     * @param schedule the nemesis schedule it ran
     * @param lostButExplained announced values lost to disk faults (allowed)
     * @param failure the failure, or null when the run passed
     */
    public record Result(Simulation simulation, List<TimedFault> schedule, int lostButExplained,
            SimulationFailure failure) {
        public boolean passed() { return failure == null; }

        public String traceHashHex() { return simulation.trace().hashHex(); }
    }

    private DemoCluster() {}

    public static Result run(Config config, Trace.Mode traceMode, String reproduceCommand,
            Consumer<String> logSink) {
        long[] announcedMax = new long[config.nodeCount()];
        int[] explainedLosses = new int[1];
        String[] violation = new String[1];
        Simulation[] holder = new Simulation[1];
        CounterNode.Observer observer = new CounterNode.Observer() {
            @Override
            public void announced(int node, long value) {
                announcedMax[node] = Math.max(announcedMax[node], value);
            }

            @Override
            public void recovered(int node, long value, String how) {
                if (value >= announcedMax[node]) {
                    return;
                }
                if (explainedByDiskFault(holder[0], node)) {
                    explainedLosses[0]++;
                    announcedMax[node] = value;
                } else if (violation[0] == null) {
                    violation[0] = "node " + node + " recovered counter " + value
                            + " but had announced " + announcedMax[node] + " (" + how
                            + "), and no disk fault explains it";
                }
            }
        };
        Simulation sim = Simulation.builder(config.seed())
                .nodes(config.nodeCount(),
                        ctx -> new CounterNode(ctx, observer, config.plantedBug()))
                .profile(config.profile())
                .traceMode(traceMode)
                .reproduceCommand(reproduceCommand)
                .logSink(logSink)
                .build();
        holder[0] = sim;
        sim.addInvariant("announced-values-survive", () -> {
            if (violation[0] != null) {
                throw new IllegalStateException(violation[0]);
            }
        });
        List<TimedFault> schedule = sim.nemesisSchedule(config.chaosNanos());
        SimulationFailure failure = null;
        try {
            sim.start();
            sim.schedule(schedule);
            sim.runFor(config.chaosNanos(), stepBudget(config.chaosNanos()));
            long[] targets = durableCounters(sim);
            boolean converged = sim.runUntil(() -> everyoneKnows(sim, targets),
                    sim.nowNanos() + config.healNanos(), stepBudget(config.healNanos()));
            if (!converged) {
                failure = sim.failure(FailureKind.LIVENESS,
                        "nodes did not learn each other's counters within "
                                + config.healNanos() / 1_000_000 + "ms of healing");
            }
        } catch (SimulationFailure e) {
            failure = e;
        }
        return new Result(sim, schedule, explainedLosses[0], failure);
    }

    private static long stepBudget(long nanos) {
        return Math.max(10_000,
                nanos / 1_000_000_000L * STEPS_PER_SECOND_MAX + STEPS_PER_SECOND_MAX);
    }

    private static boolean explainedByDiskFault(Simulation sim, int node) {
        for (DiskFault fault : sim.disk(node).faults()) {
            switch (fault.kind()) {
                case BIT_FLIP_ON_WRITE, BIT_FLIP_ON_READ, LATENT_SECTOR_ERROR, MISDIRECTED_WRITE,
                        MISDIRECTED_LANDING -> {
                    return true;
                }
                default -> { }
            }
        }
        return false;
    }

    private static long[] durableCounters(Simulation sim) {
        long[] counters = new long[sim.nodeCount()];
        for (int node = 0; node < sim.nodeCount(); node++) {
            counters[node] = sim.node(node) instanceof CounterNode c ? c.durableCounter() : 0;
        }
        return counters;
    }

    private static boolean everyoneKnows(Simulation sim, long[] targets) {
        for (int node = 0; node < sim.nodeCount(); node++) {
            if (!(sim.node(node) instanceof CounterNode c)) {
                return false;
            }
            for (int other = 0; other < sim.nodeCount(); other++) {
                if (c.knownCounterOf(other) < targets[other]) {
                    return false;
                }
            }
        }
        return true;
    }
}
