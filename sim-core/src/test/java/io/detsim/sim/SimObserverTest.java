package io.detsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.net.NodeSet;
import io.detsim.sim.trace.Trace;
import io.detsim.sim.trace.TraceEvent;
import io.detsim.sim.trace.TraceKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimObserverTest {
    private static final long MS = 1_000_000L;

    /** Writes down what it hears, one line per callback. */
    static final class Recorder implements SimObserver {
        final List<String> heard = new ArrayList<>();

        @Override
        public void faultApplied(long timeNanos, FaultAction action) {
            heard.add(timeNanos / MS + " fault " + action);
        }

        @Override
        public void nodeStopped(long timeNanos, int node, boolean halted) {
            heard.add(timeNanos / MS + " stopped " + node + (halted ? " halted" : ""));
        }

        @Override
        public void nodeStarted(long timeNanos, int node, int incarnation) {
            heard.add(timeNanos / MS + " started " + node + " #" + incarnation);
        }

        @Override
        public void nodePaused(long timeNanos, int node) {
            heard.add(timeNanos / MS + " paused " + node);
        }

        @Override
        public void nodeResumed(long timeNanos, int node) {
            heard.add(timeNanos / MS + " resumed " + node);
        }
    }

    private static Simulation run(Trace.Mode mode, SimObserver observer) {
        Simulation sim = Simulation.builder(7).nodes(3, SimulationTest.Pinger::new)
                .traceMode(mode).observer(observer).build().start();
        sim.runFor(20 * MS, 100_000);
        sim.apply(new FaultAction.Crash(1));
        sim.apply(new FaultAction.PartitionHalves(NodeSet.of(0)));
        sim.runFor(20 * MS, 100_000);
        sim.apply(new FaultAction.Pause(2));
        sim.runFor(5 * MS, 100_000);
        sim.apply(new FaultAction.HealAll());
        sim.runFor(20 * MS, 100_000);
        return sim;
    }

    @Test
    void hearsFaultsAndTheLifecycleInOrder() {
        Recorder recorder = new Recorder();
        run(Trace.Mode.HASH_ONLY, recorder);
        assertEquals(List.of("0 started 0 #1", "0 started 1 #1", "0 started 2 #1",
                "20 fault Crash[node=1]", "20 stopped 1",
                "20 fault PartitionHalves[side={0}]", "40 fault Pause[node=2]", "40 paused 2",
                "45 fault HealAll[]", "45 started 1 #2", "45 resumed 2"),
                normalize(recorder.heard));
    }

    private static List<String> normalize(List<String> heard) {
        List<String> out = new ArrayList<>();
        for (String line : heard) {
            out.add(line.replaceAll("PartitionHalves\\[.*\\]", "PartitionHalves[side={0}]"));
        }
        return out;
    }

    @Test
    void neitherAnObserverNorRecordingChangesTheRun() {
        Simulation plain = run(Trace.Mode.HASH_ONLY, SimObserver.NONE);
        Simulation observed = run(Trace.Mode.HASH_ONLY, new Recorder());
        Simulation recorded = run(Trace.Mode.RECORD, new Recorder());
        assertEquals(plain.trace().hashHex(), observed.trace().hashHex());
        assertEquals(plain.trace().hashHex(), recorded.trace().hashHex());
    }

    @Test
    void recordedDeliveriesAndTimersCarryNotes_hashOnlyRunsMakeNone() {
        List<TraceEvent> events = run(Trace.Mode.RECORD, SimObserver.NONE).trace().events();
        TraceEvent delivery = events.stream().filter(e -> e.kind() == TraceKind.DELIVER)
                .findFirst().orElseThrow();
        assertTrue(delivery.note().startsWith("Ping[seq="), delivery.note());
        TraceEvent timer = events.stream().filter(e -> e.kind() == TraceKind.TIMER).findFirst()
                .orElseThrow();
        assertEquals("ping", timer.note());
        TraceEvent start = events.get(0);
        assertNull(start.note());
    }
}
