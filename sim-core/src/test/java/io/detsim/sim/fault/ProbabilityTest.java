package io.detsim.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Probability: its own type, so that only values in [0, 1] ever reach a chance draw. */
class ProbabilityTest {

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, -1e-12, -1.0, 1.0000001, 2.0, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY})
    void outsideZeroToOne_rejected(double value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Probability(value));
        assertTrue(e.getMessage().contains(String.valueOf(value)), e.getMessage());
        IllegalArgumentException named = assertThrows(IllegalArgumentException.class,
                () -> Probability.of("network.reorder", value));
        assertTrue(named.getMessage().contains("network.reorder"), named.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, Double.MIN_VALUE, 0.25, 0.9999999, 1.0})
    void zeroToOneInclusive_accepted(double value) {
        assertEquals(value, new Probability(value).value());
        assertEquals(value, Probability.of("disk.slowIo", value).value());
    }

    @Test
    void onlyZeroIsNever() {
        assertTrue(Probability.NEVER.isNever());
        assertTrue(!new Probability(Double.MIN_VALUE).isNever(), "a tiny chance is still a chance");
        assertTrue(!Probability.ALWAYS.isNever());
    }

    @Test
    void printed_shortButDistinct() {
        assertEquals("0", Probability.NEVER.toString());
        assertEquals("1", Probability.ALWAYS.toString());
        assertEquals("0.01", new Probability(0.01).toString());
        assertEquals("0.123457", new Probability(0.1234567).toString(), "six significant digits");
    }
}
