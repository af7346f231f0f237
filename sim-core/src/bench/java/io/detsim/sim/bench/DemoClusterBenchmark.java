package io.detsim.sim.bench;

import io.detsim.sim.Simulation;
import io.detsim.sim.demo.CounterNode;
import io.detsim.sim.demo.DemoCluster;
import io.detsim.sim.fault.FaultProfile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The demo cluster end to end. {@code simulatedSecond}: one operation is one simulated second of a
 * cluster under the default fault profile and nemesis, so ops/s reads directly as simulated seconds
 * per wall second. {@code seed}: one operation is one whole demo seed (10 s chaos, up to 5 s heal),
 * as {@code detsim run} executes it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(3)
public class DemoClusterBenchmark {
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final long SIMULATED_SECONDS = 10;

    @Param({"3", "5"})
    int nodes;

    private long seed;

    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(10)
    public long simulatedSecond() {
        seed++;
        CounterNode.Observer ignore = new CounterNode.Observer() {
            @Override
            public void announced(int node, long value) { }

            @Override
            public void recovered(int node, long value, String how) { }
        };
        Simulation sim = Simulation.builder(seed).profile(FaultProfile.defaults())
                .nodes(nodes, ctx -> new CounterNode(ctx, ignore)).build();
        sim.start();
        sim.schedule(sim.nemesisSchedule(SIMULATED_SECONDS * SECOND_NANOS));
        sim.runFor(SIMULATED_SECONDS * SECOND_NANOS, 100_000_000);
        return sim.trace().hash();
    }

    @Benchmark
    public boolean seed() {
        seed++;
        DemoCluster.Config config = new DemoCluster.Config(seed, nodes,
                DemoCluster.Config.swarmProfile(seed), 10 * SECOND_NANOS, 5 * SECOND_NANOS);
        return DemoCluster.run(config, io.detsim.sim.trace.Trace.Mode.HASH_ONLY, "bench", null)
                .passed();
    }
}
