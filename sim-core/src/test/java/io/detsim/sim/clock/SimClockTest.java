package io.detsim.sim.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scripted behaviour of {@link SimClock}: offset, drift, skew clamp, jumps and timer delays. */
class SimClockTest {
    static final long PPM = 1_000_000L;
    /** Wide enough that no test here reaches the clamp unless it means to. */
    static final long SKEW_NANOS_UNBOUNDED = Long.MAX_VALUE / 4;
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final long DAY_NANOS = 86_400 * SECOND_NANOS;
    private static final long[] TRUE_NANOS_SAMPLES = {
        0, 1, 2, 999, 999_999, 1_000_000, 1_000_001, 123_456_789, SECOND_NANOS, 7 * SECOND_NANOS
                + 3,
        DAY_NANOS + 17, 30 * DAY_NANOS + 999_999, 365 * DAY_NANOS,
    };

    @Test
    void perfectClock_readsTrueTime() {
        SimClock clock = SimClock.perfect();
        for (long trueNanos : TRUE_NANOS_SAMPLES) {
            assertEquals(trueNanos, clock.localNanos(trueNanos));
        }
        assertEquals(12_345, clock.trueDelayNanos(12_345));
    }

    @ParameterizedTest(name = "offset {0}ns")
    @ValueSource(longs = {-5_000, -1, 1, 5_000, 10_000})
    void offset_addedToEveryReading(long offsetNanos) {
        SimClock clock = new SimClock(offsetNanos, 0, 10_000);
        for (long trueNanos = 10_000; trueNanos < 10 * SECOND_NANOS; trueNanos = 3 * trueNanos
                + 7) {
            assertEquals(trueNanos + offsetNanos, clock.localNanos(trueNanos), "at " + trueNanos);
        }
    }

    @ParameterizedTest(name = "drift {0}ppm")
    @ValueSource(longs = {1, -1, 100, -100, 200, -200, 100_000, -100_000, 999_999, -999_999})
    void drift_scalesElapsedTimeExactly(long driftPpm) {
        long offsetNanos = -777;
        SimClock clock = new SimClock(offsetNanos, driftPpm, SKEW_NANOS_UNBOUNDED);
        for (long trueNanos : TRUE_NANOS_SAMPLES) {
            // local = offset + true * (1 + drift/1e6) exactly, so local * 1e6 may differ from
            // offset * 1e6 + true * (1e6 + drift) by less than 1e6 (less than one nanosecond).
            BigInteger exactTimesPpm = BigInteger.valueOf(offsetNanos)
                    .multiply(BigInteger.valueOf(PPM))
                    .add(BigInteger.valueOf(trueNanos).multiply(BigInteger.valueOf(PPM
                            + driftPpm)));
            BigInteger errorTimesPpm = BigInteger.valueOf(clock.localNanos(trueNanos))
                    .multiply(BigInteger.valueOf(PPM)).subtract(exactTimesPpm);
            assertTrue(errorTimesPpm.abs().compareTo(BigInteger.valueOf(PPM)) < 0,
                    "at true " + trueNanos + ": local " + clock.localNanos(trueNanos)
                            + " is off by "
                            + errorTimesPpm + "/1e6 ns");
        }
    }

    @Test
    void fastClock_clampedAtSkewBound() {
        long skewNanosMax = 1_000_000;
        SimClock clock = new SimClock(0, 100_000, skewNanosMax);

        // 10% fast: 1ms ahead after 10ms, and never further.
        assertEquals(5_500_000, clock.localNanos(5_000_000));
        assertEquals(11_000_000, clock.localNanos(10_000_000));
        assertEquals(21_000_000, clock.localNanos(20_000_000));
        assertEquals(DAY_NANOS + skewNanosMax, clock.localNanos(DAY_NANOS));
    }

    @Test
    void slowClock_clampedAtSkewBound() {
        long skewNanosMax = 1_000_000;
        SimClock clock = new SimClock(0, -100_000, skewNanosMax);

        assertEquals(4_500_000, clock.localNanos(5_000_000));
        assertEquals(DAY_NANOS - skewNanosMax, clock.localNanos(DAY_NANOS));
    }

    @Test
    void jumps_moveReadingForwardAndBack() {
        long skewNanosMax = SECOND_NANOS;
        SimClock clock = new SimClock(0, 0, skewNanosMax);

        clock.jump(100, 300_000_000);
        assertEquals(100 + 300_000_000, clock.localNanos(100));
        assertEquals(5_000 + 300_000_000, clock.localNanos(5_000));

        clock.jump(10_000, -500_000_000);
        assertEquals(10_000 - 200_000_000, clock.localNanos(10_000));
        assertEquals(20_000 - 200_000_000, clock.localNanos(20_000));
    }

    @Test
    void jump_pastSkewBound_clampedToIt() {
        long skewNanosMax = SECOND_NANOS;
        SimClock clock = new SimClock(0, 0, skewNanosMax);

        clock.jump(1_000, 5 * SECOND_NANOS);
        assertEquals(1_000 + skewNanosMax, clock.localNanos(1_000));
        clock.jump(2_000, -10 * SECOND_NANOS);
        assertEquals(2_000 - skewNanosMax, clock.localNanos(2_000));
    }

    @Test
    void jump_driftContinuesFromJumpedReading() {
        SimClock clock = new SimClock(0, 1_000, SKEW_NANOS_UNBOUNDED);
        long jumpTrueNanos = 2 * SECOND_NANOS;
        long readingBeforeJump = 2 * SECOND_NANOS + 2_000_000; // 1000ppm fast over 2s

        clock.jump(jumpTrueNanos, -50_000_000);

        assertEquals(readingBeforeJump - 50_000_000, clock.localNanos(jumpTrueNanos));
        assertEquals(readingBeforeJump - 50_000_000 + SECOND_NANOS + 1_000_000,
                clock.localNanos(jumpTrueNanos + SECOND_NANOS));
    }

    @Test
    void readingBeforeLastJump_rejected() {
        SimClock clock = new SimClock(0, 0, SECOND_NANOS);
        clock.jump(1_000, 10);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> clock.localNanos(999));
        assertTrue(error.getMessage().contains("backwards"), error.getMessage());
    }

    @ParameterizedTest(name = "drift {0}ppm")
    @ValueSource(longs = {0, 1, -1, 200, -200, 100_000, -100_000, 999_999, -999_999})
    void trueDelay_withinOneNanosecondOfExactInverse(long driftPpm) {
        SimClock clock = new SimClock(0, driftPpm, SKEW_NANOS_UNBOUNDED);
        BigInteger rate = BigInteger.valueOf(PPM + driftPpm);
        for (long localDelayNanos : TRUE_NANOS_SAMPLES) {
            // Exactly, trueDelay = localDelay * 1e6 / (1e6 + drift). A clock at a millionth of true
            // speed needs more true nanoseconds than a long holds for a day's delay: out of range.
            BigInteger exactTrueDelayNanos = BigInteger.valueOf(localDelayNanos)
                    .multiply(BigInteger.valueOf(PPM)).divide(rate);
            if (exactTrueDelayNanos.bitLength() > 62) {
                continue;
            }
            long trueDelayNanos = clock.trueDelayNanos(localDelayNanos);
            BigInteger errorTimesRate = BigInteger.valueOf(trueDelayNanos).multiply(rate)
                    .subtract(BigInteger.valueOf(localDelayNanos)
                            .multiply(BigInteger.valueOf(PPM)));
            assertTrue(errorTimesRate.abs().compareTo(rate) < 0,
                    "local delay " + localDelayNanos + ": true delay " + trueDelayNanos + " off by "
                            + errorTimesRate + "/" + rate + " ns");
        }
        assertThrows(IllegalArgumentException.class, () -> clock.trueDelayNanos(-1));
    }

    @ParameterizedTest(name = "drift {0}ppm")
    @ValueSource(longs = {1, -1, 7, 200, -200, 100_000, -100_000, 999_999, -999_999})
    void timer_neverFiresBeforeItsLocalDelayHasPassed(long driftPpm) {
        // A node's timer for local delay D is scheduled trueDelayNanos(D) true nanoseconds ahead;
        // when it fires, the node's own clock must show at least D elapsed, or a node that
        // re-checks its deadline sees it not yet due (and a 1ns wait that maps to 0 true ns never
        // lets time move).
        SimClock clock = new SimClock(0, driftPpm, SKEW_NANOS_UNBOUNDED);
        for (long startTrueNanos : TRUE_NANOS_SAMPLES) {
            for (long localDelayNanos : new long[] {1, 2, 3, 999, 1_000_001, 150_000_000,
                    7 * SECOND_NANOS}) {
                long firesTrueNanos = startTrueNanos + clock.trueDelayNanos(localDelayNanos);
                long elapsedLocalNanos = clock.localNanos(firesTrueNanos)
                        - clock.localNanos(startTrueNanos);
                String timer = "timer for " + localDelayNanos + "ns set at true " + startTrueNanos;
                assertTrue(elapsedLocalNanos >= localDelayNanos,
                        timer + " fired early, after " + elapsedLocalNanos + "ns of local time");
                assertTrue(elapsedLocalNanos <= localDelayNanos + 2,
                        timer + " fired late, after " + elapsedLocalNanos + "ns of local time");
            }
        }
    }

    @Test
    void constructor_rejectsOffsetBeyondSkew() {
        assertRejected("offsetNanos", () -> new SimClock(1_001, 0, 1_000));
        assertRejected("offsetNanos", () -> new SimClock(-1_001, 0, 1_000));
        assertRejected("offsetNanos", () -> new SimClock(Long.MIN_VALUE, 0, 1_000));
        assertRejected("skewNanosMax", () -> new SimClock(0, 0, -1));
        assertEquals(1_000, new SimClock(1_000, 0, 1_000).localNanos(0),
                "the bound itself is allowed");
        assertEquals(-1_000, new SimClock(-1_000, 0, 1_000).localNanos(0));
    }

    @Test
    void constructor_rejectsDriftOfAMillionPpmOrMore() {
        assertRejected("driftPpm", () -> new SimClock(0, 1_000_000, 1_000));
        assertRejected("driftPpm", () -> new SimClock(0, -1_000_000, 1_000));
        assertRejected("driftPpm", () -> new SimClock(0, Long.MAX_VALUE, 1_000));
        assertRejected("driftPpm", () -> new SimClock(0, Long.MIN_VALUE, 1_000));
        assertEquals(999_999, new SimClock(0, 999_999, 1_000).driftPpm());
        assertEquals(-999_999, new SimClock(0, -999_999, 1_000).driftPpm());
    }

    private static void assertRejected(String field, Runnable construct) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                construct::run);
        assertTrue(error.getMessage().contains(field), "message should name " + field + ": "
                + error.getMessage());
    }
}
