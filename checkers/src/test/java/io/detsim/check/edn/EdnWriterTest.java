package io.detsim.check.edn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** EdnWriter: EDN text for every kind, and a seeded round trip through EdnReader. */
class EdnWriterTest {
    private static final int SEEDS = 500;

    private static String write(Object value) {
        return EdnWriter.write(value);
    }

    /** Written, then read back by EdnReader: must be equal. */
    private static Object roundTrip(Object value) {
        return EdnReader.readOne(write(value));
    }

    @Test
    void scalars() {
        assertEquals("nil", write(null));
        assertEquals("true", write(true));
        assertEquals("false", write(false));
        assertEquals("-42", write(-42L));
        assertEquals("7", write(7), "an Integer is written as a plain integer");
        assertEquals(7L, roundTrip(7), "and reads back as a Long");
    }

    @Test
    void bigIntegersKeepTheirTypeThroughTheNSuffix() {
        assertEquals("5N", write(BigInteger.valueOf(5)));
        assertEquals(BigInteger.valueOf(5), roundTrip(BigInteger.valueOf(5)));
        BigInteger huge = BigInteger.TWO.pow(100).negate();
        assertEquals(huge, roundTrip(huge));
    }

    @Test
    void doublesIncludingTheSymbolicOnes() {
        assertEquals("##Inf", write(Double.POSITIVE_INFINITY));
        assertEquals("##-Inf", write(Double.NEGATIVE_INFINITY));
        assertEquals("##NaN", write(Double.NaN));
        for (double d : new double[] {1.5, -0.0, 1e300, 4.9e-324, -123.25, 1.0}) {
            Object back = roundTrip(d);
            assertInstanceOf(Double.class, back, "a double stays a double: " + d);
            assertEquals(d, back);
        }
    }

    @Test
    void bigDecimalsKeepValueAndScale() {
        for (String text : new String[] {"1.50", "1E+3", "-0.000001", "123456789.987654321",
                "0", "5E-20"}) {
            BigDecimal d = new BigDecimal(text);
            assertTrue(write(d).endsWith("M"), write(d));
            assertEquals(d, roundTrip(d), text);
        }
    }

    @Test
    void stringsEscapeWhatMustBeEscaped() {
        String tricky = "q\" b\\ n\n t\t r\r b\b f\f nul\u0000 us\u001f";
        String written = write(tricky);
        assertTrue(written.startsWith("\"") && written.endsWith("\""), written);
        String inner = written.substring(1, written.length() - 1);
        for (char c : inner.toCharArray()) {
            assertTrue(c >= 0x20, "raw control character " + (int) c + " in " + written);
        }
        assertFalse(inner.replace("\\\\", "").replace("\\\"", "").contains("\""), written);
        assertEquals(tricky, roundTrip(tricky));
        assertEquals("caf\u00e9 \ud83d\ude00", roundTrip("caf\u00e9 \ud83d\ude00"));
    }

    @Test
    void characters() {
        assertEquals("\\newline", write('\n'));
        assertEquals("\\space", write(' '));
        assertEquals("\\tab", write('\t'));
        assertEquals("\\a", write('a'));
        for (char c : "\n\r\t\b\f a\\()[]{}\";,#u\u0000\u00e9\uffff".toCharArray()) {
            assertEquals(c, roundTrip(c), "character " + (int) c);
        }
    }

    @Test
    void keywordsSymbolsAndTags() {
        assertEquals(":jepsen/nemesis", write(Keyword.of("jepsen/nemesis")));
        assertEquals("foo.bar/baz", write(new Symbol("foo.bar/baz")));
        Tagged inst = new Tagged("inst", "2024-01-01T00:00:00Z");
        assertEquals(inst, roundTrip(inst));
        assertEquals("#inst \"2024-01-01T00:00:00Z\"", write(inst));
    }

    @Test
    void collections() {
        assertEquals("[1 2]", write(List.of(1L, 2L)));
        assertEquals("[]", write(List.of()));
        assertEquals("#{}", write(Set.of()));
        assertEquals("{}", write(Map.of()));
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(Keyword.of("a"), 1L);
        map.put(null, Arrays.asList(null, "x"));
        assertEquals(map, roundTrip(map));
        assertEquals(new ArrayList<>(map.keySet()),
                new ArrayList<>(((Map<?, ?>) roundTrip(map)).keySet()), "order is kept");
        Set<Object> set = new LinkedHashSet<>(List.of(List.of(1L), Map.of("k", Set.of()), 2.5));
        assertEquals(set, roundTrip(set));
        assertInstanceOf(Set.class, roundTrip(set));
    }

    @Test
    void unsupportedTypesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> write(new StringBuilder("x")));
        assertTrue(e.getMessage().contains("java.lang.StringBuilder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> write(List.of(new Object())));
    }

    @Test
    void writingIntoABuilderAppends() {
        StringBuilder out = new StringBuilder("x=");
        EdnWriter.write(List.of(Keyword.of("a")), out);
        assertEquals("x=[:a]", out.toString());
    }

    static LongStream seeds() {
        return LongStream.range(0, SEEDS);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomValuesReadBackEqual(long seed) {
        RandomEdn random = new RandomEdn(seed);
        for (int i = 0; i < 4; i++) {
            Object value = random.value(4);
            String written = write(value);
            Object back;
            try {
                back = EdnReader.readOne(written);
            } catch (EdnException e) {
                throw new AssertionError("seed " + seed + ": cannot read back " + written, e);
            }
            assertEquals(value, back, () -> "seed " + seed + ": " + written);
            assertEquals(written, write(back), () -> "seed " + seed + ": text is not stable");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomValuesSideBySideReadBackAsSeparateForms(long seed) {
        RandomEdn random = new RandomEdn(~seed);
        List<Object> values = Arrays.asList(random.value(1), random.character(),
                random.value(1), random.keyword(), random.value(1));
        StringBuilder text = new StringBuilder();
        for (Object value : values) {
            text.append(write(value)).append('\n');
        }
        assertEquals(values, EdnReader.readAll(text.toString()), () -> "seed " + seed + ": "
                + text);
    }
}
