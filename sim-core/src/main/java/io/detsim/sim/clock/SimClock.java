package io.detsim.sim.clock;

/**
 * One node's clock: true (virtual) time seen through an offset, a drift rate and jumps.
 *
 * <p>The clock is piecewise linear: from an anchor it runs at {@code 1 + driftPpm/1e6} times true
 * speed; a jump moves the anchor. Whatever the drift and jumps, the reading is clamped to within
 * {@code skewNanosMax} of true time, as an NTP-disciplined clock would be slewed back.
 */
public final class SimClock {
    private static final long PPM = 1_000_000L;

    private final long driftPpm;
    private final long skewNanosMax;
    private long anchorTrueNanos;
    private long anchorLocalNanos;

    /**
     * @param offsetNanos initial local minus true time
     * @param driftPpm rate error in parts per million (positive runs fast)
     * @param skewNanosMax bound on |local - true|
     */
    public SimClock(long offsetNanos, long driftPpm, long skewNanosMax) {
        if (skewNanosMax < 0) {
            throw new IllegalArgumentException("skewNanosMax must be >= 0, was " + skewNanosMax);
        }
        // Compared both ways rather than through Math.abs, which leaves Long.MIN_VALUE negative.
        if (offsetNanos < -skewNanosMax || offsetNanos > skewNanosMax) {
            throw new IllegalArgumentException(
                    "|offsetNanos| " + offsetNanos + " exceeds skewNanosMax " + skewNanosMax);
        }
        if (driftPpm <= -PPM || driftPpm >= PPM) {
            throw new IllegalArgumentException("|driftPpm| must be < 1e6, was " + driftPpm);
        }
        this.driftPpm = driftPpm;
        this.skewNanosMax = skewNanosMax;
        this.anchorTrueNanos = 0;
        this.anchorLocalNanos = offsetNanos;
    }

    /** A clock that reads true time. */
    public static SimClock perfect() {
        return new SimClock(0, 0, 0);
    }

    public long driftPpm() { return driftPpm; }

    public long skewNanosMax() { return skewNanosMax; }

    /** Local reading at true time {@code trueNanos} (which must not precede the last jump). */
    public long localNanos(long trueNanos) {
        long elapsed = trueNanos - anchorTrueNanos;
        if (elapsed < 0) {
            throw new IllegalArgumentException("time went backwards: " + trueNanos + " < "
                    + anchorTrueNanos);
        }
        long local = anchorLocalNanos + elapsed + scaledDrift(elapsed);
        long skew = local - trueNanos;
        if (skew > skewNanosMax) {
            return trueNanos + skewNanosMax;
        }
        if (skew < -skewNanosMax) {
            return trueNanos - skewNanosMax;
        }
        return local;
    }

    /**
     * True nanoseconds to wait for this clock to advance at least {@code localDelayNanos} (ignoring
     * clamping). Rounded up: a timer must never fire before its delay has passed by the node's own
     * clock.
     */
    public long trueDelayNanos(long localDelayNanos) {
        if (localDelayNanos < 0) {
            throw new IllegalArgumentException("localDelayNanos must be >= 0, was "
                    + localDelayNanos);
        }
        if (driftPpm == 0) {
            return localDelayNanos;
        }
        // delay * 1e6 / (1e6 + ppm), split to avoid overflow for delays up to ~days. Rounding down
        // would let a fast clock's timer fire with less than its delay elapsed locally (a 1ns timer
        // with no local time passed at all), so a node re-checking its deadline would find it not
        // due.
        long rate = PPM + driftPpm;
        return (localDelayNanos / rate) * PPM + Math.ceilDiv((localDelayNanos % rate) * PPM, rate);
    }

    /**
     * Jumps the clock by {@code deltaNanos} at true time {@code trueNanos}; the skew bound still
     * holds.
     */
    public void jump(long trueNanos, long deltaNanos) {
        long local = localNanos(trueNanos);
        anchorTrueNanos = trueNanos;
        long target = local + deltaNanos;
        long skew = Math.max(-skewNanosMax, Math.min(skewNanosMax, target - trueNanos));
        anchorLocalNanos = trueNanos + skew;
    }

    private long scaledDrift(long elapsedNanos) {
        if (driftPpm == 0) {
            return 0;
        }
        return (elapsedNanos / PPM) * driftPpm + ((elapsedNanos % PPM) * driftPpm) / PPM;
    }
}
