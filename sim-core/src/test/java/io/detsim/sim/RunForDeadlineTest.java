package io.detsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A time-bounded run ends where it says, whatever cancelled events lie before its bound. */
class RunForDeadlineTest {
    private static final long MS = 1_000_000L;

    @Test
    void runFor_stopsAtItsBound_whenOnlyACancelledTimerIsDueBeforeIt() {
        List<Long> firedAt = new ArrayList<>();
        Simulation sim = Simulation.builder(1).nodes(1, ctx -> new Node() {
            @Override
            public void start() {
                ctx.setTimer("later", 20 * MS, () -> firedAt.add(ctx.nowNanos()));
                ctx.setTimer("doomed", 5 * MS, () -> firedAt.add(-1L)).cancel();
            }

            @Override
            public void receive(int from, Message message) { }
        }).build().start();
        sim.runFor(10 * MS, 100);
        assertEquals(10 * MS, sim.nowNanos(), "the run went past its bound");
        assertEquals(List.of(), firedAt);
        sim.runFor(10 * MS, 100);
        assertEquals(List.of(20 * MS), firedAt);
    }

    @Test
    void manyShortRuns_endWhereOneLongRunEnds() {
        Simulation whole = ticking();
        whole.runFor(100 * MS, 10_000);
        Simulation pieces = ticking();
        for (int i = 0; i < 100; i++) {
            pieces.runFor(MS, 10_000);
        }
        assertEquals(whole.nowNanos(), pieces.nowNanos());
        assertEquals(whole.stats().timersFired(), pieces.stats().timersFired());
    }

    /** A node that re-arms a 3 ms timer and cancels a 1 ms one every time it fires. */
    private static Simulation ticking() {
        return Simulation.builder(1).nodes(1, ctx -> new Node() {
            @Override
            public void start() {
                tick();
            }

            private void tick() {
                ctx.setTimer("doomed", MS, () -> { }).cancel();
                ctx.setTimer("tick", 3 * MS, this::tick);
            }

            @Override
            public void receive(int from, Message message) { }
        }).build().start();
    }
}
