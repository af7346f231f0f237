package io.detsim.raft.kv;

/** A key-value operation. Values are strings; a missing key reads as null. */
public sealed interface KvCommand {
    String key();

    record Get(String key) implements KvCommand {
        public Get {
            KvCommands.checkKey(key);
        }
    }

    record Put(String key, String value) implements KvCommand {
        public Put {
            KvCommands.checkKey(key);
            KvCommands.checkValue(value);
        }
    }

    record Delete(String key) implements KvCommand {
        public Delete {
            KvCommands.checkKey(key);
        }
    }

    /** Sets {@code update} when the key holds {@code expected} (null: the key is absent). */
    record Cas(String key, String expected, String update) implements KvCommand {
        public Cas {
            KvCommands.checkKey(key);
            KvCommands.checkValue(update);
        }
    }

    /** Appends {@code suffix} to the value (an absent key counts as ""). */
    record Append(String key, String suffix) implements KvCommand {
        public Append {
            KvCommands.checkKey(key);
            KvCommands.checkValue(suffix);
        }
    }
}
