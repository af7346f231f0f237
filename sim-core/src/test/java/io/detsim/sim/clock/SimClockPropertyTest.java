package io.detsim.sim.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.fault.ClockProfile;
import io.detsim.sim.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * Seeded properties of {@link SimClock}. Each seed draws clock knobs the way a {@link ClockProfile}
 * bounds them, a clock within those knobs, and a random walk of true time with jumps. A failure
 * names the seed and step that reproduce it.
 */
class SimClockPropertyTest {
    private static final int SEED_COUNT = 500;
    private static final int STEP_COUNT = 300;
    private static final long SECOND_NANOS = 1_000_000_000L;

    @Test
    void randomOffsetsDriftsAndJumps_stayWithinSkewAndMonotonicBetweenJumps() {
        int jumpCount = 0;
        int clampedReadingCount = 0;
        for (long seed = 0; seed < SEED_COUNT; seed++) {
            RandomStream random = RandomStream.root(seed).fork("test/clock");
            ClockProfile profile = randomProfile(random);
            long offsetNanos = random.nextLong(-profile.offsetNanosMax(), profile.offsetNanosMax());
            long driftPpm = random.nextLong(-profile.driftPpmMax(), profile.driftPpmMax());
            SimClock clock = new SimClock(offsetNanos, driftPpm, profile.skewNanosMax());
            String context = "seed " + seed + ", " + profile + ", offset " + offsetNanos
                    + ", drift " + driftPpm;

            long trueNanos = 0;
            long previousLocalNanos = clock.localNanos(0);
            assertEquals(offsetNanos, previousLocalNanos, context
                    + ": the clock starts at its offset");
            for (int step = 0; step < STEP_COUNT; step++) {
                String where = context + ", step " + step + ", true " + trueNanos;
                if (random.nextInt(10) == 0) {
                    long deltaNanos = randomJump(random, profile);
                    long beforeNanos = clock.localNanos(trueNanos);
                    clock.jump(trueNanos, deltaNanos);
                    long expectedNanos = Math.max(trueNanos - profile.skewNanosMax(),
                            Math.min(trueNanos + profile.skewNanosMax(), beforeNanos + deltaNanos));
                    assertEquals(expectedNanos, clock.localNanos(trueNanos), where + ": jump by "
                            + deltaNanos);
                    previousLocalNanos = expectedNanos;
                    jumpCount++;
                    continue;
                }
                trueNanos += random.nextInt(20) == 0 ? random.nextLong(0, 60 * SECOND_NANOS)
                        : random.nextLong(0, 10_000_000);
                long localNanos = clock.localNanos(trueNanos);
                long skewNanos = localNanos - trueNanos;
                assertTrue(Math.abs(skewNanos) <= profile.skewNanosMax(), where + ": skew "
                        + skewNanos);
                assertTrue(localNanos >= previousLocalNanos,
                        where + ": clock went back from " + previousLocalNanos + " to " + localNanos
                                + " without a jump");
                if (Math.abs(skewNanos) == profile.skewNanosMax()) {
                    clampedReadingCount++;
                }
                previousLocalNanos = localNanos;
            }
        }
        assertTrue(jumpCount > SEED_COUNT, "too few jumps: " + jumpCount);
        assertTrue(clampedReadingCount > SEED_COUNT, "the skew bound was barely reached: "
                + clampedReadingCount);
    }

    @Test
    void randomTimers_fireAfterTheirLocalDelay() {
        for (long seed = 0; seed < SEED_COUNT; seed++) {
            RandomStream random = RandomStream.root(seed).fork("test/timers");
            // Mostly profile-sized drifts, sometimes the extremes the constructor still accepts.
            long driftPpmMax = random.nextInt(4) == 0 ? 999_999 : ClockProfile.DRIFT_PPM_LIMIT;
            long driftPpm = random.nextLong(-driftPpmMax, driftPpmMax);
            SimClock clock = new SimClock(random.nextLong(-SECOND_NANOS, SECOND_NANOS), driftPpm,
                    SimClockTest.SKEW_NANOS_UNBOUNDED);
            long trueNanos = 0;
            for (int step = 0; step < 50; step++) {
                trueNanos += random.nextLong(0, 100 * SECOND_NANOS);
                long localDelayNanos = random.nextInt(3) == 0 ? random.nextLong(1, 10)
                        : random.nextLong(0, 10 * SECOND_NANOS);
                long firesTrueNanos = trueNanos + clock.trueDelayNanos(localDelayNanos);
                long elapsedLocalNanos = clock.localNanos(firesTrueNanos)
                        - clock.localNanos(trueNanos);
                assertTrue(elapsedLocalNanos >= localDelayNanos, "seed " + seed + ", drift "
                        + driftPpm
                        + ", true " + trueNanos + ": timer for " + localDelayNanos
                                + "ns fired early, after "
                        + elapsedLocalNanos + "ns local");
                assertTrue(elapsedLocalNanos <= localDelayNanos + 2, "seed " + seed + ", drift "
                        + driftPpm
                        + ", true " + trueNanos + ": timer for " + localDelayNanos
                                + "ns fired late, after "
                        + elapsedLocalNanos + "ns local");
            }
        }
    }

    /** Knobs within ClockProfile's own validation; the record's constructor checks them. */
    private static ClockProfile randomProfile(RandomStream random) {
        long skewNanosMax = random.nextInt(10) == 0 ? 0 : random.nextLong(0, 2 * SECOND_NANOS);
        long offsetNanosMax = random.nextLong(0, skewNanosMax);
        long driftPpmMax = random.nextLong(0, ClockProfile.DRIFT_PPM_LIMIT);
        long jumpNanosMax = random.nextLong(0, 3 * SECOND_NANOS);
        return new ClockProfile(offsetNanosMax, driftPpmMax, jumpNanosMax, random.nextInt(2) == 0,
                skewNanosMax);
    }

    private static long randomJump(RandomStream random, ClockProfile profile) {
        long lowestNanos = profile.jumpsBackAllowed() ? -profile.jumpNanosMax() : 0;
        return random.nextLong(lowestNanos, profile.jumpNanosMax());
    }
}
