package io.detsim.sim.net;

import io.detsim.sim.fault.NetworkProfile;
import io.detsim.sim.random.RandomStream;

/**
 * The simulated network: for each message, what happens to it (dropped, duplicated, delayed,
 * reordered) and when it arrives; plus the link state that faults change (partitions, clogs).
 *
 * <p>It decides; the simulation schedules. A message is checked against partitions twice: when sent
 * and when due, because a partition that forms while a message is in flight cuts it too. A clogged
 * link holds messages (it does not drop them) until the clog ends.
 */
public final class SimNetwork {
    private final int nodeCount;
    private final NetworkProfile profile;
    private final RandomStream random;
    private final boolean[] blocked;
    private final long[] linkClogUntilNanos;
    private final long[] nodeClogUntilNanos;
    private final int[] inFlight;
    private final long[] latencyNanosMin;
    private final long[] latencyNanosMean;
    private final long[] latencyNanosMax;
    private DropReason lastDropReason;

    public SimNetwork(int nodeCount, NetworkProfile profile, RandomStream random) {
        if (nodeCount <= 0 || nodeCount > 64) {
            throw new IllegalArgumentException("nodeCount must be in [1, 64], was " + nodeCount);
        }
        this.nodeCount = nodeCount;
        this.profile = profile;
        this.random = random;
        int links = nodeCount * nodeCount;
        this.blocked = new boolean[links];
        this.linkClogUntilNanos = new long[links];
        this.nodeClogUntilNanos = new long[nodeCount];
        this.inFlight = new int[links];
        this.latencyNanosMin = new long[links];
        this.latencyNanosMean = new long[links];
        this.latencyNanosMax = new long[links];
        for (int link = 0; link < links; link++) {
            latencyNanosMin[link] = profile.latencyNanosMin();
            latencyNanosMean[link] = profile.latencyNanosMean();
            latencyNanosMax[link] = profile.latencyNanosMax();
        }
    }

    public int nodeCount() { return nodeCount; }

    public NetworkProfile profile() { return profile; }

    /**
     * Plans the copies of one message sent now. Fills {@code deliveryTimesNanos} (length ≥ 2)
     * with the arrival time of each copy and returns how many copies there are: 0 (dropped; see
     * {@link #lastDropReason()}), 1, or 2 (duplicated). Each copy counts as in flight until
     * {@link #arrived} is called for it.
     */
    public int planSend(int from, int to, long nowNanos, long[] deliveryTimesNanos) {
        int link = link(from, to);
        if (blocked[link]) {
            lastDropReason = DropReason.PARTITION;
            return 0;
        }
        if (random.chance(profile.drop().value())) {
            lastDropReason = DropReason.RANDOM;
            return 0;
        }
        int copies = random.chance(profile.duplicate().value()) ? 2 : 1;
        int planned = 0;
        for (int copy = 0; copy < copies; copy++) {
            if (inFlight[link] >= profile.inFlightMessagesMaxPerLink()) {
                lastDropReason = DropReason.LINK_FULL;
                break;
            }
            inFlight[link]++;
            deliveryTimesNanos[planned++] = nowNanos + latencyNanos(link);
        }
        return planned;
    }

    /** Why the last {@link #planSend} dropped its message. */
    public DropReason lastDropReason() { return lastDropReason; }

    /** A copy reached its due time (delivered or not): it no longer occupies the link. */
    public void arrived(int from, int to) {
        int link = link(from, to);
        if (inFlight[link] <= 0) {
            throw new IllegalStateException("no message in flight on link " + from + "->" + to);
        }
        inFlight[link]--;
    }

    public int inFlight(int from, int to) { return inFlight[link(from, to)]; }

    /** Whether a message may pass from {@code from} to {@code to} now (partitions only). */
    public boolean isBlocked(int from, int to) { return blocked[link(from, to)]; }

    /**
     * Until when messages on this link are held; at or before {@code nowNanos} means not clogged.
     */
    public long clogUntilNanos(int from, int to) {
        return Math.max(linkClogUntilNanos[link(from, to)],
                Math.max(nodeClogUntilNanos[from], nodeClogUntilNanos[to]));
    }

    /** Overrides one link's latency distribution. */
    public void setLinkLatency(int from, int to, long min, long mean, long max) {
        if (min < 0 || min > mean || mean > max) {
            throw new IllegalArgumentException("need 0 <= min <= mean <= max, was " + min + ", "
                    + mean + ", " + max);
        }
        int link = link(from, to);
        latencyNanosMin[link] = min;
        latencyNanosMean[link] = mean;
        latencyNanosMax[link] = max;
    }

    // ---- faults ----

    /** Cuts every link between {@code side} and the rest, both ways. */
    public void partition(NodeSet side) {
        checkNodes(side);
        NodeSet rest = side.complementIn(NodeSet.range(nodeCount));
        blockOneWay(side, rest);
        blockOneWay(rest, side);
    }

    /** Cuts links from {@code senders} to {@code receivers} only; replies still flow. */
    public void blockOneWay(NodeSet senders, NodeSet receivers) {
        // Checked up front: a fault naming a node that does not exist is a scripting error, and it
        // must neither be ignored nor leave half its links cut.
        checkNodes(senders);
        checkNodes(receivers);
        for (int from : senders.ids()) {
            for (int to : receivers.ids()) {
                if (from != to) {
                    blocked[link(from, to)] = true;
                }
            }
        }
    }

    /** Cuts {@code node} off from everyone. */
    public void isolate(int node) {
        partition(NodeSet.of(node));
    }

    /**
     * Two halves joined by one bridge node that sees both: each half plus the bridge may be a
     * majority, but the halves cannot talk directly. {@code order} lists the nodes it applies to
     * (all, or the servers); links of nodes it does not list stay as they are.
     */
    public void bridge(int[] order) {
        checkOrder(order);
        int n = order.length;
        int bridgeAt = n / 2;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean sameSide = (i < bridgeAt) == (j < bridgeAt);
                if (i != j && i != bridgeAt && j != bridgeAt && !sameSide) {
                    blocked[link(order[i], order[j])] = true;
                }
            }
        }
    }

    /**
     * Every node sees a majority (itself and its ring neighbours), but no two nodes see the same
     * majority: the partition that confuses leader election most.
     */
    public void majoritiesRing(int[] order) {
        checkOrder(order);
        int n = order.length;
        int reach = ((n / 2) + 1) / 2;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int distance = Math.abs(i - j);
                int ringDistance = Math.min(distance, n - distance);
                if (ringDistance > reach) {
                    blocked[link(order[i], order[j])] = true;
                }
            }
        }
    }

    /**
     * Restores every link (partitions only; clogs end by themselves or with {@link #unclogAll}).
     */
    public void heal() {
        java.util.Arrays.fill(blocked, false);
    }

    public void clogNode(int node, long untilNanos) {
        nodeClogUntilNanos[checkNode(node)] = Math.max(nodeClogUntilNanos[node], untilNanos);
    }

    public void clogLink(int from, int to, long untilNanos) {
        int link = link(from, to);
        linkClogUntilNanos[link] = Math.max(linkClogUntilNanos[link], untilNanos);
    }

    public void unclogAll() {
        java.util.Arrays.fill(linkClogUntilNanos, 0);
        java.util.Arrays.fill(nodeClogUntilNanos, 0);
    }

    /** How many directed links are cut. */
    public int blockedLinkCount() {
        int count = 0;
        for (boolean b : blocked) {
            count += b ? 1 : 0;
        }
        return count;
    }

    private long latencyNanos(int link) {
        long min = latencyNanosMin[link];
        long tail = random.nextExponential(latencyNanosMean[link] - min,
                latencyNanosMax[link] - min);
        long latency = min + tail;
        if (random.chance(profile.reorder().value())) {
            latency += random.nextLong(0, profile.reorderDelayNanosMax());
        }
        return latency;
    }

    private int link(int from, int to) {
        return checkNode(from) * nodeCount + checkNode(to);
    }

    private int checkNode(int node) {
        if (node < 0 || node >= nodeCount) {
            throw new IllegalArgumentException("no node " + node + " in a network of " + nodeCount);
        }
        return node;
    }

    private void checkNodes(NodeSet nodes) {
        for (int node : nodes.ids()) {
            checkNode(node);
        }
    }

    /** An order lists distinct nodes: all of them, or the subset a fault targets (servers). */
    private void checkOrder(int[] order) {
        if (order.length == 0 || order.length > nodeCount) {
            throw new IllegalArgumentException(
                    "order must list 1.." + nodeCount + " nodes, listed " + order.length);
        }
        boolean[] seen = new boolean[nodeCount];
        for (int node : order) {
            if (seen[checkNode(node)]) {
                throw new IllegalArgumentException("order lists node " + node + " twice");
            }
            seen[node] = true;
        }
    }
}
