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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Raft cluster on the simulator. {@code steadyLoad}: one operation is one simulated second of
 * a 5-node cluster serving 5 clients with no faults, so ops/s reads as simulated seconds per wall
 * second. {@code faultySeed}: one operation is one whole 20-simulated-second seed (3 servers, 4
 * clients, network, process and clock faults, then a heal), so ops/s times 60 is seeds per minute.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(3)
public class RaftClusterBenchmark {
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final int STEADY_SECONDS = 10;

    private long seed;

    @Benchmark
    @OperationsPerInvocation(STEADY_SECONDS)
    public long steadyLoad() {
        seed++;
        Simulation sim = cluster(seed, 5, 5, 100_000, FaultProfile.none());
        sim.runFor(STEADY_SECONDS * SECOND_NANOS, 100_000_000);
        return sim.trace().hash();
    }

    @Benchmark
    public long faultySeed() {
        seed++;
        NemesisProfile n = FaultProfile.defaults().nemesis();
        FaultProfile profile = FaultProfile.defaults()
                .withDisk(FaultProfile.defaults().disk().withCorruption(0, 0, 0, 0))
                .withNemesis(new NemesisProfile(n.faultIntervalNanosMean(),
                        n.faultDurationNanosMax(),
                        true, true, true, true, true, false, false));
        Simulation sim = cluster(seed, 3, 4, 100_000, profile);
        sim.schedule(sim.nemesisSchedule(15 * SECOND_NANOS, 3));
        sim.runFor(15 * SECOND_NANOS, 100_000_000);
        sim.apply(new FaultAction.HealAll());
        sim.runFor(5 * SECOND_NANOS, 100_000_000);
        return sim.trace().hash();
    }

    private static Simulation cluster(long seed, int servers, int clients, int opsPerClient,
            FaultProfile profile) {
        RaftConfig raft = RaftConfig.defaults(servers);
        ClientConfig client = ClientConfig.defaults(servers, clients, opsPerClient);
        Simulation sim = Simulation.builder(seed).profile(profile).faultTargets(servers)
                .nodes(servers, ctx -> new RaftNode(ctx, raft, RaftObserver.NONE))
                .nodes(clients, ctx -> new KvClient(ctx, client, event -> { }))
                .build();
        sim.start();
        return sim;
    }
}
