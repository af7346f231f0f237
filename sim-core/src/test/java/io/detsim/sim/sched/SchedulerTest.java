package io.detsim.sim.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.random.RandomStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulerTest {

    private record Planned(long atNanos, int order) {}

    @Test
    void eventsFireInTimeOrder_sameTimeInSchedulingOrder() {
        Scheduler scheduler = new Scheduler();
        List<String> fired = new ArrayList<>();
        scheduler.schedule(30, SimEvent.of(() -> fired.add("c@30")));
        scheduler.schedule(10, SimEvent.of(() -> fired.add("a@10")));
        scheduler.schedule(10, SimEvent.of(() -> fired.add("b@10")));
        scheduler.schedule(20, SimEvent.of(() -> fired.add("x@20")));
        while (scheduler.step()) {
            fired.add("now=" + scheduler.nowNanos());
        }
        assertEquals(
                List.of("a@10", "now=10", "b@10", "now=10", "x@20", "now=20", "c@30", "now=30"),
                fired);
        assertEquals(4, scheduler.stepCount());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void randomSchedules_fireSortedByTimeThenSequence(long seed) {
        RandomStream random = RandomStream.root(seed);
        Scheduler scheduler = new Scheduler();
        List<Planned> planned = new ArrayList<>();
        List<Planned> fired = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Planned p = new Planned(random.nextLong(0, 500), i);
            planned.add(p);
            scheduler.schedule(p.atNanos(), SimEvent.of(() -> fired.add(p)));
        }
        while (scheduler.step()) {
            // Events scheduled while running must slot in correctly too.
            if (fired.size() % 7 == 0 && planned.size() < 7_000) {
                Planned p = new Planned(scheduler.nowNanos() + random.nextLong(0, 50),
                        planned.size());
                planned.add(p);
                scheduler.schedule(p.atNanos(), SimEvent.of(() -> fired.add(p)));
            }
        }
        planned.sort(Comparator.comparingLong(Planned::atNanos).thenComparingInt(Planned::order));
        assertEquals(planned, fired);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void manyCancellations_dropCancelledEventsInBulk_withoutChangingTheOrder(long seed) {
        RandomStream random = RandomStream.root(seed);
        Scheduler scheduler = new Scheduler();
        List<Planned> planned = new ArrayList<>();
        List<SimEvent> events = new ArrayList<>();
        boolean[] cancelled = new boolean[4_000];
        boolean[] hasFired = new boolean[4_000];
        List<Planned> fired = new ArrayList<>();
        Runnable plan = () -> {
            Planned p = new Planned(scheduler.nowNanos() + random.nextLong(0, 1_000),
                    planned.size());
            planned.add(p);
            SimEvent event = SimEvent.of(() -> {
                fired.add(p);
                hasFired[p.order()] = true;
            });
            events.add(event);
            scheduler.schedule(p.atNanos(), event);
        };
        int maxPending = 0;
        for (int i = 0; i < 3_000; i++) {
            plan.run();
            if (random.chance(0.8)) { // most timers never fire
                events.get(i).cancel();
                events.get(i).cancel(); // twice counts once
                cancelled[i] = true;
            }
            maxPending = Math.max(maxPending, scheduler.pendingCount());
        }
        assertTrue(maxPending < 1_500, "cancelled events were not dropped: " + maxPending);
        while (scheduler.step()) {
            // Cancel queued events while running (drops happen mid-run), and plan new ones.
            for (int tries = 0; tries < 3; tries++) {
                int victim = random.nextInt(planned.size());
                if (!hasFired[victim]) {
                    events.get(victim).cancel();
                    cancelled[victim] = true;
                }
            }
            if (planned.size() < cancelled.length && random.chance(0.5)) {
                plan.run();
            }
        }
        assertEquals(0, scheduler.pendingCount());
        List<Planned> expected = new ArrayList<>();
        for (Planned p : planned) {
            if (!cancelled[p.order()]) {
                expected.add(p);
            }
        }
        expected.sort(Comparator.comparingLong(Planned::atNanos)
                .thenComparingInt(Planned::order));
        assertEquals(expected, fired);
        assertEquals(fired.size(), scheduler.stepCount());
    }

    @Test
    void cancelledEvents_doNotFire_andAreNotCounted() {
        Scheduler scheduler = new Scheduler();
        List<String> fired = new ArrayList<>();
        SimEvent doomed = SimEvent.of(() -> fired.add("doomed"));
        scheduler.schedule(5, doomed);
        scheduler.schedule(6, SimEvent.of(() -> fired.add("kept")));
        doomed.cancel();
        while (scheduler.step()) { }
        assertEquals(List.of("kept"), fired);
        assertEquals(1, scheduler.stepCount());
    }

    @Test
    void aCancelledEventAtTheFront_doesNotLetATimeBoundedRunOvershoot() {
        Scheduler scheduler = new Scheduler();
        List<String> fired = new ArrayList<>();
        SimEvent doomed = SimEvent.of(() -> fired.add("doomed"));
        scheduler.schedule(5, doomed);
        scheduler.schedule(20, SimEvent.of(() -> fired.add("later")));
        doomed.cancel();
        assertEquals(20, scheduler.nextEventTimeNanos(), "the cancelled event is not next");
        assertEquals(Scheduler.RunOutcome.TIME_REACHED, scheduler.run(() -> false, 10, 100));
        assertEquals(10, scheduler.nowNanos());
        assertEquals(List.of(), fired);
        doomed = SimEvent.of(() -> fired.add("doomed"));
        scheduler.schedule(15, doomed);
        doomed.cancel();
        assertEquals(Scheduler.RunOutcome.QUEUE_EMPTY, scheduler.run(() -> false, 100, 100));
        assertEquals(List.of("later"), fired);
        assertEquals(Long.MAX_VALUE, scheduler.nextEventTimeNanos());
    }

    @Test
    void schedulingInThePast_orTwice_isRejected() {
        Scheduler scheduler = new Scheduler();
        scheduler.schedule(100, SimEvent.of(() -> {}));
        scheduler.step();
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> scheduler.schedule(99, SimEvent.of(() -> {})));
        assertTrue(past.getMessage().contains("past"));
        SimEvent once = SimEvent.of(() -> {});
        scheduler.schedule(200, once);
        assertThrows(IllegalStateException.class, () -> scheduler.schedule(300, once));
        assertThrows(IllegalArgumentException.class,
                () -> scheduler.scheduleAfter(-1, SimEvent.of(() -> {})));
    }

    @Test
    void run_stopsAtCondition_time_budget_orEmptyQueue() {
        Scheduler scheduler = new Scheduler();
        int[] count = new int[1];
        for (int t = 1; t <= 100; t++) {
            scheduler.schedule(t * 10L, SimEvent.of(() -> count[0]++));
        }
        assertEquals(Scheduler.RunOutcome.CONDITION_MET,
                scheduler.run(() -> count[0] == 5, Long.MAX_VALUE, 1000));
        assertEquals(5, count[0]);
        assertEquals(Scheduler.RunOutcome.TIME_REACHED, scheduler.run(() -> false, 255, 1000));
        assertEquals(255, scheduler.nowNanos());
        assertEquals(25, count[0]);
        assertEquals(Scheduler.RunOutcome.STEPS_EXHAUSTED,
                scheduler.run(() -> false, Long.MAX_VALUE, 10));
        assertEquals(35, count[0]);
        assertEquals(Scheduler.RunOutcome.QUEUE_EMPTY,
                scheduler.run(() -> false, Long.MAX_VALUE, 1000));
        assertEquals(100, count[0]);
    }

    @Test
    void perturbation_shufflesSameTimeEvents_deterministicallyPerSeed() {
        List<Integer> unperturbed = fireTenAtOnce(null);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), unperturbed);
        assertEquals(fireTenAtOnce(RandomStream.root(1)), fireTenAtOnce(RandomStream.root(1)));
        int differing = 0;
        for (long seed = 1; seed <= 20; seed++) {
            differing += fireTenAtOnce(RandomStream.root(seed)).equals(unperturbed) ? 0 : 1;
        }
        assertTrue(differing >= 18,
                "perturbation changed the order for only " + differing + " of 20 seeds");
        assertNotEquals(fireTenAtOnce(RandomStream.root(1)), fireTenAtOnce(RandomStream.root(2)));
    }

    @Test
    void perturbation_neverReordersAcrossTimes() {
        Scheduler scheduler = new Scheduler(RandomStream.root(3));
        List<Long> times = new ArrayList<>();
        RandomStream random = RandomStream.root(4);
        for (int i = 0; i < 2_000; i++) {
            scheduler.schedule(random.nextLong(0, 100),
                    SimEvent.of(() -> times.add(scheduler.nowNanos())));
        }
        while (scheduler.step()) { }
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i - 1) <= times.get(i));
        }
        assertFalse(times.isEmpty());
    }

    private static List<Integer> fireTenAtOnce(RandomStream tieBreaks) {
        Scheduler scheduler = new Scheduler(tieBreaks);
        List<Integer> fired = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int id = i;
            scheduler.schedule(50, SimEvent.of(() -> fired.add(id)));
        }
        while (scheduler.step()) { }
        return fired;
    }
}
