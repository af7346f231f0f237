package io.detsim.raft.kv;

/** Validation shared by the command records. */
final class KvCommands {
    /** Keys and values are bounded so that a log entry's size is bounded too. */
    static final int KEY_LENGTH_MAX = 1024;
    static final int VALUE_LENGTH_MAX = 1 << 20;

    private KvCommands() {}

    static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a key must be a non-empty string");
        }
        if (key.length() > KEY_LENGTH_MAX) {
            throw new IllegalArgumentException("key longer than " + KEY_LENGTH_MAX + " chars");
        }
    }

    static void checkValue(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a value must not be null");
        }
        if (value.length() > VALUE_LENGTH_MAX) {
            throw new IllegalArgumentException("value longer than " + VALUE_LENGTH_MAX + " chars");
        }
    }
}
