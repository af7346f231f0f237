package io.detsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.fault.ClockProfile;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.Node;
import io.detsim.sim.seam.NodeContext;
import io.detsim.sim.seam.Timer;
import io.detsim.sim.trace.Trace;
import io.detsim.sim.trace.TraceEvent;
import io.detsim.sim.trace.TraceKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {
    private static final long MS = 1_000_000L;

    record Ping(int seq) implements Message {}

    /** Sends a ping to every peer every 10 ms; remembers what it received and when. */
    static final class Pinger implements Node {
        final NodeContext ctx;
        final List<String> received = new ArrayList<>();
        int started;
        int seq;

        Pinger(NodeContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void start() {
            started++;
            ctx.setTimer("ping", 10 * MS, this::ping);
        }

        private void ping() {
            seq++;
            for (int peer = 0; peer < ctx.clusterSize(); peer++) {
                if (peer != ctx.nodeId()) {
                    ctx.send(peer, new Ping(seq));
                }
            }
            ctx.setTimer("ping", 10 * MS, this::ping);
        }

        @Override
        public void receive(int from, Message message) {
            received.add(from + ":" + ((Ping) message).seq());
        }
    }

    private static Simulation pingers(long seed, int nodes) {
        return Simulation.builder(seed).nodes(nodes, Pinger::new).traceMode(Trace.Mode.RECORD)
                .build().start();
    }

    @Test
    void timers_fireAfterTheirDelay_andCancelledTimersDoNot() {
        List<Long> firedAt = new ArrayList<>();
        Simulation sim = Simulation.builder(1).nodes(1, ctx -> new Node() {
            @Override
            public void start() {
                ctx.setTimer("a", 5 * MS, () -> firedAt.add(ctx.nowNanos()));
                Timer doomed = ctx.setTimer("b", 3 * MS, () -> firedAt.add(-1L));
                doomed.cancel();
                assertFalse(doomed.isPending());
            }

            @Override
            public void receive(int from, Message message) { }
        }).build().start();
        sim.runFor(20 * MS, 100);
        assertEquals(List.of(5 * MS), firedAt);
        assertEquals(20 * MS, sim.nowNanos());
    }

    @Test
    void reliableNetwork_deliversEveryPing() {
        Simulation sim = pingers(1, 3);
        sim.runFor(105 * MS, 10_000);
        Pinger p0 = (Pinger) sim.node(0);
        // 10 rounds sent by each of 2 peers; the last may still be in flight (latency <= 1 ms).
        assertEquals(20, p0.received.size(), p0.received.toString());
        assertEquals(sim.stats().messagesSent(), sim.stats().messagesDelivered());
    }

    @Test
    void crash_discardsTheNode_andRestartBuildsANewOne() {
        Simulation sim = pingers(2, 3);
        sim.runFor(50 * MS, 10_000);
        Node before = sim.node(1);
        sim.crash(1);
        assertNull(sim.node(1));
        assertFalse(sim.isUp(1));
        long delivered = sim.stats().messagesDelivered();
        sim.runFor(50 * MS, 10_000);
        // Pings to the crashed node are dropped at arrival; it sends nothing.
        assertTrue(sim.stats().messagesDropped() >= 9);
        sim.restart(1);
        Pinger after = (Pinger) sim.node(1);
        assertNotSame(before, after);
        assertEquals(1, after.started);
        assertTrue(after.received.isEmpty());
        sim.runFor(50 * MS, 10_000);
        assertFalse(after.received.isEmpty());
        assertTrue(sim.stats().messagesDelivered() > delivered);
    }

    @Test
    void timersOfACrashedIncarnation_neverFireInTheNextOne() {
        int[] oldTimerFired = new int[1];
        int[] incarnations = new int[1];
        Simulation sim = Simulation.builder(3).nodes(1, ctx -> new Node() {
            @Override
            public void start() {
                incarnations[0]++;
                if (incarnations[0] == 1) {
                    ctx.setTimer("old", 100 * MS, () -> oldTimerFired[0]++);
                }
            }

            @Override
            public void receive(int from, Message message) { }
        }).build().start();
        sim.runFor(10 * MS, 100);
        sim.crash(0);
        sim.restart(0);
        sim.runFor(200 * MS, 100);
        assertEquals(2, incarnations[0]);
        assertEquals(0, oldTimerFired[0]);
    }

    @Test
    void syncCallbacksOfACrashedIncarnation_neverRun() {
        int[] callbacks = new int[1];
        Simulation sim = Simulation.builder(4).nodes(1, ctx -> new Node() {
            @Override
            public void start() {
                var file = ctx.disk().open("f");
                file.write(0, new byte[] {1, 2, 3}, 0, 3);
                file.sync(() -> callbacks[0]++);
            }

            @Override
            public void receive(int from, Message message) { }
        }).build().start();
        sim.crash(0);
        sim.runFor(10 * MS, 100);
        assertEquals(0, callbacks[0]);
        sim.restart(0);
        sim.runFor(10 * MS, 100);
        assertEquals(1, callbacks[0]);
    }

    @Test
    void pause_holdsMessagesAndTimers_resumeHandsThemOverInOrder() {
        Simulation sim = pingers(5, 2);
        sim.runFor(25 * MS, 10_000);
        Pinger p1 = (Pinger) sim.node(1);
        int seqBefore = p1.seq;
        int receivedBefore = p1.received.size();
        sim.pause(1);
        sim.runFor(50 * MS, 10_000);
        assertEquals(seqBefore, p1.seq, "a paused node's timers must not fire");
        assertEquals(receivedBefore, p1.received.size(), "a paused node must not receive");
        sim.resume(1);
        sim.runFor(0, 10_000);
        sim.runFor(MS / 2, 10_000);
        assertTrue(p1.received.size() >= receivedBefore + 5, p1.received.toString());
        List<String> afterResume = p1.received.subList(receivedBefore, p1.received.size());
        for (int i = 1; i < afterResume.size(); i++) {
            int previous = Integer.parseInt(afterResume.get(i - 1).split(":")[1]);
            int next = Integer.parseInt(afterResume.get(i).split(":")[1]);
            assertTrue(previous < next, "held messages out of order: " + afterResume);
        }
        assertEquals(seqBefore + 1, p1.seq, "the held timer fires once at resume");
    }

    @Test
    void nodeException_isACrashFailure_withSeedAndReproduceLine() {
        Simulation sim = Simulation.builder(77).reproduceCommand("./detsim run --seed 77")
                .nodes(1, ctx -> new Node() {
                    @Override
                    public void start() {
                        ctx.setTimer("boom", MS, () -> {
                            throw new IllegalStateException("kaboom");
                        });
                    }

                    @Override
                    public void receive(int from, Message message) { }
                }).build().start();
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> sim.runFor(10 * MS, 100));
        assertEquals(FailureKind.CRASH, failure.kind());
        assertEquals(77, failure.seed());
        assertEquals(MS, failure.timeNanos());
        assertTrue(failure.getMessage().contains("kaboom"));
        assertTrue(failure.getMessage().endsWith("reproduce: ./detsim run --seed 77"),
                failure.getMessage());
    }

    @Test
    void processHalt_isAFailStop_thatTheSupervisorRestartsFromDisk() {
        List<String> boots = new ArrayList<>();
        Simulation sim = Simulation.builder(78).traceMode(Trace.Mode.RECORD)
                .supervisorRestartDelayNanos(50 * MS)
                .nodes(1, ctx -> new Node() {
                    @Override
                    public void start() {
                        var file = ctx.disk().open("f");
                        boots.add(ctx.nowNanos() / MS + "ms:" + file.sizeBytes());
                        file.write(file.sizeBytes(), new byte[] {7}, 0, 1);
                        file.sync(() -> ctx.setTimer("give-up", 5 * MS, () -> {
                            throw new io.detsim.sim.seam.ProcessHalt("disk says no");
                        }));
                    }

                    @Override
                    public void receive(int from, Message message) { }
                }).build().start();
        sim.runFor(130 * MS, 1_000);
        // Each incarnation sees what the previous ones synced; restarts come 50 ms after halts
        // (halts at about 5, 60 and 115 ms).
        assertEquals(3, boots.size(), boots.toString());
        assertEquals("0ms:0", boots.get(0));
        assertTrue(boots.get(1).startsWith("5") && boots.get(1).endsWith(":1"), boots.toString());
        assertTrue(boots.get(2).startsWith("11") && boots.get(2).endsWith(":2"), boots.toString());
        assertEquals(3, sim.stats().halts());
        assertEquals(3, sim.trace().events().stream()
                .filter(e -> e.kind() == TraceKind.HALT).count());
    }

    @Test
    void faultTargets_takeTheCorruptionAndTheClockFaults_clientsKeepTrueTime() {
        FaultProfile profile = FaultProfile.defaults();
        for (long seed = 1; seed <= 50; seed++) {
            long[] clientSeesNanos = {-1};
            Simulation sim = Simulation.builder(seed).profile(profile).faultTargets(5)
                    .nodes(5, Pinger::new)
                    .nodes(4, ctx -> new Node() {
                        @Override
                        public void start() {
                            ctx.setTimer("look", 100 * MS,
                                    () -> clientSeesNanos[0] = ctx.nowNanos());
                        }

                        @Override
                        public void receive(int from, Message message) { }
                    }).build().start();
            sim.runFor(200 * MS, 1_000_000);
            assertEquals(2, sim.corruptibleDisks().size(), "a minority of the 5 servers");
            for (int id : sim.corruptibleDisks().ids()) {
                assertTrue(id < 5, "client " + id + " got a corruptible disk");
            }
            assertEquals(100 * MS, clientSeesNanos[0], "a client's clock is off, seed " + seed);
        }
    }

    @Test
    void invariantViolation_isASafetyFailure_namingTheInvariant() {
        Simulation sim = pingers(6, 2);
        sim.addInvariant("fewer-than-five-pings", () -> {
            if (((Pinger) sim.node(0)).seq >= 5) {
                throw new IllegalStateException("five pings");
            }
        });
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> sim.runFor(MS * 1000, 10_000));
        assertEquals(FailureKind.SAFETY, failure.kind());
        assertTrue(failure.reason().contains("fewer-than-five-pings"));
        assertEquals(50 * MS, failure.timeNanos());
    }

    @Test
    void blownStepBudget_isALivenessFailure_withTheSeed() {
        Simulation sim = Simulation.builder(8).nodes(1, ctx -> new Node() {
            @Override
            public void start() {
                spin();
            }

            private void spin() {
                ctx.setTimer("spin", 0, this::spin);
            }

            @Override
            public void receive(int from, Message message) { }
        }).build().start();
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> sim.runFor(MS, 1_000));
        assertEquals(FailureKind.LIVENESS, failure.kind());
        assertEquals(8, failure.seed());
        assertTrue(failure.reason().contains("step budget of 1000"));
    }

    @Test
    void runUntil_failsWhenNothingIsLeftToRun() {
        Simulation sim = Simulation.builder(9).nodes(1, ctx -> new Node() {
            @Override
            public void start() { }

            @Override
            public void receive(int from, Message message) { }
        }).build().start();
        SimulationFailure failure = assertThrows(SimulationFailure.class,
                () -> sim.runUntil(() -> false, 100));
        assertEquals(FailureKind.LIVENESS, failure.kind());
    }

    static final class MutableMessage implements Message {
        int value;
    }

    @Test
    void sendingAMutableMessage_isRejectedAsACrash() {
        Simulation sim = Simulation.builder(15).nodes(2, ctx -> new Node() {
            @Override
            public void start() {
                ctx.send(1 - ctx.nodeId(), new MutableMessage());
            }

            @Override
            public void receive(int from, Message message) { }
        }).build();
        SimulationFailure failure = assertThrows(SimulationFailure.class, sim::start);
        assertEquals(FailureKind.CRASH, failure.kind());
        assertTrue(failure.reason().contains("messages must be records"), failure.reason());
    }

    @Test
    void nodeLocalTime_followsTheNodesClock() {
        long[] seen = new long[1];
        FaultProfile skewed = FaultProfile.none()
                .withClock(new ClockProfile(100 * MS, 0, 0, false, 100 * MS));
        Simulation sim = Simulation.builder(10).profile(skewed).nodes(1, ctx -> new Node() {
            @Override
            public void start() {
                ctx.setTimer("t", 10 * MS, () -> seen[0] = ctx.nowNanos());
            }

            @Override
            public void receive(int from, Message message) { }
        }).build().start();
        sim.runFor(20 * MS, 100);
        long offset = sim.clock(0).localNanos(0);
        assertTrue(offset != 0 && Math.abs(offset) <= 100 * MS, "offset " + offset);
        assertEquals(10 * MS + offset, seen[0]);
    }

    @Test
    void clockJumpFault_movesTheNodesClock() {
        FaultProfile jumpy = FaultProfile.none()
                .withClock(new ClockProfile(0, 0, 1_000 * MS, true, 1_000 * MS));
        Simulation sim = Simulation.builder(11).profile(jumpy).nodes(1, Pinger::new).build()
                .start();
        sim.runFor(10 * MS, 100);
        sim.apply(new FaultAction.ClockJump(0, -300 * MS));
        assertEquals(sim.nowNanos() - 300 * MS, sim.clock(0).localNanos(sim.nowNanos()));
    }

    @Test
    void healAll_restartsResumesAndHeals() {
        Simulation sim = pingers(12, 3);
        sim.apply(new FaultAction.Crash(0));
        sim.apply(new FaultAction.Pause(1));
        sim.apply(new FaultAction.Isolate(2));
        sim.runFor(30 * MS, 10_000);
        sim.apply(new FaultAction.HealAll());
        assertTrue(sim.isUp(0));
        assertFalse(sim.isPaused(1));
        assertEquals(0, sim.network().blockedLinkCount());
        assertNotNull(sim.node(0));
        assertEquals(1, sim.stats().crashes());
        assertEquals(1, sim.stats().restarts());
    }

    @Test
    void sameSeed_sameTrace_recordedOrNot() {
        for (long seed = 1; seed <= 20; seed++) {
            long hashA = chaoticRun(seed, Trace.Mode.HASH_ONLY).trace().hash();
            Simulation b = chaoticRun(seed, Trace.Mode.RECORD);
            assertEquals(hashA, b.trace().hash(), "seed " + seed);
            assertEquals(hashA, Trace.hashOf(b.trace().events()));
        }
    }

    @Test
    void differentSeeds_differentTraces() {
        java.util.Set<Long> hashes = new java.util.TreeSet<>();
        for (long seed = 1; seed <= 50; seed++) {
            hashes.add(chaoticRun(seed, Trace.Mode.HASH_ONLY).trace().hash());
        }
        assertEquals(50, hashes.size());
    }

    @Test
    void aNodeDrawingFromANewStream_doesNotShiftTheNetworksNumbers() {
        List<Long> plain = sendTimes(false);
        List<Long> withExtraStream = sendTimes(true);
        assertEquals(plain, withExtraStream);
        assertTrue(plain.size() > 10);
    }

    /** Planned delivery times of every send: they come from the network's stream alone. */
    private static List<Long> sendTimes(boolean drawExtra) {
        Simulation sim = Simulation.builder(13).profile(FaultProfile.defaults())
                .traceMode(Trace.Mode.RECORD)
                .nodes(3, ctx -> {
                    if (drawExtra) {
                        var extra = ctx.random("newcomer");
                        for (int i = 0; i < 100; i++) {
                            extra.nextLong();
                        }
                    }
                    return new Pinger(ctx);
                }).build().start();
        sim.runFor(100 * MS, 100_000);
        List<Long> times = new ArrayList<>();
        for (TraceEvent e : sim.trace().events()) {
            if (e.kind() == TraceKind.SEND) {
                times.add(e.detail());
            }
        }
        return times;
    }

    @Test
    void perturbation_isDeterministicPerSeed() {
        long a = Simulation.builder(14).perturbSameTimeEvents(true).nodes(3, Pinger::new).build()
                .start().trace().hash();
        Simulation one = Simulation.builder(14).perturbSameTimeEvents(true).nodes(3, Pinger::new)
                .build().start();
        one.runFor(100 * MS, 100_000);
        Simulation two = Simulation.builder(14).perturbSameTimeEvents(true).nodes(3, Pinger::new)
                .build().start();
        two.runFor(100 * MS, 100_000);
        assertEquals(one.trace().hash(), two.trace().hash());
        assertTrue(a != 0);
    }

    private static Simulation chaoticRun(long seed, Trace.Mode mode) {
        FaultProfile profile = FaultProfile.defaults();
        Simulation sim = Simulation.builder(seed).profile(profile).traceMode(mode)
                .nodes(3, Pinger::new).build();
        sim.start();
        sim.schedule(sim.nemesisSchedule(2_000 * MS));
        sim.runFor(2_500 * MS, 1_000_000);
        return sim;
    }
}
