package io.detsim.sim.fault;

/** Validation helpers that name the knob that is wrong. */
final class Knobs {
    private Knobs() {}

    static Probability probability(String field, Probability p) {
        if (p == null) {
            throw new IllegalArgumentException(field + " is missing (a probability in [0, 1])");
        }
        return p;
    }

    static long nonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    static long positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
        return value;
    }

    static void ordered(String lowField, long low, String highField, long high) {
        if (low > high) {
            throw new IllegalArgumentException(
                    lowField + " (" + low + ") must be <= " + highField + " (" + high + ")");
        }
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }
}
