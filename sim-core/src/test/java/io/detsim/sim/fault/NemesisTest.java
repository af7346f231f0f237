package io.detsim.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.detsim.sim.net.NodeSet;
import io.detsim.sim.random.RandomStream;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The nemesis schedule, replayed through a small state model of which nodes are crashed or paused
 * and whether a partition is in place: every action must make sense in the state it meets, and the
 * model must never see more nodes down than the profile allows.
 */
class NemesisTest {
    private static final int SEED_COUNT = 500;
    private static final int[] NODE_COUNTS = {1, 3, 5};

    @Test
    void everySchedule_sortedWithinChaos_endsWithHealAll_minorityDownAtMost() {
        for (long seed = 0; seed < SEED_COUNT; seed++) {
            for (int nodeCount : NODE_COUNTS) {
                RandomStream random = RandomStream.root(seed).fork("test");
                NemesisProfile profile = randomProfile(random, false);
                long chaosNanos = random.nextLong(1_000_000_000L, 30_000_000_000L);
                List<TimedFault> schedule = schedule(profile, nodeCount, seed, chaosNanos);
                String context = "seed " + seed + ", n=" + nodeCount + ", " + profile;

                TimedFault last = schedule.get(schedule.size() - 1);
                assertEquals(new TimedFault(chaosNanos, new FaultAction.HealAll()), last, context);
                ScheduleModel model = new ScheduleModel(nodeCount, profile, chaosNanos, context);
                model.replay(schedule);
                assertTrue(model.downCountMax <= (nodeCount - 1) / 2,
                        context + ": " + model.downCountMax + " nodes down at once");
            }
        }
    }

    /**
     * Non-vacuity: the state model above was fed crashes, pauses and partitions, not just heals.
     */
    @Test
    void defaultProfile_schedulesEveryKind() {
        List<TimedFault> schedule = schedule(NemesisProfile.defaults(), 5, 1, 60_000_000_000L);
        for (Kind kind : Kind.values()) {
            assertTrue(schedule.stream().anyMatch(f -> kind.owns(f.action())),
                    kind + " never scheduled");
        }
        ScheduleModel model = new ScheduleModel(5, NemesisProfile.defaults(), 60_000_000_000L,
                "defaults");
        model.replay(schedule);
        assertEquals(2, model.downCountMax,
                "a five-node minority is two nodes, and the nemesis uses it");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void onlyOneKindOn_noOtherKindAppears(Kind enabled) {
        NemesisProfile profile = enabled.only();
        int schedulesWithTheKind = 0;
        for (long seed = 0; seed < 100; seed++) {
            List<TimedFault> schedule = schedule(profile, 5, seed, 10_000_000_000L);
            for (TimedFault fault : schedule.subList(0, schedule.size() - 1)) {
                assertTrue(enabled.owns(fault.action()),
                        "seed " + seed + ": " + fault + " with only " + enabled);
            }
            schedulesWithTheKind += schedule.size() > 1 ? 1 : 0;
            new ScheduleModel(5, profile, 10_000_000_000L, "seed " + seed + ", only " + enabled)
                    .replay(schedule);
        }
        assertTrue(schedulesWithTheKind > 90,
                enabled + " scheduled on only " + schedulesWithTheKind + " seeds");
    }

    @Test
    void quietProfile_onlyTheFinalHeal() {
        List<TimedFault> schedule = schedule(NemesisProfile.quiet(), 3, 9, 5_000_000_000L);
        assertEquals(List.of(new TimedFault(5_000_000_000L, new FaultAction.HealAll())), schedule);
    }

    @Test
    void clockJumpsOn_butProfileAllowsNoJump_noClockJump() {
        NemesisProfile profile = Kind.CLOCK_JUMP.only();
        for (long seed = 0; seed < 20; seed++) {
            List<TimedFault> schedule = new Nemesis(profile, ClockProfile.perfect(), 3,
                    RandomStream.root(seed).fork("nemesis")).schedule(10_000_000_000L);
            assertEquals(1, schedule.size(), "seed " + seed + ": " + schedule);
        }
    }

    @Test
    void singleNode_neverCrashedPausedOrPartitioned() {
        for (long seed = 0; seed < 100; seed++) {
            List<TimedFault> schedule = schedule(NemesisProfile.defaults(), 1, seed,
                    10_000_000_000L);
            for (TimedFault fault : schedule) {
                assertTrue(!Kind.CRASH.owns(fault.action()) && !Kind.PAUSE.owns(fault.action())
                        && !Kind.PARTITION.owns(fault.action()), "seed " + seed + ": " + fault);
            }
        }
    }

    @Test
    void majorityDownAllowed_letsMoreThanAMinorityGoDown() {
        int[] downCountMaxByNodeCount = new int[6];
        for (long seed = 0; seed < 200; seed++) {
            for (int nodeCount : new int[] {3, 5}) {
                NemesisProfile profile = new NemesisProfile(100_000_000, 3_000_000_000L, true, true,
                        false, false, false, false, true);
                List<TimedFault> schedule = schedule(profile, nodeCount, seed, 20_000_000_000L);
                ScheduleModel model = new ScheduleModel(nodeCount, profile, 20_000_000_000L,
                        "seed " + seed);
                model.replay(schedule);
                downCountMaxByNodeCount[nodeCount] = Math.max(downCountMaxByNodeCount[nodeCount],
                        model.downCountMax);
            }
        }
        assertTrue(downCountMaxByNodeCount[3] > 1,
                "3 nodes: at most " + downCountMaxByNodeCount[3] + " down");
        assertTrue(downCountMaxByNodeCount[5] > 2,
                "5 nodes: at most " + downCountMaxByNodeCount[5] + " down");
    }

    @Test
    void sameSeed_sameSchedule_otherSeed_otherSchedule() {
        int differentCount = 0;
        for (long seed = 0; seed < 100; seed++) {
            NemesisProfile profile = randomProfile(RandomStream.root(seed).fork("test"), false);
            List<TimedFault> first = schedule(profile, 5, seed, 10_000_000_000L);
            assertEquals(first, schedule(profile, 5, seed, 10_000_000_000L), "seed " + seed);
            differentCount += first.equals(schedule(profile, 5, seed + 1_000, 10_000_000_000L))
                    ? 0 : 1;
        }
        assertEquals(100, differentCount, "schedules repeated across seeds");
        assertNotEquals(schedule(NemesisProfile.defaults(), 5, 1, 10_000_000_000L),
                schedule(NemesisProfile.defaults(), 5, 2, 10_000_000_000L));
    }

    // ---- helpers ----

    private static List<TimedFault> schedule(NemesisProfile profile, int nodeCount, long seed,
            long chaosNanos) {
        return new Nemesis(profile, ClockProfile.defaults(), nodeCount,
                RandomStream.root(seed).fork("nemesis")).schedule(chaosNanos);
    }

    /** Every kind on or off by coin, short intervals so that schedules are long and crowded. */
    private static NemesisProfile randomProfile(RandomStream random, boolean majorityDownAllowed) {
        return new NemesisProfile(random.nextLong(10_000_000, 500_000_000),
                random.nextLong(1, 5_000_000_000L), random.chance(0.8), random.chance(0.8),
                random.chance(0.8), random.chance(0.5), random.chance(0.5), random.chance(0.5),
                majorityDownAllowed);
    }

    /** A fault kind and the actions that belong to it (its faults and their undoing). */
    enum Kind {
        CRASH(a -> a instanceof FaultAction.Crash || a instanceof FaultAction.Restart),
        PAUSE(a -> a instanceof FaultAction.Pause || a instanceof FaultAction.Resume),
        PARTITION(a -> a instanceof FaultAction.PartitionHalves
                || a instanceof FaultAction.PartitionOneWay
                || a instanceof FaultAction.Isolate || a instanceof FaultAction.Bridge
                || a instanceof FaultAction.MajoritiesRing || a instanceof FaultAction.Heal),
        CLOG(a -> a instanceof FaultAction.ClogNode || a instanceof FaultAction.ClogLink),
        CLOCK_JUMP(a -> a instanceof FaultAction.ClockJump),
        DISK_FULL(a -> a instanceof FaultAction.DiskFull);

        private final Predicate<FaultAction> owns;

        Kind(Predicate<FaultAction> owns) {
            this.owns = owns;
        }

        boolean owns(FaultAction action) { return owns.test(action); }

        NemesisProfile only() {
            return new NemesisProfile(100_000_000, 1_000_000_000, this == CRASH, this == PAUSE,
                    this == PARTITION, this == CLOG, this == CLOCK_JUMP, this == DISK_FULL, false);
        }
    }

    /**
     * Which nodes are crashed or paused and since when, and whether a partition holds. Fails the
     * test at the first action that does not make sense in the state it meets.
     */
    private static final class ScheduleModel {
        private final int nodeCount;
        private final NemesisProfile profile;
        private final long chaosNanos;
        private final String context;
        private final boolean[] crashed;
        private final boolean[] paused;
        private final long[] downSinceNanos;
        private long partitionSinceNanos = -1;
        private long previousAtNanos;
        int downCountMax;

        ScheduleModel(int nodeCount, NemesisProfile profile, long chaosNanos, String context) {
            this.nodeCount = nodeCount;
            this.profile = profile;
            this.chaosNanos = chaosNanos;
            this.context = context;
            this.crashed = new boolean[nodeCount];
            this.paused = new boolean[nodeCount];
            this.downSinceNanos = new long[nodeCount];
        }

        void replay(List<TimedFault> schedule) {
            for (int i = 0; i < schedule.size(); i++) {
                TimedFault fault = schedule.get(i);
                String where = context + ", fault " + i + " " + fault;
                long atNanos = fault.atNanos();
                check(atNanos >= previousAtNanos, where, "out of time order");
                check(atNanos <= chaosNanos, where, "after the chaos phase");
                check(!(fault.action() instanceof FaultAction.HealAll) || i == schedule.size() - 1,
                        where, "HealAll before the end");
                previousAtNanos = atNanos;
                apply(fault.action(), atNanos, where);
                downCountMax = Math.max(downCountMax, downCount());
            }
        }

        private void apply(FaultAction action, long atNanos, String where) {
            switch (action) {
                case FaultAction.Crash c -> goDown(crashed, c.node(), atNanos, where);
                case FaultAction.Pause p -> goDown(paused, p.node(), atNanos, where);
                case FaultAction.Restart r ->
                        comeBack(crashed, r.node(), atNanos, where, "restart of a live node");
                case FaultAction.Resume r ->
                        comeBack(paused, r.node(), atNanos, where, "resume of a running node");
                case FaultAction.PartitionHalves p -> {
                    checkSet(p.side(), where);
                    check(!p.side().isEmpty() && p.side().size() < nodeCount, where,
                            "not a proper side");
                    partitionStarts(atNanos, where);
                }
                case FaultAction.PartitionOneWay p -> {
                    checkSet(p.senders(), where);
                    checkSet(p.receivers(), where);
                    check(!p.senders().isEmpty() && !p.receivers().isEmpty(), where, "empty side");
                    check((p.senders().bits() & p.receivers().bits()) == 0, where, "sides overlap");
                    partitionStarts(atNanos, where);
                }
                case FaultAction.Isolate i -> {
                    checkNode(i.node(), where);
                    partitionStarts(atNanos, where);
                }
                case FaultAction.Bridge b -> {
                    checkPermutation(b.orderArray(), where);
                    partitionStarts(atNanos, where);
                }
                case FaultAction.MajoritiesRing m -> {
                    checkPermutation(m.orderArray(), where);
                    partitionStarts(atNanos, where);
                }
                case FaultAction.Heal h -> {
                    check(partitionSinceNanos >= 0, where, "heal without a partition");
                    checkWithinDuration(partitionSinceNanos, atNanos, where);
                    partitionSinceNanos = -1;
                }
                case FaultAction.ClogNode c -> {
                    checkNode(c.node(), where);
                    checkLasting(c.durationNanos(), atNanos, where);
                }
                case FaultAction.ClogLink c -> {
                    checkNode(c.from(), where);
                    checkNode(c.to(), where);
                    check(c.from() != c.to(), where, "a clogged link from a node to itself");
                    checkLasting(c.durationNanos(), atNanos, where);
                }
                case FaultAction.ClockJump j -> {
                    checkNode(j.node(), where);
                    check(j.deltaNanos() != 0, where, "a jump of nothing");
                    check(Math.abs(j.deltaNanos()) <= ClockProfile.defaults().jumpNanosMax(), where,
                            "jump too far");
                }
                case FaultAction.DiskFull d -> {
                    checkNode(d.node(), where);
                    checkLasting(d.durationNanos(), atNanos, where);
                }
                case FaultAction.HealAll h -> healAll(atNanos, where);
            }
        }

        private void goDown(boolean[] state, int node, long atNanos, String where) {
            checkNode(node, where);
            check(!crashed[node] && !paused[node], where, "node " + node + " is already down");
            state[node] = true;
            downSinceNanos[node] = atNanos;
            boolean minorityOnly = !profile.majorityDownAllowed();
            check(!minorityOnly || downCount() <= (nodeCount - 1) / 2, where,
                    downCount() + " nodes down");
        }

        private void comeBack(boolean[] state, int node, long atNanos, String where,
                String nonsense) {
            checkNode(node, where);
            check(state[node], where, nonsense);
            state[node] = false;
            checkWithinDuration(downSinceNanos[node], atNanos, where);
        }

        private void healAll(long atNanos, String where) {
            check(atNanos == chaosNanos, where, "HealAll not at the end of chaos");
            for (int node = 0; node < nodeCount; node++) {
                if (crashed[node] || paused[node]) {
                    checkWithinDuration(downSinceNanos[node], atNanos,
                            where + " (node " + node + ")");
                }
            }
            if (partitionSinceNanos >= 0) {
                checkWithinDuration(partitionSinceNanos, atNanos, where + " (partition)");
            }
        }

        private void partitionStarts(long atNanos, String where) {
            check(nodeCount > 1, where, "a partition of one node");
            check(partitionSinceNanos < 0, where,
                    "a partition over a partition that was never healed");
            partitionSinceNanos = atNanos;
        }

        /** The class promise: every fault is undone within faultDurationNanosMax. */
        private void checkWithinDuration(long sinceNanos, long atNanos, String where) {
            check(atNanos - sinceNanos <= profile.faultDurationNanosMax(), where,
                    "undone after " + (atNanos - sinceNanos) + "ns");
        }

        private void checkLasting(long durationNanos, long atNanos, String where) {
            check(durationNanos > 0 && durationNanos <= profile.faultDurationNanosMax(), where,
                    "bad duration");
            check(atNanos + durationNanos <= chaosNanos, where, "outlasts the chaos phase");
        }

        private int downCount() {
            int count = 0;
            for (int node = 0; node < nodeCount; node++) {
                count += crashed[node] || paused[node] ? 1 : 0;
            }
            return count;
        }

        private void checkNode(int node, String where) {
            check(node >= 0 && node < nodeCount, where, "no node " + node);
        }

        private void checkSet(NodeSet set, String where) {
            check((set.bits() & ~NodeSet.range(nodeCount).bits()) == 0, where,
                    "nodes outside the cluster");
        }

        private void checkPermutation(int[] order, String where) {
            check(order.length == nodeCount, where, "order of the wrong length");
            boolean[] seen = new boolean[nodeCount];
            for (int node : order) {
                checkNode(node, where);
                check(!seen[node], where, "node " + node + " twice");
                seen[node] = true;
            }
        }

        private static void check(boolean condition, String where, String problem) {
            if (!condition) {
                fail(problem + ": " + where);
            }
        }
    }
}
