package io.detsim.sim.random;

/**
 * Turns a uniform {@code u} in (0, 1] into an exponential draw, exactly as
 * {@link #reference} defines it (the definition recorded seeds replay against), but mostly without
 * {@code StrictMath.log}, which cost about 7% of a busy simulation (one draw per message).
 *
 * <p>Only the integer part of {@code -log(u) * mean} matters. A table-driven logarithm gives it to
 * within a known error bound; when no integer boundary (and not the cap) lies within that bound of
 * the approximation, the reference must land on the same integer, and the approximation's answer
 * is returned. Otherwise (a few draws in ten thousand for network latencies) the reference itself
 * runs. Plain double arithmetic is IEEE-exact in Java and the table comes from StrictMath, so the
 * result is the same on every JVM.
 */
final class ExponentialDraw {
    /** Mantissa bits that pick the table entry: 128 entries, reduced argument below 2^-7. */
    private static final int TABLE_BITS = 7;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    private static final long MANTISSA_MASK = (1L << 52) - 1;
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    private static final double LN2 = StrictMath.log(2.0);
    /** Table entry j: c = 1 + j/128, 1/c and log(c). */
    private static final double[] CENTER = new double[TABLE_SIZE];
    private static final double[] INVERSE = new double[TABLE_SIZE];
    private static final double[] LOG = new double[TABLE_SIZE];
    /**
     * The allowed gap between the approximation and the reference, per unit of mean and of
     * {@code 1 + |log u|}: 2^-30, about 150 times the approximation's worst error (see
     * {@link #log}) plus the reference's own (under 1e-15 relative).
     */
    private static final double ERROR_PER_MEAN = 0x1p-30;

    static {
        for (int j = 0; j < TABLE_SIZE; j++) {
            CENTER[j] = 1.0 + (double) j / TABLE_SIZE;
            INVERSE[j] = 1.0 / CENTER[j];
            LOG[j] = StrictMath.log(CENTER[j]);
        }
    }

    private ExponentialDraw() {}

    /** {@code -log(u) * mean} as a long, capped at {@code max}: what draws have always been. */
    static long reference(double u, long mean, long max) {
        double x = -StrictMath.log(u) * mean;
        return x >= max ? max : (long) x;
    }

    /** The same value as {@link #reference}, for {@code u} in (0, 1] and {@code mean > 0}. */
    static long scaled(double u, long mean, long max) {
        double logU = log(u);
        double m = mean;
        double x = -logU * m;
        double error = m * ERROR_PER_MEAN * (1.0 - logU);
        double low = x - error;
        double high = x + error;
        double cap = max; // the reference compares with max as a double too
        if (low >= cap) {
            return max;
        }
        // Truncation to long is monotone on (-1, inf): equal at both ends, equal in between.
        if (high < cap && low > -1.0 && (long) low == (long) high) {
            return (long) high;
        }
        return reference(u, mean, max);
    }

    /**
     * log(u) for u in (0, 1], within 6e-12 (absolute): u = 2^e * f with f in [1, 2), f = c * (1 +
     * r) with c the table entry below f and 0 <= r < 2^-7, log(1 + r) by its series to r^4 (the
     * first term left out, r^5 / 5, is below 6e-12; rounding adds under 1e-14, e * log 2 included).
     */
    static double log(double u) {
        long bits = Double.doubleToRawLongBits(u);
        int exponent = (int) (bits >>> 52) - 1023; // u >= 2^-53: always a normal number
        long mantissa = bits & MANTISSA_MASK;
        int j = (int) (mantissa >>> (52 - TABLE_BITS));
        double f = Double.longBitsToDouble(ONE_BITS | mantissa);
        double r = (f - CENTER[j]) * INVERSE[j]; // f - c is exact: same binade, below 2^-7
        double series = r * (1.0 - r * (0.5 - r * (1.0 / 3 - r * 0.25)));
        return exponent * LN2 + (LOG[j] + series);
    }
}
