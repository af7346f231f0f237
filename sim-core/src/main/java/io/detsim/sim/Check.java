package io.detsim.sim;

/**
 * Always-on invariant checks. Java's {@code assert} is off without {@code -ea}, and a simulator
 * whose invariants silently stop being checked is worse than none.
 */
public final class Check {
    private Check() {}

    /** Fails with {@link IllegalStateException} when {@code condition} is false. */
    public static void state(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }

    /** Fails with {@link IllegalArgumentException} when {@code condition} is false. */
    public static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    /** Returns {@code value} when it is in {@code [min, max]}; otherwise names {@code field}. */
    public static long inRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    // Overloads for the hot paths' primitive arguments: the varargs form boxes its arguments
    // (Long.valueOf allocates above 127) on every call, even when the check passes.

    public static void argument(boolean condition, String format, long a) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, a));
        }
    }

    public static void argument(boolean condition, String format, long a, long b) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, a, b));
        }
    }

    public static void argument(boolean condition, String format, long a, long b, long c) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, a, b, c));
        }
    }

    public static void argument(boolean condition, String format, Object a, long b) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, a, b));
        }
    }

    public static void argument(boolean condition, String format, long a, Object b) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, a, b));
        }
    }

    public static void state(boolean condition, String format, long a) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, a));
        }
    }

    public static void state(boolean condition, String format, long a, long b) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, a, b));
        }
    }

    public static void state(boolean condition, String format, Object a, long b) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, a, b));
        }
    }
}
