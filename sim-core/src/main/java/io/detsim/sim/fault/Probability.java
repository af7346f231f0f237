package io.detsim.sim.fault;

/**
 * A probability in [0, 1]. Its own type so that a delay can never be passed where a chance belongs.
 */
public record Probability(double value) {
    public static final Probability NEVER = new Probability(0.0);
    public static final Probability ALWAYS = new Probability(1.0);

    public Probability {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("a probability must be in [0, 1], was " + value);
        }
    }

    /** A probability for the knob {@code field}; a bad value names the field. */
    public static Probability of(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + " must be a probability in [0, 1], was "
                    + value);
        }
        return new Probability(value);
    }

    public boolean isNever() { return value == 0.0; }

    @Override
    public String toString() {
        if (value == 0.0 || value == 1.0) {
            return value == 0.0 ? "0" : "1";
        }
        // Six significant digits: enough to tell profiles apart, short enough to read.
        return new java.math.BigDecimal(value).round(new java.math.MathContext(6))
                .stripTrailingZeros().toPlainString();
    }
}
