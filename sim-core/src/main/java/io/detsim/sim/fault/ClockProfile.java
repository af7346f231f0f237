package io.detsim.sim.fault;

/**
 * Clock knobs. Each node's clock starts within {@code offsetNanosMax} of true time and runs at a
 * rate off by up to {@code driftPpmMax} parts per million; nemesis jumps move it by up to
 * {@code jumpNanosMax} (backwards only if {@code jumpsBackAllowed}). However it drifts and jumps, a
 * clock never strays more than {@code skewNanosMax} from true time.
 */
public record ClockProfile(long offsetNanosMax, long driftPpmMax, long jumpNanosMax,
        boolean jumpsBackAllowed, long skewNanosMax) {

    /** Beyond this a "clock" is no longer a clock: rates off by over 10% are rejected. */
    public static final long DRIFT_PPM_LIMIT = 100_000;

    public ClockProfile {
        Knobs.nonNegative("clock.offsetNanosMax", offsetNanosMax);
        Knobs.nonNegative("clock.driftPpmMax", driftPpmMax);
        if (driftPpmMax > DRIFT_PPM_LIMIT) {
            throw new IllegalArgumentException(
                    "clock.driftPpmMax must be <= " + DRIFT_PPM_LIMIT + ", was " + driftPpmMax);
        }
        Knobs.nonNegative("clock.jumpNanosMax", jumpNanosMax);
        Knobs.nonNegative("clock.skewNanosMax", skewNanosMax);
        Knobs.ordered("clock.offsetNanosMax", offsetNanosMax, "clock.skewNanosMax", skewNanosMax);
    }

    /** Perfect clocks. */
    public static ClockProfile perfect() {
        return new ClockProfile(0, 0, 0, false, 0);
    }

    /** The default: NTP-grade offsets and drift, jumps of up to a second, forward and back. */
    public static ClockProfile defaults() {
        return new ClockProfile(50_000_000, 200, 1_000_000_000, true, 2_000_000_000);
    }

    String describe() {
        return String.format("offset <= %s, drift <= %dppm, jumps <= %s%s, skew <= %s",
                Durations.format(offsetNanosMax), driftPpmMax, Durations.format(jumpNanosMax),
                jumpsBackAllowed ? " (back allowed)" : " (forward only)",
                Durations.format(skewNanosMax));
    }
}
