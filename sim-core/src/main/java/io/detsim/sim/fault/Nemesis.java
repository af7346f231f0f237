package io.detsim.sim.fault;

import io.detsim.sim.net.NodeSet;
import io.detsim.sim.random.RandomStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a fault schedule for the chaos phase from a seed and a profile, then appends the heal that
 * starts the heal phase. The schedule is generated up front, as a list of values, so that it can be
 * printed with the seed, scripted by hand, and shrunk by the minimizer.
 *
 * <p>Generation tracks what is down so that every action makes sense (a restart only for a crashed
 * node) and so that at most a minority is down at once unless the profile allows more. Every fault
 * is undone within {@code faultDurationNanosMax}.
 */
public final class Nemesis {
    private enum Kind { CRASH, PAUSE, PARTITION, CLOG, CLOCK_JUMP, DISK_FULL }

    private final NemesisProfile profile;
    private final ClockProfile clockProfile;
    private final int nodeCount;
    private final RandomStream random;

    public Nemesis(NemesisProfile profile, ClockProfile clockProfile, int nodeCount,
            RandomStream random) {
        if (nodeCount <= 0 || nodeCount > 64) {
            throw new IllegalArgumentException("nodeCount must be in [1, 64], was " + nodeCount);
        }
        this.profile = profile;
        this.clockProfile = clockProfile;
        this.nodeCount = nodeCount;
        this.random = random;
    }

    /**
     * The schedule for a chaos phase of {@code chaosNanos}, sorted by time, ending with
     * {@link FaultAction.HealAll} at {@code chaosNanos}.
     */
    public List<TimedFault> schedule(long chaosNanos) {
        List<Kind> kinds = enabledKinds();
        List<TimedFault> faults = new ArrayList<>();
        int downMax = profile.majorityDownAllowed() ? nodeCount : (nodeCount - 1) / 2;
        long[] downUntil = new long[nodeCount];
        long partitionUntil = 0;
        long now = 0;
        int guard = 0;
        while (!kinds.isEmpty() && guard++ < 100_000) {
            now += 1 + random.nextExponential(profile.faultIntervalNanosMean(),
                    20 * profile.faultIntervalNanosMean());
            if (now >= chaosNanos) {
                break;
            }
            long duration = random.nextLong(1, profile.faultDurationNanosMax());
            long end = Math.min(now + duration, chaosNanos);
            Kind kind = kinds.get(random.nextInt(kinds.size()));
            switch (kind) {
                case CRASH, PAUSE -> {
                    int node = pickUpNode(downUntil, now, downMax);
                    if (node >= 0) {
                        downUntil[node] = end;
                        boolean crash = kind == Kind.CRASH;
                        faults.add(new TimedFault(now,
                                crash ? new FaultAction.Crash(node) : new FaultAction.Pause(node)));
                        if (end < chaosNanos) {
                            faults.add(new TimedFault(end,
                                    crash ? new FaultAction.Restart(node)
                                            : new FaultAction.Resume(node)));
                        }
                    }
                }
                case PARTITION -> {
                    if (now >= partitionUntil) {
                        partitionUntil = end;
                        faults.add(new TimedFault(now, partition()));
                        if (end < chaosNanos) {
                            faults.add(new TimedFault(end, new FaultAction.Heal()));
                        }
                    }
                }
                case CLOG -> faults.add(new TimedFault(now, clog(end - now)));
                case CLOCK_JUMP -> faults.add(new TimedFault(now, clockJump()));
                case DISK_FULL -> faults.add(new TimedFault(now,
                        new FaultAction.DiskFull(random.nextInt(nodeCount), end - now)));
            }
        }
        faults.sort((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
        faults.add(new TimedFault(chaosNanos, new FaultAction.HealAll()));
        return faults;
    }

    private List<Kind> enabledKinds() {
        List<Kind> kinds = new ArrayList<>();
        addIf(kinds, profile.crashes(), Kind.CRASH);
        addIf(kinds, profile.pauses(), Kind.PAUSE);
        addIf(kinds, profile.partitions() && nodeCount > 1, Kind.PARTITION);
        addIf(kinds, profile.clogs(), Kind.CLOG);
        addIf(kinds, profile.clockJumps() && clockProfile.jumpNanosMax() > 0, Kind.CLOCK_JUMP);
        addIf(kinds, profile.diskFull(), Kind.DISK_FULL);
        return kinds;
    }

    private static void addIf(List<Kind> kinds, boolean on, Kind kind) {
        if (on) {
            kinds.add(kind);
        }
    }

    private int pickUpNode(long[] downUntil, long now, int downMax) {
        int down = 0;
        for (long until : downUntil) {
            down += until > now ? 1 : 0;
        }
        if (down >= downMax) {
            return -1;
        }
        int[] order = order();
        for (int node : order) {
            if (downUntil[node] <= now) {
                return node;
            }
        }
        return -1;
    }

    private FaultAction partition() {
        int[] order = order();
        // A majorities ring needs five nodes: with three, every node's majority is everyone.
        int shape = random.nextInt(nodeCount >= 5 ? 5 : 4);
        return switch (shape) {
            case 0 -> new FaultAction.Isolate(order[0]);
            case 1 -> {
                int sideSize = 1 + random.nextInt(Math.max(1, nodeCount / 2));
                NodeSet side = NodeSet.of(java.util.Arrays.copyOf(order, sideSize));
                yield new FaultAction.PartitionHalves(side);
            }
            case 2 -> {
                int cut = 1 + random.nextInt(nodeCount - 1);
                yield new FaultAction.PartitionOneWay(
                        NodeSet.of(java.util.Arrays.copyOf(order, cut)),
                        NodeSet.of(java.util.Arrays.copyOfRange(order, cut, nodeCount)));
            }
            case 3 -> FaultAction.Bridge.of(order);
            default -> FaultAction.MajoritiesRing.of(order);
        };
    }

    private FaultAction clog(long durationNanos) {
        int node = random.nextInt(nodeCount);
        if (nodeCount > 1 && random.chance(0.5)) {
            int to = (node + 1 + random.nextInt(nodeCount - 1)) % nodeCount;
            return new FaultAction.ClogLink(node, to, durationNanos);
        }
        return new FaultAction.ClogNode(node, durationNanos);
    }

    private FaultAction clockJump() {
        long magnitude = random.nextLong(1, clockProfile.jumpNanosMax());
        boolean back = clockProfile.jumpsBackAllowed() && random.chance(0.5);
        return new FaultAction.ClockJump(random.nextInt(nodeCount), back ? -magnitude : magnitude);
    }

    private int[] order() {
        int[] order = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            order[i] = i;
        }
        random.shuffle(order);
        return order;
    }
}
