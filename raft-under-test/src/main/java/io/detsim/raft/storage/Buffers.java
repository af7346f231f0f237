package io.detsim.raft.storage;

import net.openhft.chronicle.bytes.Bytes;

/**
 * The only place storage creates Chronicle Bytes: on-heap buffers, with Chronicle's per-thread
 * ownership check off (a node may be driven by different worker threads over its life, one at a
 * time).
 *
 * <p>Loading this class also keeps Chronicle from starting its
 * {@code background~resource~releaser} thread, which it otherwise starts as soon as its reference
 * counting loads: node code must start no thread, and on-heap buffers have nothing to release in
 * the background anyway. It sets the system property {@value #RELEASER_PROPERTY} to false unless
 * the user set it; that works only if no Chronicle class was loaded before (by other code in the
 * same JVM), which {@code StorageNoThreadsTest} checks in a fresh JVM.
 */
final class Buffers {
    static final String RELEASER_PROPERTY = "background.releaser";

    static {
        if (System.getProperty(RELEASER_PROPERTY) == null) {
            System.setProperty(RELEASER_PROPERTY, "false");
        }
    }

    private Buffers() {}

    /** A growable on-heap buffer. */
    static Bytes<?> elastic(int initialCapacityBytes) {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(initialCapacityBytes);
        bytes.singleThreadedCheckDisabled(true);
        return bytes;
    }

    /** Reads {@code data} in place (absolute offsets). */
    static Bytes<byte[]> reading(byte[] data) {
        Bytes<byte[]> bytes = Bytes.wrapForRead(data);
        bytes.singleThreadedCheckDisabled(true);
        return bytes;
    }

    /** Writes into {@code data} in place, from offset 0. */
    static Bytes<byte[]> writing(byte[] data) {
        Bytes<byte[]> bytes = Bytes.wrapForWrite(data);
        bytes.singleThreadedCheckDisabled(true);
        return bytes;
    }
}
