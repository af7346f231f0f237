package io.detsim.check.model;

import java.util.List;

/** Value comparisons across the number types EDN and JSON produce. */
final class Values {
    private Values() {}

    /** Equality where 1 (Long) equals 1 (Integer) and 1N; otherwise {@link Object#equals}. */
    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        // Rare: the same integer in two number types (1 and 1N).
        return a.getClass() != b.getClass() && a instanceof Number x && b instanceof Number y
                && isIntegral(x) && isIntegral(y)
                && new java.math.BigInteger(x.toString())
                        .equals(new java.math.BigInteger(y.toString()));
    }

    /** A canonical form so that interned states compare by value: integers become Long. */
    static Object canonical(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof java.math.BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        return value;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof java.math.BigInteger
                || n instanceof Short || n instanceof Byte;
    }

    /** {@code value} as a two-element list [old new], or a model error naming the op. */
    static List<?> pair(Object value, String what) {
        if (value instanceof List<?> list && list.size() == 2) {
            return list;
        }
        throw new ModelException(
                what + " needs [old new], found " + io.detsim.check.edn.EdnWriter.write(value));
    }
}
