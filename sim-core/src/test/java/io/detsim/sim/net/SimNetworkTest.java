package io.detsim.sim.net;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.fault.NetworkProfile;
import io.detsim.sim.fault.Probability;
import io.detsim.sim.random.RandomStream;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SimNetwork on its own: what planSend decides, and what every fault shape does to the links. */
class SimNetworkTest {
    private static final long LATENCY_NANOS_MIN = 100_000;
    private static final long LATENCY_NANOS_MEAN = 300_000;
    private static final long LATENCY_NANOS_MAX = 1_000_000;

    // ---- planSend ----

    @Test
    void reliableProfile_oneCopyWithinLatencyBounds() {
        SimNetwork network = network(4, reliable());
        long[] deliveryTimesNanos = new long[2];
        long nowNanos = 5_000_000_000L;
        int belowMeanCount = 0;
        int aboveMeanCount = 0;
        for (int send = 0; send < 3_000; send++) {
            int from = send % 4;
            int to = (send / 4) % 4;
            int copies = network.planSend(from, to, nowNanos, deliveryTimesNanos);
            assertEquals(1, copies, "a reliable network neither drops nor duplicates");
            long latencyNanos = deliveryTimesNanos[0] - nowNanos;
            assertTrue(latencyNanos >= LATENCY_NANOS_MIN && latencyNanos <= LATENCY_NANOS_MAX,
                    "latency " + latencyNanos + " outside [min, max]");
            belowMeanCount += latencyNanos < LATENCY_NANOS_MEAN ? 1 : 0;
            aboveMeanCount += latencyNanos > LATENCY_NANOS_MEAN ? 1 : 0;
            network.arrived(from, to);
            nowNanos += 1_000;
        }
        // A latency that is drawn, not fixed, lands on both sides of the mean.
        assertTrue(belowMeanCount > 100, "latencies below the mean: " + belowMeanCount);
        assertTrue(aboveMeanCount > 100, "latencies above the mean: " + aboveMeanCount);
    }

    @Test
    void dropAlways_dropsEveryMessageForRandomReason() {
        SimNetwork network = network(3, reliable().withDrop(1.0));
        long[] deliveryTimesNanos = new long[2];
        for (int send = 0; send < 50; send++) {
            assertEquals(0, network.planSend(0, 1, 0, deliveryTimesNanos));
            assertEquals(DropReason.RANDOM, network.lastDropReason());
        }
        assertEquals(0, network.inFlight(0, 1), "a dropped message does not occupy its link");
    }

    @Test
    void duplicateAlways_twoCopiesBothInFlight() {
        SimNetwork network = network(3, reliable().withDuplicate(1.0));
        long[] deliveryTimesNanos = new long[2];
        long nowNanos = 7_000_000;
        for (int send = 1; send <= 20; send++) {
            assertEquals(2, network.planSend(2, 0, nowNanos, deliveryTimesNanos));
            for (long atNanos : deliveryTimesNanos) {
                long latencyNanos = atNanos - nowNanos;
                assertTrue(latencyNanos >= LATENCY_NANOS_MIN && latencyNanos <= LATENCY_NANOS_MAX,
                        "duplicate latency " + latencyNanos + " outside [min, max]");
            }
            assertEquals(2 * send, network.inFlight(2, 0), "each copy counts as in flight");
        }
    }

    @Test
    void fullLink_dropsAsLinkFullUntilArrivalFreesASlot() {
        int inFlightMax = 3;
        SimNetwork network = network(3, reliable().withInFlightMessagesMaxPerLink(inFlightMax));
        long[] deliveryTimesNanos = new long[2];
        for (int send = 0; send < inFlightMax; send++) {
            assertEquals(1, network.planSend(0, 1, 0, deliveryTimesNanos));
        }
        assertEquals(inFlightMax, network.inFlight(0, 1));

        assertEquals(0, network.planSend(0, 1, 0, deliveryTimesNanos), "link 0->1 is full");
        assertEquals(DropReason.LINK_FULL, network.lastDropReason());
        assertEquals(inFlightMax, network.inFlight(0, 1), "a refused message takes no slot");
        // The bound is per directed link: the reverse link and other links are unaffected.
        assertEquals(1, network.planSend(1, 0, 0, deliveryTimesNanos));
        assertEquals(1, network.planSend(0, 2, 0, deliveryTimesNanos));

        network.arrived(0, 1);
        assertEquals(1, network.planSend(0, 1, 0, deliveryTimesNanos), "arrival frees a slot");
        assertEquals(0, network.planSend(0, 1, 0, deliveryTimesNanos), "and only one");
    }

    @Test
    void fullLink_duplicateGetsOnlyTheFreeSlot() {
        SimNetwork network = network(2,
                reliable().withDuplicate(1.0).withInFlightMessagesMaxPerLink(3));
        long[] deliveryTimesNanos = new long[2];
        assertEquals(2, network.planSend(0, 1, 0, deliveryTimesNanos));
        assertEquals(1, network.planSend(0, 1, 0, deliveryTimesNanos), "one slot left, one copy");
        assertEquals(3, network.inFlight(0, 1));
    }

    @Test
    void arrivedWithNothingInFlight_rejected() {
        SimNetwork network = network(2, reliable());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> network.arrived(0, 1));
        assertTrue(e.getMessage().contains("0->1"), e.getMessage());
    }

    @Test
    void linkLatencyOverride_appliesToThatLinkOnly() {
        SimNetwork network = network(3, reliable());
        network.setLinkLatency(0, 1, 5_000_000, 5_000_000, 5_000_000);
        long[] deliveryTimesNanos = new long[2];
        for (int send = 0; send < 50; send++) {
            network.planSend(0, 1, 1_000, deliveryTimesNanos);
            assertEquals(5_001_000, deliveryTimesNanos[0]);
            network.planSend(1, 0, 1_000, deliveryTimesNanos);
            assertTrue(deliveryTimesNanos[0] <= 1_000 + LATENCY_NANOS_MAX,
                    "reverse link keeps the profile");
        }
        assertThrows(IllegalArgumentException.class, () -> network.setLinkLatency(0, 1, 2, 1, 3));
    }

    // ---- partitions ----

    /** Every possible side of a five-node network: cut exactly the links that cross it. */
    @Test
    void partitionedLinks_crossingTheCutBlockedBothWays_linksWithinASideOpen() {
        int nodeCount = 5;
        for (long sideBits = 0; sideBits < (1L << nodeCount); sideBits++) {
            SimNetwork network = network(nodeCount, reliable());
            NodeSet side = new NodeSet(sideBits);
            network.partition(side);
            for (int from = 0; from < nodeCount; from++) {
                for (int to = 0; to < nodeCount; to++) {
                    boolean crossesCut = side.contains(from) != side.contains(to);
                    assertEquals(crossesCut, network.isBlocked(from, to),
                            "side " + side + ", link " + from + "->" + to);
                }
            }
        }
    }

    @Test
    void partitionedLinks_deliverNothing() {
        SimNetwork network = network(4, reliable());
        network.partition(NodeSet.of(0, 3));
        long[] deliveryTimesNanos = new long[2];
        assertEquals(0, network.planSend(0, 1, 0, deliveryTimesNanos));
        assertEquals(DropReason.PARTITION, network.lastDropReason());
        assertEquals(0, network.planSend(2, 3, 0, deliveryTimesNanos));
        assertEquals(DropReason.PARTITION, network.lastDropReason());
        assertEquals(1, network.planSend(0, 3, 0, deliveryTimesNanos), "same side still talks");
        assertEquals(1, network.planSend(1, 2, 0, deliveryTimesNanos), "same side still talks");
    }

    @Test
    void oneWayBlock_cutsSendersToReceiversOnly() {
        SimNetwork network = network(4, reliable());
        network.blockOneWay(NodeSet.of(0), NodeSet.of(1, 2));
        assertAll(
                () -> assertTrue(network.isBlocked(0, 1)),
                () -> assertTrue(network.isBlocked(0, 2)),
                () -> assertFalse(network.isBlocked(1, 0), "replies flow the other way"),
                () -> assertFalse(network.isBlocked(2, 0), "replies flow the other way"),
                () -> assertFalse(network.isBlocked(0, 3), "node 3 is not a receiver"),
                () -> assertFalse(network.isBlocked(1, 2), "receivers still talk among themselves"),
                () -> assertEquals(2, network.blockedLinkCount()));
    }

    @Test
    void isolatedNode_cutOffFromEveryoneBothWays_othersConnected() {
        int nodeCount = 5;
        SimNetwork network = network(nodeCount, reliable());
        network.isolate(2);
        for (int from = 0; from < nodeCount; from++) {
            for (int to = 0; to < nodeCount; to++) {
                boolean touchesIsolated = from != to && (from == 2 || to == 2);
                assertEquals(touchesIsolated, network.isBlocked(from, to), from + "->" + to);
            }
        }
        assertEquals(2 * (nodeCount - 1), network.blockedLinkCount());
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {3, 4, 5, 6, 7})
    void bridge_halvesCannotTalk_bridgeNodeTalksToAll(int nodeCount) {
        for (long seed = 0; seed < 30; seed++) {
            int[] order = shuffledOrder(nodeCount, seed);
            SimNetwork network = network(nodeCount, reliable());
            network.bridge(order);
            int bridgeNode = order[nodeCount / 2];
            NodeSet firstHalf = NodeSet.of(java.util.Arrays.copyOf(order, nodeCount / 2));
            NodeSet secondHalf = NodeSet.of(
                    java.util.Arrays.copyOfRange(order, nodeCount / 2 + 1, nodeCount));
            assertFalse(firstHalf.isEmpty() || secondHalf.isEmpty(), "a bridge needs two halves");
            for (int a = 0; a < nodeCount; a++) {
                for (int b = 0; b < nodeCount; b++) {
                    boolean halvesApart = (firstHalf.contains(a) && secondHalf.contains(b))
                            || (secondHalf.contains(a) && firstHalf.contains(b));
                    assertEquals(halvesApart, network.isBlocked(a, b),
                            "order " + java.util.Arrays.toString(order) + ", bridge " + bridgeNode
                                    + ", link " + a + "->" + b);
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {5, 7})
    void majoritiesRing_everyNodeReachesAMajority_noTwoReachTheSameSet(int nodeCount) {
        int majority = nodeCount / 2 + 1;
        for (long seed = 0; seed < 30; seed++) {
            int[] order = shuffledOrder(nodeCount, seed);
            SimNetwork network = network(nodeCount, reliable());
            network.majoritiesRing(order);
            Set<NodeSet> reachableSets = new HashSet<>();
            for (int node = 0; node < nodeCount; node++) {
                NodeSet reachable = reachableFrom(network, node);
                assertTrue(reachable.size() >= majority,
                        "node " + node + " reaches only " + reachable + " with order "
                                + java.util.Arrays.toString(order));
                assertTrue(reachableSets.add(reachable),
                        "two nodes reach the same set " + reachable + " with order "
                                + java.util.Arrays.toString(order));
                for (int other = 0; other < nodeCount; other++) {
                    assertEquals(network.isBlocked(node, other), network.isBlocked(other, node),
                            "a ring cut is symmetric: " + node + "<->" + other);
                }
            }
        }
    }

    @Test
    void heal_restoresEveryLinkAfterEveryShape() {
        int nodeCount = 5;
        SimNetwork network = network(nodeCount, reliable());
        network.partition(NodeSet.of(0, 1));
        network.blockOneWay(NodeSet.of(2), NodeSet.of(3));
        network.isolate(4);
        network.bridge(new int[] {4, 3, 2, 1, 0});
        network.majoritiesRing(new int[] {1, 3, 0, 2, 4});
        assertTrue(network.blockedLinkCount() > 0);

        network.heal();

        assertEquals(0, network.blockedLinkCount());
        long[] deliveryTimesNanos = new long[2];
        for (int from = 0; from < nodeCount; from++) {
            for (int to = 0; to < nodeCount; to++) {
                assertFalse(network.isBlocked(from, to));
                assertEquals(1, network.planSend(from, to, 0, deliveryTimesNanos),
                        from + "->" + to);
            }
        }
    }

    // ---- clogs ----

    @Test
    void cloggedNode_holdsEveryLinkToAndFromIt_untilTheLatestClogEnds() {
        SimNetwork network = network(3, reliable());
        network.clogNode(1, 500);
        assertAll(
                () -> assertEquals(500, network.clogUntilNanos(0, 1)),
                () -> assertEquals(500, network.clogUntilNanos(1, 0)),
                () -> assertEquals(500, network.clogUntilNanos(2, 1)),
                () -> assertEquals(500, network.clogUntilNanos(1, 2)),
                () -> assertEquals(0, network.clogUntilNanos(0, 2), "link 0->2 avoids node 1"));

        network.clogNode(1, 300);
        assertEquals(500, network.clogUntilNanos(0, 1),
                "a shorter clog does not cut a longer one short");

        // A clog holds messages; it does not cut links.
        assertFalse(network.isBlocked(0, 1));
        assertEquals(1, network.planSend(0, 1, 0, new long[2]));
    }

    @Test
    void cloggedLink_holdsOneDirectionOnly_unclogAllEndsEveryClog() {
        SimNetwork network = network(3, reliable());
        network.clogLink(0, 2, 700);
        network.clogNode(1, 400);
        assertEquals(700, network.clogUntilNanos(0, 2));
        assertEquals(0, network.clogUntilNanos(2, 0), "the reverse link is not clogged");
        network.clogLink(0, 2, 600);
        assertEquals(700, network.clogUntilNanos(0, 2),
                "a shorter clog does not cut a longer one short");
        network.clogLink(1, 0, 900);
        assertEquals(900, network.clogUntilNanos(1, 0), "the later of link and node clog wins");

        network.heal();
        assertEquals(700, network.clogUntilNanos(0, 2), "heal ends partitions, not clogs");

        network.unclogAll();
        for (int from = 0; from < 3; from++) {
            for (int to = 0; to < 3; to++) {
                assertEquals(0, network.clogUntilNanos(from, to), from + "->" + to);
            }
        }
    }

    // ---- bad arguments ----

    static Stream<Arguments> badNodeIds() {
        return Stream.of(
                bad("planSend from", -1, n -> n.planSend(-1, 0, 0, new long[2])),
                bad("planSend to", 5, n -> n.planSend(0, 5, 0, new long[2])),
                bad("arrived", 7, n -> n.arrived(7, 0)),
                bad("inFlight", 5, n -> n.inFlight(1, 5)),
                bad("isBlocked", -3, n -> n.isBlocked(-3, 1)),
                bad("clogUntilNanos", 6, n -> n.clogUntilNanos(6, 1)),
                bad("setLinkLatency", 9, n -> n.setLinkLatency(9, 0, 1, 2, 3)),
                bad("isolate", 5, n -> n.isolate(5)),
                bad("clogNode", 8, n -> n.clogNode(8, 100)),
                bad("clogNode negative", -1, n -> n.clogNode(-1, 100)),
                bad("clogLink", 5, n -> n.clogLink(0, 5, 100)),
                bad("partition", 7, n -> n.partition(NodeSet.of(0, 7))),
                bad("partition of every real node", 5,
                        n -> n.partition(NodeSet.of(0, 1, 2, 3, 4, 5))),
                bad("blockOneWay sender", 6, n -> n.blockOneWay(NodeSet.of(6), NodeSet.of(1))),
                bad("blockOneWay receiver", 9, n -> n.blockOneWay(NodeSet.of(1), NodeSet.of(2, 9))),
                bad("bridge", 5, n -> n.bridge(new int[] {0, 1, 2, 3, 5})),
                bad("bridge repeat", 2, n -> n.bridge(new int[] {0, 1, 2, 3, 2})),
                bad("majoritiesRing", 6, n -> n.majoritiesRing(new int[] {6, 1, 2, 3, 4})),
                bad("majoritiesRing repeat", 4, n -> n.majoritiesRing(new int[] {4, 1, 2, 3, 4})));
    }

    private static Arguments bad(String what, int nodeId, Consumer<SimNetwork> call) {
        return Arguments.of(what, nodeId, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNodeIds")
    void badNodeId_rejectedNamingTheId(String what, int nodeId, Consumer<SimNetwork> call) {
        SimNetwork network = network(5, reliable());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> call.accept(network));
        assertTrue(e.getMessage().contains("node " + nodeId), what + ": " + e.getMessage());
        assertEquals(0, network.blockedLinkCount(), "a rejected fault changes no link");
    }

    @Test
    void orderOverASubset_touchesOnlyItsNodes_andBadOrdersAreRejected() {
        // Faults target the servers only; the clients' links must stay untouched.
        SimNetwork network = network(5, reliable());
        network.bridge(new int[] {0, 1, 2});
        assertTrue(network.isBlocked(0, 2) && network.isBlocked(2, 0), "the halves are cut");
        assertFalse(network.isBlocked(0, 1) || network.isBlocked(1, 2), "the bridge sees both");
        for (int other = 0; other < 5; other++) {
            assertFalse(network.isBlocked(3, other) || network.isBlocked(other, 4),
                    "an unlisted node keeps its links");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> network.majoritiesRing(new int[] {0, 1, 2, 3, 4, 5}));
        assertTrue(e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> network.bridge(new int[0]));
    }


    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65})
    void nodeCountOutOfRange_rejected(int nodeCount) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> network(nodeCount, reliable()));
        assertTrue(e.getMessage().contains(String.valueOf(nodeCount)), e.getMessage());
    }

    @Test
    void sameSeed_sameLatencies_otherSeed_otherLatencies() {
        long[] first = latencies(42);
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(latencies(42)));
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(latencies(43)));
    }

    // ---- helpers ----

    private static long[] latencies(long seed) {
        SimNetwork network = new SimNetwork(2, reliable(), RandomStream.root(seed).fork("network"));
        long[] deliveryTimesNanos = new long[2];
        long[] latenciesNanos = new long[20];
        for (int i = 0; i < latenciesNanos.length; i++) {
            network.planSend(0, 1, 0, deliveryTimesNanos);
            latenciesNanos[i] = deliveryTimesNanos[0];
        }
        return latenciesNanos;
    }

    private static NetworkProfile reliable() {
        return new NetworkProfile(LATENCY_NANOS_MIN, LATENCY_NANOS_MEAN, LATENCY_NANOS_MAX,
                Probability.NEVER, Probability.NEVER, Probability.NEVER, 0, 10_000);
    }

    private static SimNetwork network(int nodeCount, NetworkProfile profile) {
        return new SimNetwork(nodeCount, profile, RandomStream.root(nodeCount).fork("network"));
    }

    private static int[] shuffledOrder(int nodeCount, long seed) {
        int[] order = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            order[i] = i;
        }
        RandomStream.root(seed).fork("order").shuffle(order);
        return order;
    }

    /** The node itself and every node it can send to. */
    private static NodeSet reachableFrom(SimNetwork network, int node) {
        NodeSet reachable = NodeSet.of(node);
        for (int other = 0; other < network.nodeCount(); other++) {
            if (!network.isBlocked(node, other)) {
                reachable = reachable.with(other);
            }
        }
        return reachable;
    }
}
