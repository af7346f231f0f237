package io.detsim.raft.storage;

import io.detsim.sim.seam.NodeDisk;
import java.util.ArrayDeque;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The index and term of the last purged entry of a {@link SegmentedLog}, saved in the two-slot
 * file {@value LogRecovery#MARKER_FILE}, and the purged segment files that may be deleted once
 * the marker that covers them is durable (deleting first could leave a log whose start nobody
 * knows).
 */
final class PurgeMarker {
    /** A purged segment whose file may go once marker version {@code version} is durable. */
    private record PurgedFile(Segment segment, long version) {}

    private final NodeDisk disk;
    private SlotFile file;
    private long index;
    private long term;
    private long version;
    private long versionWritten;
    private long versionDurable;
    private final ArrayDeque<PurgedFile> purgedFiles = new ArrayDeque<>();

    /** {@code file} is null until the first purge creates it. */
    PurgeMarker(NodeDisk disk, SlotFile file, long index, long term) {
        this.disk = disk;
        this.file = file;
        this.index = index;
        this.term = term;
    }

    /** The last purged index (0 for a log never purged). */
    long index() { return index; }

    long term() { return term; }

    /** {@code segment} left the log at its start: the marker moves past its last entry. */
    void purge(Segment segment) {
        Check.argument(segment.firstIndex == index + 1, "purging %s, but the marker is at %d",
                segment.fileName, index);
        index = segment.lastIndex();
        term = segment.lastTerm();
        segment.markDropped();
        purgedFiles.addLast(new PurgedFile(segment, ++version));
    }

    /** Whether the marker changed since it was last written. */
    boolean writeNeeded() { return version > versionWritten; }

    /**
     * Writes the marker to its next slot; the caller then {@link #issueSync syncs} it and issues
     * no other marker write before that sync completed.
     */
    void issueWrite() {
        if (file == null) {
            file = SlotFile.open(disk, LogRecovery.MARKER_FILE, LogRecovery.MARKER_PAYLOAD_BYTES);
        }
        byte[] payload = new byte[LogRecovery.MARKER_PAYLOAD_BYTES];
        Bytes<byte[]> bytes = Buffers.writing(payload);
        bytes.writeLong(index);
        bytes.writeLong(term);
        file.write(payload);
        versionWritten = version;
    }

    /** Syncs the marker; {@code done} runs once the last written version is durable. */
    void issueSync(Runnable done) {
        long written = versionWritten;
        file.sync(() -> {
            versionDurable = Math.max(versionDurable, written);
            done.run();
        });
    }

    /** Deletes the purged files that a durable marker covers. */
    void deleteCoveredFiles() {
        while (!purgedFiles.isEmpty() && purgedFiles.peekFirst().version() <= versionDurable) {
            Segment segment = purgedFiles.pollFirst().segment();
            if (segment.hasFile()) {
                disk.delete(segment.fileName);
            }
        }
    }
}
