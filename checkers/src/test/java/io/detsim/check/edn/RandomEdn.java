package io.detsim.check.edn;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random EDN values for seeded property tests: every kind {@link EdnWriter} writes (except
 * Integer, which reads back as Long), nested up to a depth, with the awkward cases drawn often:
 * escapes and control characters, extreme and special numbers, negative BigDecimal scales.
 */
public final class RandomEdn {
    private static final String STRING_CHARS =
            "az AZ09\"\\\n\t\r\b\f\u0000\u0001\u001f\u007f;,#_[]{}()^:\u00e9\u2028\ud83d\ude00";
    private static final String CHARACTER_CHARS = "az09\\()[]{}\",;#:^ u\n\t\r\b\f\u0000\u00e9";
    private static final String NAME_START = "abcxyzABC*!_?<>=";
    private static final String NAME_REST = "abcxyz019*+!_?<>=.-#'";

    private final SplittableRandom random;

    public RandomEdn(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A value nested at most {@code depthMax} collections deep. */
    public Object value(int depthMax) {
        int kinds = depthMax > 0 ? 17 : 13;
        return switch (random.nextInt(kinds)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> longValue();
            case 3 -> bigInteger();
            case 4 -> doubleValue();
            case 5 -> bigDecimal();
            case 6 -> string();
            case 7 -> character();
            case 8 -> keyword();
            case 9 -> new Symbol(name());
            case 10 -> longValue();
            case 11 -> string();
            case 12 -> keyword();
            case 13 -> list(depthMax - 1);
            case 14 -> set(depthMax - 1);
            case 15 -> map(depthMax - 1);
            default -> new Tagged(tag(), value(depthMax - 1));
        };
    }

    public long longValue() {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            case 2 -> -random.nextInt(100);
            default -> random.nextInt(100);
        };
    }

    public BigInteger bigInteger() {
        Random bits = new Random(random.nextLong());
        BigInteger magnitude = new BigInteger(1 + random.nextInt(200), bits);
        if (random.nextInt(4) == 0) {
            magnitude = BigInteger.valueOf(random.nextInt(10));
        }
        return random.nextBoolean() ? magnitude : magnitude.negate();
    }

    public double doubleValue() {
        return switch (random.nextInt(6)) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> new double[] {Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE,
                -Double.MIN_NORMAL}[random.nextInt(8)];
            case 2 -> random.nextInt(1000) / 8.0;
            default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-30, 30));
        };
    }

    public BigDecimal bigDecimal() {
        BigInteger unscaled = BigInteger.valueOf(random.nextLong(-1_000_000, 1_000_000));
        return new BigDecimal(unscaled, random.nextInt(-12, 13));
    }

    public String string() {
        int length = random.nextInt(12);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(random.nextInt(5) == 0 ? (char) random.nextInt(0x10000)
                    : STRING_CHARS.charAt(random.nextInt(STRING_CHARS.length())));
        }
        return out.toString();
    }

    public char character() {
        return random.nextInt(4) == 0 ? (char) random.nextInt(0x10000)
                : CHARACTER_CHARS.charAt(random.nextInt(CHARACTER_CHARS.length()));
    }

    public Keyword keyword() {
        return Keyword.of(random.nextInt(3) == 0 ? name() + "/" + name() : name());
    }

    /** A symbol-shaped name: never a number, nil, true or false. */
    public String name() {
        StringBuilder out = new StringBuilder();
        out.append(NAME_START.charAt(random.nextInt(NAME_START.length())));
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            out.append(NAME_REST.charAt(random.nextInt(NAME_REST.length())));
        }
        return out.toString();
    }

    /** A tag: it must start with a letter (#_ would be a discard, #= reader eval). */
    public String tag() {
        String letters = "abcxyzABC";
        return letters.charAt(random.nextInt(letters.length())) + name().substring(1);
    }

    private List<Object> list(int depthMax) {
        int size = random.nextInt(5);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(value(depthMax));
        }
        return Collections.unmodifiableList(items);
    }

    private Set<Object> set(int depthMax) {
        int size = random.nextInt(5);
        Set<Object> items = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            items.add(value(depthMax));
        }
        return Collections.unmodifiableSet(items);
    }

    private Map<Object, Object> map(int depthMax) {
        int size = random.nextInt(5);
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            entries.put(value(depthMax), value(depthMax));
        }
        return Collections.unmodifiableMap(entries);
    }
}
