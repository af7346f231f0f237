package io.detsim.sim.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fast exponential draw must equal the StrictMath definition on every input. */
class ExponentialDrawTest {
    private static final long[] MEANS = {1, 3, 1_000, 200_000, 900_000, 1_000_000,
        500_000_000, 1L << 40, Long.MAX_VALUE / 3, Long.MAX_VALUE};

    @Test
    void randomDraws_equalTheReference() {
        RandomStream random = RandomStream.root(1).fork("exponential-test");
        int checked = 0;
        for (long mean : MEANS) {
            for (long max : new long[] {0, 1, mean / 2, mean, 4 * mean, Long.MAX_VALUE}) {
                if (max < 0) {
                    continue;
                }
                for (int i = 0; i < 100_000; i++) {
                    double u = 1.0 - random.nextDouble();
                    assertSame(u, mean, max);
                    checked++;
                }
            }
        }
        assertTrue(checked > 5_000_000);
    }

    @Test
    void edgeInputs_equalTheReference() {
        double[] edges = {1.0, Math.nextDown(1.0), 0.5, Math.nextUp(0.5), Math.nextDown(0.5),
            0x1p-53, 0x1p-52, 3 * 0x1p-53, 0.25, Math.exp(-1), 0.1, 0.9};
        for (long mean : MEANS) {
            for (double u : edges) {
                assertSame(u, mean, Long.MAX_VALUE);
                assertSame(u, mean, mean);
            }
            // Every table boundary and its neighbours, in several binades.
            for (int j = 0; j < 128; j++) {
                for (double scale : new double[] {0.5, 0x1p-10, 0x1p-40}) {
                    double center = (1.0 + j / 128.0) * scale;
                    assertSame(center, mean, Long.MAX_VALUE);
                    assertSame(Math.nextUp(center), mean, Long.MAX_VALUE);
                    assertSame(Math.nextDown(center), mean, Long.MAX_VALUE);
                }
            }
        }
    }

    @Test
    void drawsLandingNearIntegers_fallBackAndStillEqualTheReference() {
        // u = exp(-k / mean) puts -log(u) * mean at (or within rounding of) the integer k.
        for (long mean : new long[] {1_000, 200_000, 1L << 30}) {
            for (long k = 1; k < 5_000; k += 7) {
                double u = StrictMath.exp(-(double) k / mean);
                for (double v : new double[] {u, Math.nextUp(u), Math.nextDown(u)}) {
                    if (v > 0 && v <= 1.0) {
                        assertSame(v, mean, Long.MAX_VALUE);
                        assertSame(v, mean, k);
                    }
                }
            }
        }
    }

    @Test
    void log_isWithinItsStatedError() {
        RandomStream random = RandomStream.root(2);
        for (int i = 0; i < 1_000_000; i++) {
            double u = 1.0 - random.nextDouble();
            double error = Math.abs(ExponentialDraw.log(u) - StrictMath.log(u));
            assertTrue(error < 6e-12, "log(" + u + ") off by " + error);
        }
    }

    private static void assertSame(double u, long mean, long max) {
        assertEquals(ExponentialDraw.reference(u, mean, max), ExponentialDraw.scaled(u, mean, max),
                () -> "u=" + u + " (" + Double.doubleToRawLongBits(u) + "), mean=" + mean
                        + ", max=" + max);
    }
}
