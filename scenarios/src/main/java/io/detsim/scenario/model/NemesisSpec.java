package io.detsim.scenario.model;

import io.detsim.sim.fault.NemesisProfile;
import java.util.List;
import java.util.Set;

/**
 * Which faults the nemesis schedules during the chaos phase, overriding the base profile's choice.
 *
 * @param kinds some of {@link #KINDS}
 * @param intervalNanosMean one fault every this long on average
 * @param durationNanosMax each fault is undone within this
 */
public record NemesisSpec(List<String> kinds, long intervalNanosMean, long durationNanosMax) {
    public static final List<String> KINDS = List.of("crash", "pause", "partition", "clog",
            "clock-jump", "disk-full");

    public NemesisSpec {
        Workload.require(kinds != null, "nemesis.kinds is missing");
        kinds = List.copyOf(kinds);
        for (String kind : kinds) {
            Workload.require(KINDS.contains(kind), "nemesis.kinds: unknown kind '" + kind
                    + "' (known: " + String.join(", ", KINDS) + ")");
        }
        Workload.require(Set.copyOf(kinds).size() == kinds.size(),
                "nemesis.kinds names a kind twice: " + kinds);
        Workload.require(intervalNanosMean > 0, "nemesis.interval must be > 0");
        Workload.require(durationNanosMax > 0, "nemesis.durationMax must be > 0");
    }

    /** The spec that gives {@code profile}'s kinds and timing. */
    public static NemesisSpec of(NemesisProfile profile) {
        List<String> kinds = new java.util.ArrayList<>();
        boolean[] on = {profile.crashes(), profile.pauses(), profile.partitions(), profile.clogs(),
            profile.clockJumps(), profile.diskFull()};
        for (int i = 0; i < on.length; i++) {
            if (on[i]) {
                kinds.add(KINDS.get(i));
            }
        }
        return new NemesisSpec(kinds, profile.faultIntervalNanosMean(),
                profile.faultDurationNanosMax());
    }

    public NemesisSpec without(String kind) {
        List<String> fewer = new java.util.ArrayList<>(kinds);
        fewer.remove(kind);
        return new NemesisSpec(fewer, intervalNanosMean, durationNanosMax);
    }

    NemesisProfile profile() {
        return new NemesisProfile(intervalNanosMean, durationNanosMax, kinds.contains("crash"),
                kinds.contains("pause"), kinds.contains("partition"), kinds.contains("clog"),
                kinds.contains("clock-jump"), kinds.contains("disk-full"), false);
    }
}
