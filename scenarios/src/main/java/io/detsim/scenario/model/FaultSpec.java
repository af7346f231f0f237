package io.detsim.scenario.model;

import io.detsim.sim.fault.ClockProfile;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.NetworkProfile;
import io.detsim.sim.random.RandomStream;
import java.util.List;

/**
 * The fault profile of a scenario: a base ({@code swarm} draws one per seed, {@code defaults},
 * {@code none}), then named presets that replace one family each, then the nemesis override.
 * Null fields keep the base's choice.
 */
public record FaultSpec(String base, String network, String disk, String clock,
        NemesisSpec nemesis) {
    public static final List<String> BASES = List.of("swarm", "defaults", "none");
    public static final List<String> NETWORKS = List.of("reliable", "defaults");
    public static final List<String> DISKS = List.of("reliable", "defaults", "crash-only",
            "slow-sync");
    public static final List<String> CLOCKS = List.of("perfect", "defaults", "worst");

    public FaultSpec {
        oneOf("faults.base", base, BASES, false);
        oneOf("faults.network", network, NETWORKS, true);
        oneOf("faults.disk", disk, DISKS, true);
        oneOf("faults.clock", clock, CLOCKS, true);
    }

    public static FaultSpec swarm() {
        return new FaultSpec("swarm", null, null, null, null);
    }

    /** The profile for {@code seed}: the same seed always gives the same profile. */
    public FaultProfile profileFor(long seed) {
        FaultProfile profile = switch (base) {
            case "swarm" -> FaultProfile.swarm(RandomStream.root(seed).fork("profile"));
            case "defaults" -> FaultProfile.defaults();
            default -> FaultProfile.none();
        };
        if (network != null) {
            profile = profile.withNetwork(network.equals("reliable") ? NetworkProfile.reliable()
                    : NetworkProfile.defaults());
        }
        if (disk != null) {
            profile = profile.withDisk(switch (disk) {
                case "reliable" -> DiskProfile.reliable();
                case "crash-only" -> DiskProfile.defaults().withCorruption(0, 0, 0, 0);
                case "slow-sync" -> slowSync();
                default -> DiskProfile.defaults();
            });
        }
        if (clock != null) {
            profile = profile.withClock(switch (clock) {
                case "perfect" -> ClockProfile.perfect();
                case "worst" -> new ClockProfile(1_000_000_000L, ClockProfile.DRIFT_PPM_LIMIT,
                        1_500_000_000L, true, 3_000_000_000L);
                default -> ClockProfile.defaults();
            });
        }
        if (nemesis != null) {
            profile = profile.withNemesis(nemesis.profile());
        }
        return profile;
    }

    public FaultSpec withNemesis(NemesisSpec value) {
        return new FaultSpec(base, network, disk, clock, value);
    }

    public FaultSpec withNetwork(String value) {
        return new FaultSpec(base, value, disk, clock, nemesis);
    }

    public FaultSpec withDisk(String value) {
        return new FaultSpec(base, network, value, clock, nemesis);
    }

    public FaultSpec withClock(String value) {
        return new FaultSpec(base, network, disk, value, nemesis);
    }

    /**
     * Crash semantics without corruption, and syncs of 1 to 30 ms: wide windows between a write
     * and its durability, where acknowledgement and commit bugs live.
     */
    private static DiskProfile slowSync() {
        DiskProfile d = DiskProfile.defaults();
        return new DiskProfile(d.sectorSizeBytes(), d.capacityBytes(), 1_000_000L, 30_000_000L,
                d.slowIo(), d.slowIoDelayNanosMax(), d.unsyncedWriteLost(), d.unsyncedWriteTorn(),
                io.detsim.sim.fault.Probability.NEVER, io.detsim.sim.fault.Probability.NEVER,
                io.detsim.sim.fault.Probability.NEVER, io.detsim.sim.fault.Probability.NEVER,
                false);
    }

    private static void oneOf(String field, String value, List<String> known, boolean optional) {
        if (value == null) {
            Workload.require(optional, field + " is missing (one of " + String.join(", ", known)
                    + ")");
            return;
        }
        Workload.require(known.contains(value), field + ": unknown value '" + value
                + "' (known: " + String.join(", ", known) + ")");
    }
}
