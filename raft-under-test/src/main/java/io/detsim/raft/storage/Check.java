package io.detsim.raft.storage;

/**
 * Always-on precondition checks (Java's {@code assert} is off without {@code -ea}). The message is
 * formatted only when a check fails.
 */
final class Check {
    private Check() {}

    static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    static void state(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }

    // Overloads for the hot paths' primitive arguments: the varargs form boxes its arguments
    // (Long.valueOf allocates above 127) on every call, even when the check passes.

    static void argument(boolean condition, String format, long a) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, a));
        }
    }

    static void argument(boolean condition, String format, long a, long b) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, a, b));
        }
    }

    static void argument(boolean condition, String format, long a, long b, long c) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, a, b, c));
        }
    }

    static void argument(boolean condition, String format, Object a, long b) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, a, b));
        }
    }

    static void argument(boolean condition, String format, long a, Object b) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, a, b));
        }
    }

    static void state(boolean condition, String format, long a) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, a));
        }
    }

    static void state(boolean condition, String format, long a, long b) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, a, b));
        }
    }

    static void state(boolean condition, String format, Object a, long b) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, a, b));
        }
    }
}
