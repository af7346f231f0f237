package io.detsim.raft.storage;

/**
 * Stored data failed its checksum or framing where it cannot be a torn write: reading it would
 * apply corrupt data, so the read fails instead.
 */
public final class StorageCorruptionException extends RuntimeException {
    public StorageCorruptionException(String message) {
        super(message);
    }
}
