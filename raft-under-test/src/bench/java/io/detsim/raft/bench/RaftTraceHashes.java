package io.detsim.raft.bench;

import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.client.KvClient;
import io.detsim.raft.core.RaftConfig;
import io.detsim.raft.core.RaftNode;
import io.detsim.raft.core.RaftObserver;
import io.detsim.sim.Simulation;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.NemesisProfile;

/**
 * Prints the trace hash, event count and steps of a few Raft runs, so that a performance change
 * can be checked to leave runs exactly as they were (same hashes before and after): the
 * benchmark's steady cluster, faulty clusters without disk corruption (as in the benchmark), and
 * faulty clusters with the default disk profile (corruption on a minority of disks). Not a
 * benchmark; after {@code ./detsim bench-raft -h} built the jar, run
 * {@code java -cp raft-under-test/target/bench/raft-benchmarks.jar
 * io.detsim.raft.bench.RaftTraceHashes}.
 */
public final class RaftTraceHashes {
    private static final long SECOND_NANOS = 1_000_000_000L;

    private RaftTraceHashes() {}

    public static void main(String[] args) {
        for (long seed = 1; seed <= 3; seed++) {
            Simulation steady = cluster(seed, 5, 5, FaultProfile.none());
            steady.runFor(10 * SECOND_NANOS, 100_000_000);
            print("steady", seed, steady);
        }
        for (long seed = 1; seed <= 5; seed++) {
            FaultProfile noCorruption = withoutDiskFull(FaultProfile.defaults()
                    .withDisk(FaultProfile.defaults().disk().withCorruption(0, 0, 0, 0)));
            print("faulty", seed, chaos(seed, noCorruption));
        }
        for (long seed = 1; seed <= 5; seed++) {
            print("corrupting", seed, chaos(seed, withoutDiskFull(FaultProfile.defaults())));
        }
    }

    /** The benchmark's nemesis: every fault kind but disk-full, a minority down at most. */
    private static FaultProfile withoutDiskFull(FaultProfile profile) {
        NemesisProfile n = profile.nemesis();
        return profile.withNemesis(new NemesisProfile(n.faultIntervalNanosMean(),
                n.faultDurationNanosMax(), true, true, true, true, true, false, false));
    }

    private static Simulation chaos(long seed, FaultProfile profile) {
        Simulation sim = cluster(seed, 3, 4, profile);
        sim.schedule(sim.nemesisSchedule(15 * SECOND_NANOS, 3));
        try {
            sim.runFor(15 * SECOND_NANOS, 100_000_000);
            sim.apply(new FaultAction.HealAll());
            sim.runFor(5 * SECOND_NANOS, 100_000_000);
        } catch (RuntimeException e) {
            System.out.println("  (seed " + seed + " failed: " + e.getMessage() + ")");
        }
        return sim;
    }

    private static Simulation cluster(long seed, int servers, int clients, FaultProfile profile) {
        RaftConfig raft = RaftConfig.defaults(servers);
        ClientConfig client = ClientConfig.defaults(servers, clients, 100_000);
        Simulation sim = Simulation.builder(seed).profile(profile)
                .nodes(servers, ctx -> new RaftNode(ctx, raft, RaftObserver.NONE))
                .nodes(clients, ctx -> new KvClient(ctx, client, event -> { }))
                .build();
        sim.start();
        return sim;
    }

    private static void print(String what, long seed, Simulation sim) {
        System.out.printf("%-10s seed %d  hash %s  steps %d  trace events %d%n", what, seed,
                sim.trace().hashHex(), sim.stepCount(), sim.trace().eventCount());
    }
}
