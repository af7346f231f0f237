package io.detsim.sim.fault;

import io.detsim.sim.net.NodeSet;
import java.util.Arrays;
import java.util.List;

/**
 * One fault the nemesis (or a scripted scenario) applies at an instant. Values, so that a schedule
 * can be printed, saved, compared and shrunk by the minimizer.
 */
public sealed interface FaultAction {
    /** Throws the node's in-memory state away; unsynced disk writes meet crash semantics. */
    record Crash(int node) implements FaultAction {}

    /** Boots a new incarnation of a crashed node from its disk. */
    record Restart(int node) implements FaultAction {}

    /** Stops delivering messages and firing timers at the node (a stop-the-world pause). */
    record Pause(int node) implements FaultAction {}

    /** Ends a pause; what was held back is handed over at once, in order. */
    record Resume(int node) implements FaultAction {}

    /** Cuts {@code side} off from the other nodes, both ways. */
    record PartitionHalves(NodeSet side) implements FaultAction {}

    /** Cuts messages from {@code senders} to {@code receivers} only. */
    record PartitionOneWay(NodeSet senders, NodeSet receivers) implements FaultAction {}

    /** Cuts one node off from everyone. */
    record Isolate(int node) implements FaultAction {}

    /** Two halves joined by one node ({@code order[n/2]}) that sees both. */
    record Bridge(List<Integer> order) implements FaultAction {
        public Bridge {
            order = List.copyOf(order);
        }

        public static Bridge of(int[] order) {
            return new Bridge(Arrays.stream(order).boxed().toList());
        }

        public int[] orderArray() {
            return order.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Each node sees a different majority: neighbours on a ring laid out in {@code order}. */
    record MajoritiesRing(List<Integer> order) implements FaultAction {
        public MajoritiesRing {
            order = List.copyOf(order);
        }

        public static MajoritiesRing of(int[] order) {
            return new MajoritiesRing(Arrays.stream(order).boxed().toList());
        }

        public int[] orderArray() {
            return order.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Restores every link. */
    record Heal() implements FaultAction {}

    /** Holds every message to and from the node for {@code durationNanos}. */
    record ClogNode(int node, long durationNanos) implements FaultAction {}

    /** Holds messages on one directed link for {@code durationNanos}. */
    record ClogLink(int from, int to, long durationNanos) implements FaultAction {}

    /** Moves the node's clock by {@code deltaNanos} (within the profile's skew bound). */
    record ClockJump(int node, long deltaNanos) implements FaultAction {}

    /** Makes writes that grow the node's disk fail for {@code durationNanos}. */
    record DiskFull(int node, long durationNanos) implements FaultAction {}

    /**
     * Ends every fault: heal, unclog, resume, restart, disks no longer full. The heal phase starts
     * with it.
     */
    record HealAll() implements FaultAction {}
}
