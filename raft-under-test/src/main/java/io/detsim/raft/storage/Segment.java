package io.detsim.raft.storage;

import io.detsim.sim.seam.DiskFile;
import io.detsim.sim.seam.NodeDisk;
import java.util.Arrays;
import net.openhft.chronicle.bytes.Bytes;

/**
 * One segment file of a {@link SegmentedLog} and its in-memory index. Records reach the file only
 * when the log's flush issues a write, so that at any time at most one write per file is not yet
 * durable (see SegmentedLog on why); until then they sit in an on-heap buffer that reads serve
 * from.
 *
 * <p>Byte layout: {@code [0, issuedBytes)} is in the file (page cache at least),
 * {@code [issuedBytes, sizeBytes)} in {@link #buffer}.
 */
final class Segment {
    private static final String PREFIX = "log-";
    private static final String SUFFIX = ".seg";
    private static final int INDEX_DIGITS = 20;

    final long firstIndex;
    final String fileName;
    private DiskFile file;
    private long[] offsets;
    private long[] terms;
    private int entryCount;
    private long sizeBytes;
    private long issuedBytes;
    private Bytes<?> buffer;
    /** Writes and truncates issued to the file, and how many of them a completed sync covers. */
    private long opsIssued;
    private long opsSynced;
    /** Set once the segment left the log (truncated away or purged); it takes no more work. */
    private boolean dropped;

    private Segment(long firstIndex, DiskFile file, long[] offsets, long[] terms, int entryCount,
            long sizeBytes) {
        Check.argument(firstIndex >= 1, "segment first index must be >= 1, was %d", firstIndex);
        this.firstIndex = firstIndex;
        this.fileName = fileName(firstIndex);
        this.file = file;
        this.offsets = offsets;
        this.terms = terms;
        this.entryCount = entryCount;
        this.sizeBytes = sizeBytes;
        this.issuedBytes = sizeBytes;
    }

    /** A segment that exists only in memory until its first write. */
    static Segment fresh(long firstIndex) {
        return new Segment(firstIndex, null, new long[16], new long[16], 0, 0);
    }

    /**
     * A segment read back by recovery. Its contents are not known to be durable (a process that
     * died may have left them in the page cache only), so it starts with one unsynced operation.
     */
    static Segment recovered(long firstIndex, DiskFile file, long[] offsets, long[] terms,
            int entryCount, long sizeBytes) {
        Check.argument(entryCount >= 1, "recovered segment %s has no entries", file.name());
        Segment segment = new Segment(firstIndex, file, offsets, terms, entryCount, sizeBytes);
        segment.opsIssued = 1;
        return segment;
    }

    static String fileName(long firstIndex) {
        String digits = Long.toString(firstIndex);
        return PREFIX + "0".repeat(INDEX_DIGITS - digits.length()) + digits + SUFFIX;
    }

    /** The first index a segment file name stands for, or -1 when it is not a segment name. */
    static long parseFileName(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)
                || name.length() != PREFIX.length() + INDEX_DIGITS + SUFFIX.length()) {
            return -1;
        }
        String digits = name.substring(PREFIX.length(), PREFIX.length() + INDEX_DIGITS);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            long index = Long.parseLong(digits);
            return index >= 1 ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- the index ----

    int entryCount() { return entryCount; }

    long lastIndex() { return firstIndex + entryCount - 1; }

    long sizeBytes() { return sizeBytes; }

    boolean contains(long index) { return index >= firstIndex && index <= lastIndex(); }

    long termAt(long index) {
        Check.argument(contains(index), "index %d not in segment %s", index, fileName);
        return terms[(int) (index - firstIndex)];
    }

    long lastTerm() { return terms[entryCount - 1]; }

    long offsetOf(long index) { return offsets[(int) (index - firstIndex)]; }

    long recordSizeBytes(long index) {
        int slot = (int) (index - firstIndex);
        long end = slot + 1 < entryCount ? offsets[slot + 1] : sizeBytes;
        return end - offsets[slot];
    }

    // ---- changes ----

    /** Encodes {@code entry} into the buffer; the caller checked it continues this segment. */
    void append(RecordCodec codec, LogEntry entry) {
        Check.state(!dropped, "segment %s was dropped", fileName);
        Check.argument(entry.index() == firstIndex + entryCount,
                "segment %s expects index %d next, got %d", fileName, firstIndex + entryCount,
                entry.index());
        if (entryCount == offsets.length) {
            offsets = Arrays.copyOf(offsets, entryCount * 2);
            terms = Arrays.copyOf(terms, entryCount * 2);
        }
        Bytes<?> out = buffer();
        long before = out.writePosition();
        codec.encode(out, entry);
        offsets[entryCount] = sizeBytes;
        terms[entryCount] = entry.term();
        entryCount++;
        sizeBytes += out.writePosition() - before;
    }

    /**
     * Drops entries from {@code index} on; at least one entry stays. A cut below what the file
     * holds is issued to the file at once (visible now, durable after a sync); no write may follow
     * it into this file before that sync completes, or a crash could keep the write and lose the
     * truncate, leaving new records in front of stale ones.
     */
    void truncateFrom(long index) {
        Check.argument(index > firstIndex && index <= lastIndex(),
                "segment %s: truncate point %d must be in (%d, %d]", fileName, index, firstIndex,
                lastIndex());
        long cut = offsetOf(index);
        entryCount = (int) (index - firstIndex);
        sizeBytes = cut;
        if (cut >= issuedBytes) {
            buffer().writePosition(cut - issuedBytes);
        } else {
            buffer().clear();
            file.truncate(cut);
            issuedBytes = cut;
            opsIssued++;
        }
    }

    void markDropped() {
        dropped = true;
        buffer = null;
    }

    boolean dropped() { return dropped; }

    // ---- flushing ----

    boolean hasBufferedBytes() { return sizeBytes > issuedBytes; }

    boolean hasUnsyncedOps() { return opsIssued > opsSynced; }

    boolean dirty() { return hasBufferedBytes() || hasUnsyncedOps(); }

    boolean hasFile() { return file != null; }

    /** Hands every buffered byte to the file in one write. */
    void issueWrite(NodeDisk disk) {
        Check.state(hasBufferedBytes(), "segment %s has nothing to write", fileName);
        Check.state(!hasUnsyncedOps(), "segment %s: a write must wait for the sync of earlier ops",
                fileName);
        long length = sizeBytes - issuedBytes;
        Check.state(length <= Integer.MAX_VALUE, "segment %s: %d buffered bytes", fileName, length);
        byte[] data = new byte[(int) length];
        buffer.read(0, data, 0, data.length);
        if (file == null) {
            file = disk.open(fileName);
        }
        file.write(issuedBytes, data, 0, data.length);
        issuedBytes = sizeBytes;
        buffer.clear();
        opsIssued++;
    }

    /** Syncs the file; {@code done} runs once every op issued so far is durable. */
    void issueSync(Runnable done) {
        Check.state(file != null, "segment %s has no file to sync", fileName);
        long covered = opsIssued;
        file.sync(() -> {
            opsSynced = Math.max(opsSynced, covered);
            done.run();
        });
    }

    // ---- reading ----

    /** The stored size of the records {@code [fromIndex, toIndex]}. */
    long recordsSizeBytes(long fromIndex, long toIndex) {
        return offsetOf(toIndex) + recordSizeBytes(toIndex) - offsetOf(fromIndex);
    }

    /**
     * Reads the stored bytes of the records {@code [fromIndex, toIndex]} into the start of
     * {@code data} (at least {@link #recordsSizeBytes} long), from the file and (for records not
     * yet written) the buffer.
     */
    void readRecords(long fromIndex, long toIndex, byte[] data) {
        long start = offsetOf(fromIndex);
        long end = offsetOf(toIndex) + recordSizeBytes(toIndex);
        Check.state(end - start <= data.length, "read of %d bytes into %d", end - start,
                data.length);
        long fileEnd = Math.min(end, issuedBytes);
        if (start < fileEnd) {
            int want = (int) (fileEnd - start);
            int got = 0;
            while (got < want) {
                int count = file.read(start + got, data, got, want - got);
                if (count <= 0) {
                    throw new StorageCorruptionException("segment " + fileName + " ends at "
                            + (start + got) + " bytes, records extend to " + fileEnd);
                }
                got += count;
            }
        }
        if (end > issuedBytes) {
            long from = Math.max(start, issuedBytes);
            buffer.read(from - issuedBytes, data, (int) (from - start), (int) (end - from));
        }
    }

    private Bytes<?> buffer() {
        if (buffer == null) {
            buffer = Buffers.elastic(256);
        }
        return buffer;
    }
}
