package io.detsim.sim.random;

import java.nio.charset.StandardCharsets;

/**
 * A seeded pseudo-random stream (SplitMix64). Every consumer forks its own stream by name from the
 * root seed, so adding a consumer shifts no other consumer's numbers.
 *
 * <p>Written here rather than taken from the JDK so that the numbers are fixed by this file alone:
 * a seed recorded today must replay the same run on every future JDK.
 */
public final class RandomStream {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    private static final long FNV_OFFSET_BASIS = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private final long seed;
    private long state;

    private RandomStream(long seed) {
        this.seed = seed;
        this.state = seed;
    }

    /** The root stream of a run. Use {@link #fork(String)} for every consumer. */
    public static RandomStream root(long rootSeed) {
        return new RandomStream(rootSeed);
    }

    /**
     * A child stream whose seed depends only on this stream's seed and {@code name}, never on how
     * many numbers were drawn from this stream before.
     */
    public RandomStream fork(String name) {
        return new RandomStream(mix64(seed ^ mix64(fnv1a64(name) + GOLDEN_GAMMA)));
    }

    /** The seed this stream started from (for printing and for re-forking). */
    public long seed() { return seed; }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in {@code [0, bound)}; unbiased (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFF_FFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFF_FFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform in {@code [min, max]} (both inclusive). */
    public long nextLong(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
        long span = max - min + 1;
        if (span <= 0) {
            // The range covers more than half of all longs: rejection on the full range.
            long r;
            do {
                r = nextLong();
            } while (r < min || r > max);
            return r;
        }
        long limit = Long.MAX_VALUE - (Long.MAX_VALUE % span);
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return min + r % span;
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /**
     * True with probability {@code p}; draws nothing when p is 0 or 1, so that a fault kind
     * switched off does not consume numbers.
     */
    public boolean chance(double p) {
        if (p <= 0.0) {
            return false;
        }
        if (p >= 1.0) {
            return true;
        }
        return nextDouble() < p;
    }

    /** Exponentially distributed with the given mean, capped at {@code max}. */
    public long nextExponential(long mean, long max) {
        if (mean <= 0) {
            return 0;
        }
        double u = 1.0 - nextDouble(); // (0, 1]
        return ExponentialDraw.scaled(u, mean, max);
    }

    /** Fisher-Yates shuffle of {@code values} in place. */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer, as in SplitMix64. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a over UTF-8 bytes: a stable string hash (String.hashCode is only 32 bits). */
    public static long fnv1a64(String text) {
        return fnv1a64(FNV_OFFSET_BASIS, text);
    }

    /**
     * Continues the FNV-1a hash {@code hash} over the UTF-8 bytes of {@code text}, so that a
     * digest of several strings in a row needs no concatenation. ASCII is hashed char by char
     * without encoding; from the first other char on, the rest is encoded as UTF-8.
     */
    public static long fnv1a64(long hash, String text) {
        long h = hash;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // Char i starts a code point (char i - 1 was ASCII), so the rest encodes alone.
                return fnv1a64(h, text.substring(i).getBytes(StandardCharsets.UTF_8));
            }
            h ^= c;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** FNV-1a over bytes: a stable digest of a payload. */
    public static long fnv1a64(byte[] bytes) {
        return fnv1a64(FNV_OFFSET_BASIS, bytes);
    }

    private static long fnv1a64(long hash, byte[] bytes) {
        long h = hash;
        for (byte b : bytes) {
            h ^= (b & 0xFF);
            h *= FNV_PRIME;
        }
        return h;
    }
}
