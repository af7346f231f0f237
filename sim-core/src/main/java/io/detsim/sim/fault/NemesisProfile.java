package io.detsim.sim.fault;

/**
 * Which fault kinds the nemesis schedules in the chaos phase, how often, and for how long each
 * lasts before it is undone. At most a minority of nodes is down (crashed or paused) at once unless
 * {@code majorityDownAllowed}: a Raft cluster cannot be expected to serve with a majority gone.
 */
public record NemesisProfile(
        long faultIntervalNanosMean,
        long faultDurationNanosMax,
        boolean crashes,
        boolean pauses,
        boolean partitions,
        boolean clogs,
        boolean clockJumps,
        boolean diskFull,
        boolean majorityDownAllowed) {

    public NemesisProfile {
        Knobs.positive("nemesis.faultIntervalNanosMean", faultIntervalNanosMean);
        Knobs.positive("nemesis.faultDurationNanosMax", faultDurationNanosMax);
    }

    /** No scheduled faults. */
    public static NemesisProfile quiet() {
        return new NemesisProfile(1_000_000_000, 1_000_000_000, false, false, false, false, false,
                false, false);
    }

    /** Every fault kind, one every 500 ms on average, each lasting up to 2 s. */
    public static NemesisProfile defaults() {
        return new NemesisProfile(500_000_000, 2_000_000_000, true, true, true, true, true, true,
                false);
    }

    public boolean anyEnabled() {
        return crashes || pauses || partitions || clogs || clockJumps || diskFull;
    }

    String describe() {
        StringBuilder kinds = new StringBuilder();
        appendIf(kinds, crashes, "crash");
        appendIf(kinds, pauses, "pause");
        appendIf(kinds, partitions, "partition");
        appendIf(kinds, clogs, "clog");
        appendIf(kinds, clockJumps, "clock-jump");
        appendIf(kinds, diskFull, "disk-full");
        return String.format("[%s] every ~%s, lasting <= %s%s",
                kinds.isEmpty() ? "none" : kinds, Durations.format(faultIntervalNanosMean),
                Durations.format(faultDurationNanosMax),
                majorityDownAllowed ? ", MAJORITY DOWN ALLOWED" : "");
    }

    private static void appendIf(StringBuilder out, boolean on, String name) {
        if (on) {
            out.append(out.isEmpty() ? "" : " ").append(name);
        }
    }
}
