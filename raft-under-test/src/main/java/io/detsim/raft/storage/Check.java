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
}
