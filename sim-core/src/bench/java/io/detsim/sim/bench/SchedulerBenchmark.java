package io.detsim.sim.bench;

import io.detsim.sim.random.RandomStream;
import io.detsim.sim.sched.Scheduler;
import io.detsim.sim.sched.SimEvent;
import java.util.concurrent.TimeUnit;
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
 * Raw scheduler throughput, single thread, with the classic "hold" model: a fixed number of pending
 * events; every fired event schedules one new event a random delay ahead. One operation = one event
 * fired (including allocating and scheduling its successor).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class SchedulerBenchmark {
    private static final int EVENTS_PER_INVOCATION = 100_000;

    @Param({"64", "1024", "65536"})
    int pendingEvents;

    private Scheduler scheduler;
    private RandomStream random;

    private final class Hold extends SimEvent {
        @Override
        protected void fire() {
            scheduler.scheduleAfter(1 + (random.nextLong() & 0xFFFF), new Hold());
        }
    }

    @Setup(Level.Iteration)
    public void fill() {
        scheduler = new Scheduler();
        random = RandomStream.root(1).fork("bench");
        for (int i = 0; i < pendingEvents; i++) {
            scheduler.schedule(random.nextLong(0, 0xFFFF), new Hold());
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS_PER_INVOCATION)
    public long hold() {
        for (int i = 0; i < EVENTS_PER_INVOCATION; i++) {
            scheduler.step();
        }
        return scheduler.nowNanos();
    }
}
