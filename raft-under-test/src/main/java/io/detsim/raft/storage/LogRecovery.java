package io.detsim.raft.storage;

import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.DiskFile;
import io.detsim.sim.seam.NodeDisk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Rebuilds a {@link SegmentedLog} from its files: the purge marker, then every segment in index
 * order, each record framed, checksummed and checked to continue the log (next index, terms never
 * falling).
 *
 * <p>Telling a torn tail from corruption relies on how the log writes: a segment file receives a
 * write only when every earlier segment and every earlier operation on it is durable, and appends
 * only ever land past the durable end. So after a crash only the last write of the last segment
 * can be incomplete, and the parts of it that were lost read as zeros. A bad record is therefore a
 * torn tail when it is in the last segment and either nothing valid follows it or the stretch up to
 * the next valid record shows a lost piece (zeros up to a sector boundary, or a whole zeroed
 * sector). A bad record anywhere else, a valid record with the wrong index or a falling term, a
 * gap between segments or an unreadable sector is corruption: the log stops before it and the rest
 * is removed, so that nothing at or after it is ever returned.
 */
final class LogRecovery {
    static final String MARKER_FILE = "log-base.meta";
    static final int MARKER_PAYLOAD_BYTES = 16;
    /** The smallest sector a torn write is assumed to be cut at; common sizes are multiples. */
    static final int TORN_BLOCK_BYTES = 512;
    private static final int READ_CHUNK_BYTES = 64 * 1024;

    /** What was rebuilt. */
    record Result(long baseIndex, long baseTerm, SlotFile marker, List<Segment> segments,
            RecoveryReport report) {}

    /** One segment file as scanned. */
    private record Scan(long[] offsets, long[] terms, int entryCount, int goodBytes,
            long fileBytes, String corruption) {}

    private final NodeDisk disk;
    private long baseIndex;
    private long baseTerm;
    private SlotFile marker;
    private final List<Segment> segments = new ArrayList<>();
    private long entryCount;
    private long tornTailBytes;
    private String corruption;
    /** Set at the first problem in the segments: nothing after it is applied. */
    private boolean stopped;

    /** False for {@link #inspect}: read everything, change nothing. */
    private final boolean repair;

    private LogRecovery(NodeDisk disk, boolean repair) {
        this.disk = disk;
        this.repair = repair;
    }

    /**
     * What recovery would find, without changing anything on disk: an owner that must record
     * damage durably before the evidence is cut away looks first, then runs the real recovery.
     */
    static RecoveryReport inspect(NodeDisk disk) {
        LogRecovery recovery = new LogRecovery(disk, false);
        recovery.recover();
        return new RecoveryReport(recovery.entryCount, recovery.tornTailBytes,
                recovery.corruption);
    }

    private void remove(String name) {
        if (repair) {
            disk.delete(name);
        }
    }

    static Result run(NodeDisk disk) {
        LogRecovery recovery = new LogRecovery(disk, true);
        recovery.recover();
        return new Result(recovery.baseIndex, recovery.baseTerm, recovery.marker,
                recovery.segments, new RecoveryReport(recovery.entryCount,
                        recovery.tornTailBytes, recovery.corruption));
    }

    private void recover() {
        List<String> names = new ArrayList<>();
        for (String name : disk.list()) {
            if (Segment.parseFileName(name) > 0) {
                names.add(name); // list() is lexicographic, and zero padding makes it numeric
            }
        }
        loadMarker(names);
        int start = 0;
        // A segment whose successor starts at or below the marker holds only purged entries: the
        // crash came between the marker becoming durable and the deletes.
        while (names.size() - start >= 2
                && Segment.parseFileName(names.get(start + 1)) <= baseIndex + 1) {
            remove(names.get(start));
            start++;
        }
        long expected = baseIndex + 1;
        long prevTerm = baseTerm;
        for (int i = start; i < names.size(); i++) {
            String name = names.get(i);
            long first = Segment.parseFileName(name);
            boolean last = i == names.size() - 1;
            if (stopped) {
                remove(name);
            } else if (first <= baseIndex) {
                recoverPurgedLeftover(name, first);
            } else if (first != expected) {
                stop("segment " + name + " starts at index " + first + ", expected " + expected
                        + " (gap or overlap between segments)");
                remove(name);
            } else {
                Segment segment = recoverSegment(name, first, prevTerm, last);
                if (segment != null) {
                    segments.add(segment);
                    expected = segment.lastIndex() + 1;
                    prevTerm = segment.lastTerm();
                }
            }
        }
    }

    /** Records a problem in the segments; the log ends before it. */
    private void stop(String problem) {
        stopped = true;
        corruption = corruption == null ? problem : corruption + "; " + problem;
    }

    private void loadMarker(List<String> segmentNames) {
        if (!disk.exists(MARKER_FILE)) {
            return;
        }
        marker = SlotFile.open(disk, MARKER_FILE, MARKER_PAYLOAD_BYTES);
        SlotFile.Loaded loaded = marker.loaded();
        if (loaded.corruption() != null) {
            // Without the marker the term of the entry before the first segment is unknown; the
            // entries themselves are still checked one by one.
            baseIndex = segmentNames.isEmpty() ? 0 : Segment.parseFileName(segmentNames.get(0)) - 1;
            baseTerm = 0;
            corruption = "purge marker unreadable (" + loaded.corruption() + "); the term of index "
                    + baseIndex + " is unknown";
            return;
        }
        if (!loaded.empty()) {
            Bytes<byte[]> bytes = Buffers.reading(loaded.payload());
            baseIndex = bytes.readLong(0);
            baseTerm = bytes.readLong(8);
        }
    }

    /** The only file left that starts at or below the marker: purged, unless it straddles it. */
    private void recoverPurgedLeftover(String name, long first) {
        Scan scan = scan(disk.open(name), first, 0, true);
        long lastIndex = first + scan.entryCount() - 1;
        if (lastIndex > baseIndex) {
            stop("segment " + name + " holds indexes " + first + ".." + lastIndex
                    + " across the purge marker at " + baseIndex);
        }
        remove(name);
    }

    private Segment recoverSegment(String name, long first, long prevTerm, boolean last) {
        DiskFile file = disk.open(name);
        Scan scan = scan(file, first, prevTerm, last);
        entryCount += scan.entryCount();
        if (scan.corruption() != null) {
            stop(scan.corruption());
        } else {
            tornTailBytes += scan.fileBytes() - scan.goodBytes();
        }
        if (scan.entryCount() == 0) {
            remove(name);
            return null;
        }
        if (scan.goodBytes() < scan.fileBytes()) {
            if (repair) {
                file.truncate(scan.goodBytes());
            }
        }
        return Segment.recovered(first, file, scan.offsets(), scan.terms(), scan.entryCount(),
                scan.goodBytes());
    }

    private Scan scan(DiskFile file, long firstIndex, long prevTerm, boolean last) {
        long fileBytes = file.sizeBytes();
        if (fileBytes > Integer.MAX_VALUE - 64) {
            return new Scan(new long[0], new long[0], 0, 0, fileBytes,
                    "segment " + file.name() + " is " + fileBytes + " bytes, too large to be ours");
        }
        byte[] data = new byte[(int) fileBytes];
        String readError = null;
        int readable = data.length;
        try {
            readAll(file, data);
        } catch (UnreadableAt e) {
            readable = e.offset;
            readError = e.getMessage();
        }
        RecordCodec.Reader reader = new RecordCodec.Reader(data, readable);
        long[] offsets = new long[16];
        long[] terms = new long[16];
        int count = 0;
        int pos = 0;
        long expected = firstIndex;
        long term = prevTerm;
        String problem = null;
        boolean torn = false;
        while (pos < readable && problem == null && !torn) {
            RecordCodec.Verdict verdict = reader.check(pos);
            if (verdict != RecordCodec.Verdict.VALID) {
                if (readError != null) {
                    break; // the unreadable sector explains it; reported below
                } else if (last && looksTorn(reader, pos, expected, term, verdict)) {
                    torn = true;
                } else {
                    problem = describe(file.name(), pos, expected, verdict, last);
                }
            } else if (reader.index(pos) != expected) {
                problem = "segment " + file.name() + " offset " + pos + ": index "
                        + reader.index(pos) + " where " + expected + " belongs";
            } else if (reader.term(pos) < Math.max(1, term)) {
                problem = "segment " + file.name() + " offset " + pos + " (index " + expected
                        + "): term " + reader.term(pos) + " after term " + term;
            } else {
                if (count == offsets.length) {
                    offsets = Arrays.copyOf(offsets, count * 2);
                    terms = Arrays.copyOf(terms, count * 2);
                }
                offsets[count] = pos;
                terms[count] = reader.term(pos);
                term = terms[count];
                count++;
                expected++;
                pos += reader.sizeBytes(pos);
            }
        }
        if (problem == null && readError != null) {
            problem = "segment " + file.name() + ": " + readError + " (index " + expected + ")";
        }
        return new Scan(offsets, terms, count, pos, fileBytes, problem);
    }

    private static String describe(String name, int pos, long expected,
            RecordCodec.Verdict verdict, boolean last) {
        String what = switch (verdict) {
            case SHORT -> "record runs past the end of the file";
            case BAD_LENGTH -> "impossible record length";
            case BAD_CHECKSUM -> "checksum mismatch";
            case VALID -> throw new IllegalArgumentException("a valid record is no problem");
        };
        return "segment " + name + " offset " + pos + " (index " + expected + "): " + what
                + (last ? " with a valid record after it" : " in a segment that is not the last")
                + ", synced data is corrupt";
    }

    /**
     * A bad record in the last segment is torn when it shows a piece that never reached the disk.
     * A crash tears a write at sector granularity: a lost piece reads as zeros when a later piece
     * survived, and the file ends early (at a sector boundary on a simulated disk, anywhere on a
     * real file system, which may also leave garbage past the last write) when the last pieces
     * were lost. A bad last record that carries our header (the next index, a term that does not
     * fall) and shows none of that (a whole record that fails its checksum, a length field that
     * makes no sense) was written completely and damaged since; it may be an entry this node
     * acknowledged: corruption, not a tail to drop quietly.
     */
    private static boolean looksTorn(RecordCodec.Reader reader, int pos, long expected,
            long term, RecordCodec.Verdict verdict) {
        int next = findValidAfter(reader, pos, expected, term);
        if (next >= 0) {
            // The very record that belongs here, further on: a misdirected write, not a tear
            // (a tear loses pieces of a write, it never moves one).
            return reader.index(next) != expected && showsLostPiece(reader, pos, next);
        }
        int limit = reader.limit();
        boolean ourHeader = pos + RecordCodec.HEADER_BYTES <= limit
                && reader.index(pos) == expected && reader.term(pos) >= Math.max(1, term);
        return !ourHeader || verdict == RecordCodec.Verdict.SHORT
                || limit % TORN_BLOCK_BYTES == 0 || showsLostPiece(reader, pos, limit)
                || zeroTail(reader, pos, limit);
    }

    /** Whether the last, partial sector of {@code [pos, limit)} is all zeros. */
    private static boolean zeroTail(RecordCodec.Reader reader, int pos, int limit) {
        int lastBoundary = Math.max(pos, limit / TORN_BLOCK_BYTES * TORN_BLOCK_BYTES);
        return lastBoundary < limit && reader.zeros(lastBoundary, limit);
    }

    /**
     * The offset of the first valid record after {@code pos} that continues the log (the
     * expected index or a later one), or -1.
     */
    private static int findValidAfter(RecordCodec.Reader reader, int pos, long expected,
            long term) {
        int limit = reader.limit();
        long indexMax = expected + (limit - pos) / RecordCodec.HEADER_BYTES + 1;
        for (int at = pos + 1; at + RecordCodec.HEADER_BYTES <= limit; at++) {
            long index = reader.index(at);
            if (index >= expected && index <= indexMax && reader.term(at) >= Math.max(1, term)
                    && reader.check(at) == RecordCodec.Verdict.VALID) {
                return at;
            }
        }
        return -1;
    }

    /**
     * Whether {@code [pos, next)} shows a piece of a write that never reached the disk: zeros from
     * {@code pos} to the next sector boundary (the first piece lost) or a whole zeroed sector
     * (a later piece lost). A bit flip in synced data leaves neither.
     */
    private static boolean showsLostPiece(RecordCodec.Reader reader, int pos, int next) {
        int boundary = (pos / TORN_BLOCK_BYTES + 1) * TORN_BLOCK_BYTES;
        if (boundary <= next && reader.zeros(pos, boundary)) {
            return true;
        }
        for (int block = boundary; block + TORN_BLOCK_BYTES <= next; block += TORN_BLOCK_BYTES) {
            if (reader.zeros(block, block + TORN_BLOCK_BYTES)) {
                return true;
            }
        }
        return false;
    }

    /** A read error, with the offset of the first unreadable byte. */
    private static final class UnreadableAt extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;

        UnreadableAt(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    /** Reads the whole file; on a read error, narrows it down to the first bad sector. */
    private static void readAll(DiskFile file, byte[] data) throws UnreadableAt {
        for (int chunk = 0; chunk < data.length; chunk += READ_CHUNK_BYTES) {
            int length = Math.min(READ_CHUNK_BYTES, data.length - chunk);
            try {
                readFully(file, chunk, data, length);
            } catch (DiskException.ReadError e) {
                narrow(file, data, chunk, length);
            }
        }
    }

    private static void narrow(DiskFile file, byte[] data, int chunk, int length)
            throws UnreadableAt {
        for (int piece = chunk; piece < chunk + length; piece += TORN_BLOCK_BYTES) {
            try {
                readFully(file, piece, data, Math.min(TORN_BLOCK_BYTES, chunk + length - piece));
            } catch (DiskException.ReadError e) {
                throw new UnreadableAt(piece, "read error: " + e.getMessage());
            }
        }
        throw new UnreadableAt(chunk, "read error in bytes " + chunk + ".." + (chunk + length)
                + " that a retry did not reproduce");
    }

    private static void readFully(DiskFile file, int offset, byte[] data, int length) {
        int got = 0;
        while (got < length) {
            int count = file.read(offset + got, data, offset + got, length - got);
            if (count <= 0) {
                throw new IllegalStateException("file " + file.name() + " shrank while read at "
                        + (offset + got));
            }
            got += count;
        }
    }
}
