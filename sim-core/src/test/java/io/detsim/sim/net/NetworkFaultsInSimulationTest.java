package io.detsim.sim.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.detsim.sim.Simulation;
import io.detsim.sim.fault.FaultAction;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.NetworkProfile;
import io.detsim.sim.fault.Probability;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.Node;
import io.detsim.sim.seam.NodeContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Network faults applied through {@link Simulation}: what the nodes actually receive. Every node
 * sends a ping to every other node on each tick and counts what reaches it per (from, to), so a
 * message that crosses a cut shows up as a count where there must be none.
 *
 * <p>Clocks are perfect in every profile here, so a node's {@code nowNanos()} is virtual time and
 * receipt times can be compared with the times faults were applied.
 */
class NetworkFaultsInSimulationTest {
    private static final long MS = 1_000_000;
    private static final long STEPS_MAX = 5_000_000;

    // ---- symmetric partitions ----

    @Test
    void partitionedLinks_deliverNothingWhileTheCutHolds_healedLinksDeliverAgain() {
        for (long seed = 0; seed < 200; seed++) {
            RandomStream random = RandomStream.root(seed).fork("test");
            int nodeCount = 3 + random.nextInt(5);
            NodeSet side = randomProperSubset(random, nodeCount);
            Traffic traffic = new Traffic(nodeCount, 5 * MS, false);
            Simulation sim = simulation(seed, nodeCount, randomLossyProfile(random), traffic);

            traffic.phase = 1;
            sim.apply(new FaultAction.PartitionHalves(side));
            sim.runFor(200 * MS, STEPS_MAX);
            traffic.phase = 2;
            sim.apply(new FaultAction.Heal());
            sim.runFor(200 * MS, STEPS_MAX);

            String context = "seed " + seed + ", n=" + nodeCount + ", side " + side + ", "
                    + sim.profile().network();
            long withinSideCount = 0;
            long healedCrossCount = 0;
            for (int from = 0; from < nodeCount; from++) {
                for (int to = 0; to < nodeCount; to++) {
                    if (side.contains(from) != side.contains(to)) {
                        // Sent while the cut held: never delivered, not even after the heal.
                        assertEquals(0, traffic.delivered[1][from][to],
                                "crossed the cut " + from + "->" + to + "; " + context);
                        healedCrossCount += traffic.delivered[2][from][to];
                    } else {
                        withinSideCount += traffic.delivered[1][from][to];
                    }
                }
            }
            assertTrue(withinSideCount > 0, "nothing delivered within a side; " + context);
            assertTrue(healedCrossCount > 0, "nothing crossed after the heal; " + context);
        }
    }

    @Test
    void messagesInFlightWhenPartitionForms_droppedAtDelivery_notHeldForTheHeal() {
        for (long seed = 0; seed < 100; seed++) {
            RandomStream random = RandomStream.root(seed).fork("test");
            int nodeCount = 3 + random.nextInt(4);
            NodeSet side = randomProperSubset(random, nodeCount);
            // Latency of several ticks, so that many messages are in flight at any instant.
            NetworkProfile network = new NetworkProfile(5 * MS, 10 * MS, 30 * MS,
                    new Probability(random.nextDouble() * 0.2),
                    new Probability(random.nextDouble() * 0.2),
                    new Probability(random.nextDouble() * 0.3), random.nextLong(0, 10 * MS),
                    10_000);
            Traffic traffic = new Traffic(nodeCount, 2 * MS, true);
            Simulation sim = simulation(seed, nodeCount, FaultProfile.none().withNetwork(network),
                    traffic);

            traffic.phase = 1;
            sim.runFor(50 * MS, STEPS_MAX);
            // Receipts are judged by order, not time: an arrival due at the very instant of the cut
            // ran before the cut was applied and was rightly delivered.
            int receiptCountAtCut = traffic.receipts.size();
            long crossingInFlight = inFlightAcross(sim.network(), side);
            assertTrue(crossingInFlight > 0, "seed " + seed + ": nothing in flight across the cut");
            sim.apply(new FaultAction.PartitionHalves(side));
            traffic.phase = 2;
            sim.runFor(100 * MS, STEPS_MAX);
            assertEquals(0, inFlightAcross(sim.network(), side),
                    "seed " + seed + ": dropped copies must free their links");
            sim.apply(new FaultAction.Heal());
            traffic.phase = 3;
            sim.runFor(100 * MS, STEPS_MAX);

            long withinSideLateCount = 0;
            for (Receipt receipt : traffic.receipts.subList(receiptCountAtCut,
                    traffic.receipts.size())) {
                boolean crossesCut = side.contains(receipt.from()) != side.contains(receipt.to());
                boolean sentBeforeHeal = receipt.phase() < 3;
                if (crossesCut && sentBeforeHeal) {
                    fail("seed " + seed + ": " + receipt + " crossed the cut of " + side);
                }
                withinSideLateCount += !crossesCut && receipt.phase() == 1 ? 1 : 0;
            }
            // Only the cut links lose their in-flight messages.
            assertTrue(withinSideLateCount > 0,
                    "seed " + seed + ": in-flight messages within a side lost");
        }
    }

    // ---- clogs ----

    @Test
    void cloggedNode_receivesNothingUntilClogEnds_thenReceivesTheHeldMessages() {
        for (long seed = 0; seed < 50; seed++) {
            RandomStream random = RandomStream.root(seed).fork("test");
            int nodeCount = 2 + random.nextInt(4);
            int clogged = random.nextInt(nodeCount);
            long clogNanos = 20 * MS + random.nextLong(0, 80 * MS);
            // No drops and no duplicates, so that every held message can be accounted for.
            NetworkProfile network = new NetworkProfile(100_000, 1 * MS, 10 * MS, Probability.NEVER,
                    Probability.NEVER, new Probability(random.nextDouble()),
                    random.nextLong(0, 10 * MS), 10_000);
            Traffic traffic = new Traffic(nodeCount, 2 * MS, true);
            Simulation sim = simulation(seed, nodeCount, FaultProfile.none().withNetwork(network),
                    traffic);
            String context = "seed " + seed + ", n=" + nodeCount + ", clogged " + clogged + " for "
                    + clogNanos;

            sim.apply(new FaultAction.ClogNode(clogged, clogNanos));
            sim.runFor(clogNanos / 2, STEPS_MAX);
            traffic.sending = false;
            sim.runFor(clogNanos - 1 - sim.nowNanos(), STEPS_MAX);
            for (Receipt receipt : traffic.receipts) {
                if (receipt.from() == clogged || receipt.to() == clogged) {
                    fail(context + ": " + receipt + " delivered before the clog ended");
                }
            }
            sim.runFor(30 * MS, STEPS_MAX);

            assertEquals(0, sim.stats().messagesDropped(),
                    context + ": a clog holds, it does not drop");
            for (int from = 0; from < nodeCount; from++) {
                for (int to = 0; to < nodeCount; to++) {
                    assertEquals(traffic.sent[1][from][to], traffic.delivered[1][from][to],
                            context + ": link " + from + "->" + to);
                }
            }
            long heldCount = 0;
            for (Receipt receipt : traffic.receipts) {
                if (receipt.from() == clogged || receipt.to() == clogged) {
                    heldCount++;
                    assertTrue(receipt.receivedAtNanos() >= clogNanos, context + ": " + receipt);
                }
            }
            assertTrue(heldCount > 0, context + ": no held message was released");
        }
    }

    @Test
    void cloggedLink_holdsOneDirection_otherDirectionFlows() {
        Traffic traffic = new Traffic(2, 2 * MS, true);
        Simulation sim = simulation(7, 2, FaultProfile.none(), traffic);
        long clogNanos = 30 * MS;
        sim.apply(new FaultAction.ClogLink(0, 1, clogNanos));
        sim.runFor(clogNanos - 1, STEPS_MAX);
        assertEquals(0, traffic.delivered[1][0][1], "0->1 is clogged");
        assertTrue(traffic.delivered[1][1][0] > 0, "1->0 is not clogged");

        sim.runFor(MS, STEPS_MAX);
        assertEquals(traffic.sent[1][0][1] - inFlight(sim, 0, 1), traffic.delivered[1][0][1],
                "every message held on 0->1 arrives when the clog ends");
        assertTrue(traffic.delivered[1][0][1] > 0);
    }

    // ---- one-way partitions ----

    @Test
    void oneWayPartition_cutsSendersToReceivers_repliesFlowTheOtherWay() {
        for (long seed = 0; seed < 100; seed++) {
            RandomStream random = RandomStream.root(seed).fork("test");
            int nodeCount = 2 + random.nextInt(5);
            NodeSet senders = randomProperSubset(random, nodeCount);
            NodeSet receivers = senders.complementIn(NodeSet.range(nodeCount));
            Traffic traffic = new Traffic(nodeCount, 5 * MS, false);
            Simulation sim = simulation(seed, nodeCount, randomLossyProfile(random), traffic);
            String context = "seed " + seed + ", senders " + senders + ", receivers " + receivers;

            traffic.phase = 1;
            sim.apply(new FaultAction.PartitionOneWay(senders, receivers));
            sim.runFor(200 * MS, STEPS_MAX);

            for (int from = 0; from < nodeCount; from++) {
                for (int to = 0; to < nodeCount; to++) {
                    if (senders.contains(from) && receivers.contains(to)) {
                        assertEquals(0, traffic.delivered[1][from][to],
                                context + ": " + from + "->" + to);
                    } else if (from != to) {
                        assertTrue(traffic.delivered[1][from][to] > 0,
                                context + ": open link " + from + "->" + to + " delivered nothing");
                    }
                }
            }
        }
    }

    // ---- helpers ----

    /** Drops, duplicates and reordering of random strength; drops stay low enough for progress. */
    private static FaultProfile randomLossyProfile(RandomStream random) {
        long latencyNanosMean = 100_000 + random.nextLong(0, 2 * MS);
        NetworkProfile network = new NetworkProfile(100_000, latencyNanosMean,
                latencyNanosMean + random.nextLong(0, 30 * MS),
                new Probability(random.nextDouble() * 0.3),
                new Probability(random.nextDouble() * 0.3),
                new Probability(random.nextDouble() * 0.5), random.nextLong(0, 20 * MS), 10_000);
        return FaultProfile.none().withNetwork(network);
    }

    /** A non-empty set of nodes that leaves at least one node out. */
    private static NodeSet randomProperSubset(RandomStream random, int nodeCount) {
        return new NodeSet(random.nextLong(1, (1L << nodeCount) - 2));
    }

    private static long inFlightAcross(SimNetwork network, NodeSet side) {
        long count = 0;
        for (int from = 0; from < network.nodeCount(); from++) {
            for (int to = 0; to < network.nodeCount(); to++) {
                if (side.contains(from) != side.contains(to)) {
                    count += network.inFlight(from, to);
                }
            }
        }
        return count;
    }

    private static long inFlight(Simulation sim, int from, int to) {
        return sim.network().inFlight(from, to);
    }

    private static Simulation simulation(long seed, int nodeCount, FaultProfile profile,
            Traffic traffic) {
        return Simulation.builder(seed)
                .nodes(nodeCount, ctx -> new Chatter(ctx, traffic))
                .profile(profile)
                .build()
                .start();
    }

    /** A ping that remembers the test phase it was sent in. */
    record Ping(int phase, long sentAtNanos) implements Message {}

    record Receipt(int from, int to, int phase, long sentAtNanos, long receivedAtNanos) {}

    /** What the test sets (phase, whether to send) and what the nodes count. */
    static final class Traffic {
        static final int PHASE_COUNT = 4;
        final long tickNanos;
        final boolean recordReceipts;
        final long[][][] sent;
        final long[][][] delivered;
        final List<Receipt> receipts = new ArrayList<>();
        int phase = 1;
        boolean sending = true;

        Traffic(int nodeCount, long tickNanos, boolean recordReceipts) {
            this.tickNanos = tickNanos;
            this.recordReceipts = recordReceipts;
            this.sent = new long[PHASE_COUNT][nodeCount][nodeCount];
            this.delivered = new long[PHASE_COUNT][nodeCount][nodeCount];
        }
    }

    /** Pings every other node on each tick; counts the pings that reach it. */
    static final class Chatter implements Node {
        private final NodeContext ctx;
        private final Traffic traffic;

        Chatter(NodeContext ctx, Traffic traffic) {
            this.ctx = ctx;
            this.traffic = traffic;
        }

        @Override
        public void start() {
            ctx.setTimer("tick", traffic.tickNanos, this::tick);
        }

        private void tick() {
            if (traffic.sending) {
                int me = ctx.nodeId();
                for (int to = 0; to < ctx.clusterSize(); to++) {
                    if (to != me) {
                        traffic.sent[traffic.phase][me][to]++;
                        ctx.send(to, new Ping(traffic.phase, ctx.nowNanos()));
                    }
                }
            }
            ctx.setTimer("tick", traffic.tickNanos, this::tick);
        }

        @Override
        public void receive(int fromNodeId, Message message) {
            Ping ping = (Ping) message;
            int me = ctx.nodeId();
            traffic.delivered[ping.phase()][fromNodeId][me]++;
            if (traffic.recordReceipts) {
                traffic.receipts.add(new Receipt(fromNodeId, me, ping.phase(), ping.sentAtNanos(),
                        ctx.nowNanos()));
            }
        }
    }
}
