package io.detsim.raft.bench;

import io.detsim.raft.client.ClientConfig;
import io.detsim.raft.client.ClientEvent;
import io.detsim.raft.client.KvClient;
import io.detsim.raft.core.RaftConfig;
import io.detsim.raft.core.RaftNode;
import io.detsim.raft.core.RaftObserver;
import io.detsim.sim.Simulation;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Raft cluster on the simulator.
 *
 * <p>{@code steadyLoad}: one operation is one simulated second of a 5-node cluster serving 5
 * clients with no faults, so ops/s reads as simulated seconds per wall second (times real time).
 * The load is a parameter, the longest pause a client takes between operations:
 * {@code thinkMillisMax=20} is a heavy load (about 430 client operations and 6,600 simulation
 * events per simulated second), {@code thinkMillisMax=200} a light one (about 50 operations and
 * 920 events per simulated second). Report both: times real time says little without the load.
 * The secondary results {@code steadyLoad:events} and {@code steadyLoad:clientOps} are events and
 * client operations per wall second; divided by the primary result they give the load per
 * simulated second, and {@code events} alone is the simulator's throughput.
 *
 * <p>{@code faultySeed}: one operation is one whole 20-simulated-second seed (3 servers, 4
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

    /** The steady load's knob (its own state, so that faultySeed does not run once per value). */
    @State(Scope.Thread)
    public static class ClientLoad {
        /** Longest client pause between operations, in milliseconds. */
        @Param({"20", "200"})
        int thinkMillisMax;
    }

    /**
     * What the steady load simulated, as rates per wall second like the primary result (JMH
     * divides these counters by the iteration's time): divide by the primary result for rates per
     * simulated second.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class SimulatedLoad {
        /** Simulation events (scheduler steps). */
        public long events;
        /** Client operations completed (ok or fail; timeouts not counted). */
        public long clientOps;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
            clientOps = 0;
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEADY_SECONDS)
    public long steadyLoad(ClientLoad clients, SimulatedLoad load) {
        seed++;
        long[] completed = {0};
        ClientConfig defaults = ClientConfig.defaults(5, 5, 100_000);
        ClientConfig client = new ClientConfig(5, 5, 100_000, defaults.keyCount(),
                defaults.readShare(), defaults.staleReadShare(), defaults.casShare(),
                defaults.opTimeoutNanos(), defaults.retryIntervalNanos(),
                clients.thinkMillisMax * 1_000_000L);
        Simulation sim = cluster(seed, 5, client, FaultProfile.none(), event -> {
            if (event.type() == ClientEvent.Type.OK || event.type() == ClientEvent.Type.FAIL) {
                completed[0]++;
            }
        });
        sim.runFor(STEADY_SECONDS * SECOND_NANOS, 100_000_000);
        load.events += sim.stepCount();
        load.clientOps += completed[0];
        return sim.trace().hash();
    }

    @Benchmark
    public long faultySeed() {
        seed++;
        FaultProfile profile = FaultProfile.defaults();
        Simulation sim = cluster(seed, 3, ClientConfig.defaults(3, 4, 100_000), profile,
                event -> { });
        sim.schedule(sim.nemesisSchedule(15 * SECOND_NANOS, 3));
        sim.runFor(15 * SECOND_NANOS, 100_000_000);
        sim.apply(new FaultAction.HealAll());
        sim.runFor(5 * SECOND_NANOS, 100_000_000);
        return sim.trace().hash();
    }

    private static Simulation cluster(long seed, int servers, ClientConfig client,
            FaultProfile profile, java.util.function.Consumer<ClientEvent> history) {
        RaftConfig raft = RaftConfig.defaults(servers);
        Simulation sim = Simulation.builder(seed).profile(profile).faultTargets(servers)
                .nodes(servers, ctx -> new RaftNode(ctx, raft, RaftObserver.NONE))
                .nodes(client.clientCount(), ctx -> new KvClient(ctx, client, history))
                .build();
        sim.start();
        return sim;
    }
}
