package io.detsim.raft.storage;

import java.util.Arrays;

/**
 * One Raft log entry: the term of the leader that created it, its position in the log, and an
 * opaque command. Immutable: the payload is copied in and out, and equality is by value.
 *
 * @param term    the creating leader's term, at least 1 (§5.3: entries carry their term)
 * @param index   the entry's position in the log, at least 1
 * @param payload the command bytes (copied; may be empty, never null)
 */
public record LogEntry(long term, long index, byte[] payload) {

    public LogEntry {
        Check.argument(term >= 1, "log entry term must be >= 1, was %d", term);
        Check.argument(index >= 1, "log entry index must be >= 1, was %d", index);
        Check.argument(payload != null, "log entry payload must not be null (index %d)", index);
        payload = payload.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload's size without copying it. */
    public int payloadSizeBytes() {
        return payload.length;
    }

    /** Package-internal access to the payload without a copy; callers must not modify it. */
    byte[] payloadShared() {
        return payload;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogEntry entry && term == entry.term && index == entry.index
                && Arrays.equals(payload, entry.payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(term) + Long.hashCode(index)) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogEntry[term=" + term + ", index=" + index + ", payload=" + payload.length
                + " bytes]";
    }
}
