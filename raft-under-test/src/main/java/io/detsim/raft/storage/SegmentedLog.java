package io.detsim.raft.storage;

import io.detsim.sim.seam.NodeDisk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A Raft log (§5.3) in segment files on a {@link NodeDisk}: {@code log-<firstIndex>.seg}, 20
 * digits, a new one once the current one would grow past {@link LogConfig#segmentSizeBytesMax}.
 * Records are framed and checksummed by {@link RecordCodec}; an in-memory index (index to segment,
 * offset and term) serves {@link #termAt} without I/O and {@link #read} without scanning.
 *
 * <p><b>Durability.</b> {@link #append} and {@link #truncateSuffix} change the log at once (reads
 * see the change) but make nothing durable: {@link #sync} does, and runs its callback once
 * everything changed before it is durable. Sync writes the segments one after another, each
 * write followed by its file's sync, and never writes a file while an earlier write or truncate
 * of it is not yet durable. That costs a little latency but keeps one promise that recovery
 * relies on: after any crash, only the last write of the last segment can be incomplete. With
 * writes in flight on several files (or several on one), a crash could keep a later write and lose
 * an earlier one, which looks exactly like corrupted synced data.
 *
 * <p><b>Reading.</b> The tail of the log stays decoded in memory ({@link EntryCache}, sized by
 * {@link LogConfig#entryCacheBytesMax}); older entries are read back from the segments and their
 * checksums verified.
 *
 * <p><b>Purging.</b> {@link #purgePrefix} drops whole segments (never the last one) and keeps the
 * index and term of the last dropped entry in a marker file written with two alternating slots;
 * the dropped files are deleted only once the marker is durable.
 *
 * <p>Single-threaded: call it from one thread, the one the disk runs sync callbacks on.
 */
public final class SegmentedLog {
    private static final long PUMP_ITERATIONS_MAX = 100_000_000L;
    private static final int READ_SCRATCH_BYTES_MAX = 1 << 20;

    /** A sync callback and the flush pass whose end it waits for. */
    private record Waiter(long passNumber, Runnable onDurable) {}

    /**
     * One flush: the segments dirty when it started, each brought to disk in index order. Work
     * that arrives during a pass waits for the next one, so a pass always ends.
     */
    private static final class Pass {
        final long number;
        final List<Segment> targets;
        long coveredLastIndex;
        int cursor;
        boolean wroteCurrent;

        Pass(long number, List<Segment> targets, long coveredLastIndex) {
            this.number = number;
            this.targets = targets;
            this.coveredLastIndex = coveredLastIndex;
        }
    }

    private final NodeDisk disk;
    private final LogConfig config;
    private final RecordCodec codec = new RecordCodec();
    private final EntryCache cache;
    /** Reused for reads from the segments; see {@link #readerFor}. */
    private RecordCodec.Reader readScratch;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    /**
     * The last segment (it takes the appends), or null when there is none: most lookups are for
     * the tail, and a TreeMap lookup boxes its key and allocates the entry it returns.
     */
    private Segment tail;
    private final RecoveryReport report;
    private final PurgeMarker marker;
    private long durableIndex;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private Pass pass;
    private long passesStarted;
    private long passesCompleted;
    private boolean stepInFlight;
    private boolean pumping;
    private boolean pumpAgain;

    private SegmentedLog(NodeDisk disk, LogConfig config, LogRecovery.Result recovered) {
        this.disk = disk;
        this.config = config;
        this.report = recovered.report();
        this.marker = new PurgeMarker(disk, recovered.marker(), recovered.baseIndex(),
                recovered.baseTerm());
        for (Segment segment : recovered.segments()) {
            segments.put(segment.firstIndex, segment);
            tail = segment;
        }
        // Recovered bytes may have been in a page cache only: durable once the first sync is done.
        this.durableIndex = marker.index();
        this.cache = new EntryCache(config.entryCacheBytesMax(), lastIndex() + 1);
    }

    /**
     * Opens the log on {@code disk}, recovering whatever is there (see {@link #recoveryReport}):
     * a torn tail is cut off, and the log stops before any corruption.
     */
    public static SegmentedLog open(NodeDisk disk, LogConfig config) {
        Check.argument(disk != null, "disk must not be null");
        Check.argument(config != null, "config must not be null");
        return new SegmentedLog(disk, config, LogRecovery.run(disk));
    }

    /**
     * What {@link #open} would find on {@code disk}, without changing anything there (recovery
     * cuts torn tails and corrupt stretches away; look first when the damage must be recorded
     * elsewhere before its evidence is gone).
     */
    public static RecoveryReport inspect(NodeDisk disk) {
        Check.argument(disk != null, "disk must not be null");
        return LogRecovery.inspect(disk);
    }

    /** What {@link #open} found. */
    public RecoveryReport recoveryReport() { return report; }

    /** The first index held; {@code lastIndex() + 1} when the log is empty. */
    public long firstIndex() { return marker.index() + 1; }

    /** The last index held, or the purge marker's index (0 for a new log) when empty. */
    public long lastIndex() {
        return tail == null ? marker.index() : tail.lastIndex();
    }

    /** The term of {@link #lastIndex()} (0 for a new log). */
    public long lastTerm() {
        return tail == null ? marker.term() : tail.lastTerm();
    }

    /** The highest index known durable: a sync that covered it has completed. */
    public long durableIndex() { return durableIndex; }

    /** The term of {@code index}, for {@code firstIndex() - 1 <= index <= lastIndex()}. */
    public long termAt(long index) {
        if (index == marker.index()) {
            return marker.term();
        }
        Check.argument(index > marker.index(), "termAt(%d): purged, first index is %d", index,
                firstIndex());
        long last = lastIndex();
        Check.argument(index <= last, "termAt(%d): past the last index %d", index, last);
        return segmentHolding(index).termAt(index);
    }

    /** The segment holding {@code index}, which the log holds. */
    private Segment segmentHolding(long index) {
        return index >= tail.firstIndex ? tail : segments.floorEntry(index).getValue();
    }

    /**
     * Appends {@code entries}, which must continue the log: the first at {@code lastIndex() + 1},
     * the rest contiguous, terms never falling (§5.3). All or nothing: a bad batch changes nothing.
     */
    public void append(List<LogEntry> entries) {
        Check.argument(entries != null, "entries must not be null");
        long expected = lastIndex() + 1;
        long term = lastTerm();
        for (LogEntry entry : entries) {
            Check.argument(entry != null, "entries must not contain null (index %d)", expected);
            Check.argument(entry.index() == expected,
                    "append: index %d does not continue the log, expected %d", entry.index(),
                    expected);
            Check.argument(entry.term() >= term, "append: term %d at index %d is below term %d",
                    entry.term(), entry.index(), term);
            expected++;
            term = entry.term();
        }
        for (LogEntry entry : entries) {
            long sizeBytes = RecordCodec.recordSizeBytes(entry.payloadSizeBytes());
            Segment segment = tail;
            if (segment == null
                    || segment.sizeBytes() + sizeBytes > config.segmentSizeBytesMax()) {
                segment = Segment.fresh(entry.index());
                segments.put(segment.firstIndex, segment);
                tail = segment;
            }
            segment.append(codec, entry);
            cache.appended(entry);
        }
    }

    /**
     * Entries {@code fromIndex..toIndexInclusive} in order, stopping before the payloads would
     * exceed {@code maxBytes} but always including the first when the range is not empty.
     * {@code fromIndex == toIndexInclusive + 1} is the empty range.
     *
     * @throws StorageCorruptionException when a record read back fails its checksum
     */
    public List<LogEntry> read(long fromIndex, long toIndexInclusive, long maxBytes) {
        Check.argument(fromIndex > marker.index(), "read from %d: purged, first index is %d",
                fromIndex, firstIndex());
        long last = lastIndex();
        Check.argument(toIndexInclusive <= last, "read to %d: past the last index %d",
                toIndexInclusive, last);
        Check.argument(fromIndex <= toIndexInclusive + 1, "read: range %d..%d runs backwards",
                fromIndex, toIndexInclusive);
        Check.argument(maxBytes >= 0, "read: maxBytes must be >= 0, was %d", maxBytes);
        List<LogEntry> result = new ArrayList<>();
        // The cache holds a suffix of the log: what comes before it is read from the segments.
        long cachedFrom = Math.max(fromIndex, cache.firstIndex());
        long usedBytes = 0;
        if (fromIndex < cachedFrom) {
            long diskTo = Math.min(toIndexInclusive, cachedFrom - 1);
            usedBytes = readFromSegments(result, fromIndex, diskTo, maxBytes);
            if (result.size() < diskTo - fromIndex + 1) {
                return result; // the byte budget ran out on disk
            }
        }
        for (long index = cachedFrom; index <= toIndexInclusive; index++) {
            LogEntry entry = cache.get(index);
            long payloadBytes = entry.payloadSizeBytes();
            if (index > fromIndex && usedBytes + payloadBytes > maxBytes) {
                break;
            }
            usedBytes += payloadBytes;
            result.add(entry);
        }
        return result;
    }

    /**
     * Decodes entries {@code fromIndex..toIndexInclusive} from the segments into {@code result}
     * within the byte budget of {@link #read}, and returns the payload bytes taken.
     */
    private long readFromSegments(List<LogEntry> result, long fromIndex, long toIndexInclusive,
            long maxBytes) {
        long usedBytes = 0;
        long index = fromIndex;
        while (index <= toIndexInclusive) {
            Segment segment = segmentHolding(index);
            long end = Math.min(toIndexInclusive, segment.lastIndex());
            long next = index;
            while (next <= end) {
                long payloadBytes = segment.recordSizeBytes(next) - RecordCodec.HEADER_BYTES;
                if (next > fromIndex && usedBytes + payloadBytes > maxBytes) {
                    break;
                }
                usedBytes += payloadBytes;
                next++;
            }
            if (next == index) {
                break;
            }
            decodeInto(result, segment, index, next - 1);
            if (next <= end) {
                break;
            }
            index = next;
        }
        return usedBytes;
    }

    /**
     * Drops every entry from {@code fromIndex} on (§5.3: a follower drops a conflicting suffix).
     * Segments entirely at or after it are deleted at once; the cut in the segment that holds it
     * is durable after the next {@link #sync}. {@code fromIndex == lastIndex() + 1} does nothing.
     */
    public void truncateSuffix(long fromIndex) {
        Check.argument(fromIndex > marker.index(),
                "truncateSuffix(%d): entries up to %d are purged", fromIndex, marker.index());
        Check.argument(fromIndex <= lastIndex() + 1,
                "truncateSuffix(%d): past the end, last index is %d", fromIndex, lastIndex());
        while (!segments.isEmpty()) {
            Segment last = segments.lastEntry().getValue();
            if (last.firstIndex >= fromIndex) {
                segments.pollLastEntry();
                Map.Entry<Long, Segment> before = segments.lastEntry();
                tail = before == null ? null : before.getValue();
                last.markDropped();
                if (last.hasFile()) {
                    disk.delete(last.fileName);
                }
                continue;
            }
            if (last.lastIndex() >= fromIndex) {
                last.truncateFrom(fromIndex);
            }
            break;
        }
        cache.truncatedFrom(fromIndex);
        durableIndex = Math.min(durableIndex, fromIndex - 1);
        if (pass != null) {
            pass.coveredLastIndex = Math.min(pass.coveredLastIndex, fromIndex - 1);
        }
    }

    /**
     * Drops whole segments whose entries are all at or below {@code upToIndexInclusive}, never the
     * last segment (§7: once a snapshot covers them). The index and term of the last dropped entry
     * stay known ({@code termAt(firstIndex() - 1)}); files go once that marker is durable, which
     * the next {@link #sync} ensures. May drop nothing.
     */
    public void purgePrefix(long upToIndexInclusive) {
        Check.argument(upToIndexInclusive <= lastIndex(),
                "purgePrefix(%d): past the last index %d", upToIndexInclusive, lastIndex());
        while (segments.size() >= 2 && segments.firstEntry().getValue().lastIndex()
                <= upToIndexInclusive) {
            marker.purge(segments.pollFirstEntry().getValue());
        }
        cache.purgedThrough(marker.index());
    }

    /**
     * Makes everything appended, truncated and purged so far durable, then runs
     * {@code onDurable} (on the thread that completes the disk's syncs; at once when nothing
     * needed writing). Callbacks run in the order their syncs were asked for. A crash first means
     * it never runs.
     */
    public void sync(Runnable onDurable) {
        Check.argument(onDurable != null, "onDurable must not be null");
        long passNumber = pass != null ? pass.number + 1 : passesStarted + 1;
        waiters.addLast(new Waiter(passNumber, onDurable));
        pump();
    }

    // ---- the flush pipeline ----

    private void pump() {
        if (pumping) {
            pumpAgain = true; // a callback re-entered; the loop below picks the work up
            return;
        }
        pumping = true;
        try {
            for (long iteration = 0; ; iteration++) {
                Check.state(iteration < PUMP_ITERATIONS_MAX, "flush made no progress in %d steps",
                        iteration);
                pumpAgain = false;
                runSatisfiedWaiters();
                if (stepInFlight) {
                    if (pumpAgain) {
                        continue;
                    }
                    return;
                }
                if (pass == null) {
                    if (waiters.isEmpty()) {
                        return;
                    }
                    startPass();
                }
                if (!issueNextStep()) {
                    durableIndex = Math.max(durableIndex, pass.coveredLastIndex);
                    passesCompleted = pass.number;
                    pass = null;
                }
            }
        } finally {
            pumping = false;
        }
    }

    private void runSatisfiedWaiters() {
        while (!waiters.isEmpty() && waiters.peekFirst().passNumber() <= passesCompleted) {
            waiters.pollFirst().onDurable().run();
        }
    }

    private void startPass() {
        List<Segment> targets = new ArrayList<>();
        for (Segment segment : segments.values()) {
            if (segment.dirty()) {
                targets.add(segment);
            }
        }
        pass = new Pass(++passesStarted, targets, lastIndex());
    }

    /** Issues the pass's next write or sync; false when the pass has nothing left to do. */
    private boolean issueNextStep() {
        if (marker.writeNeeded()) {
            // Before any segment write: a later segment on disk with neither the purged files
            // complete nor the marker durable would look like a gap.
            marker.issueWrite();
            awaitSync(marker::issueSync);
            return true;
        }
        marker.deleteCoveredFiles();
        while (pass.cursor < pass.targets.size()) {
            Segment segment = pass.targets.get(pass.cursor);
            if (segment.dropped()) {
                nextTarget();
            } else if (segment.hasUnsyncedOps()) {
                awaitSync(segment::issueSync);
                return true;
            } else if (!pass.wroteCurrent && segment.hasBufferedBytes()) {
                segment.issueWrite(disk);
                pass.wroteCurrent = true;
                awaitSync(segment::issueSync);
                return true;
            } else {
                nextTarget();
            }
        }
        return false;
    }

    /**
     * Issues a sync whose completion ends the current step. The step counts as in flight before
     * the call, because a disk that syncs synchronously completes it inside the call.
     */
    private void awaitSync(Consumer<Runnable> issueSync) {
        stepInFlight = true;
        try {
            issueSync.accept(this::stepDone);
        } catch (RuntimeException e) {
            stepInFlight = false; // the sync never started; the next sync() retries the step
            throw e;
        }
    }

    private void nextTarget() {
        pass.cursor++;
        pass.wroteCurrent = false;
    }

    private void stepDone() {
        stepInFlight = false;
        pump();
    }

    // ---- reading ----

    private void decodeInto(List<LogEntry> result, Segment segment, long fromIndex,
            long toIndex) {
        long sizeBytes = segment.recordsSizeBytes(fromIndex, toIndex);
        Check.state(sizeBytes <= Integer.MAX_VALUE, "read of %d bytes", sizeBytes);
        RecordCodec.Reader reader = readerFor((int) sizeBytes);
        byte[] data = reader.data();
        segment.readRecords(fromIndex, toIndex, data);
        int pos = 0;
        for (long index = fromIndex; index <= toIndex; index++) {
            RecordCodec.Verdict verdict = reader.check(pos);
            if (verdict != RecordCodec.Verdict.VALID || reader.index(pos) != index
                    || reader.term(pos) != segment.termAt(index)) {
                throw new StorageCorruptionException("segment " + segment.fileName + " index "
                        + index + " at offset " + segment.offsetOf(index) + " read back corrupt ("
                        + verdict + ")");
            }
            result.add(reader.entry(pos));
            pos += reader.sizeBytes(pos);
        }
    }

    /**
     * A reader over an array of at least {@code sizeBytes}, limited to them: the scratch array
     * for reads up to {@value #READ_SCRATCH_BYTES_MAX} bytes (reused, so that a read allocates
     * neither the array nor its Chronicle view), a fresh one for larger reads.
     */
    private RecordCodec.Reader readerFor(int sizeBytes) {
        if (sizeBytes > READ_SCRATCH_BYTES_MAX) {
            return new RecordCodec.Reader(new byte[sizeBytes], sizeBytes);
        }
        if (readScratch == null || readScratch.data().length < sizeBytes) {
            int capacity = Math.min(READ_SCRATCH_BYTES_MAX, Math.max(4096, 2 * sizeBytes));
            readScratch = new RecordCodec.Reader(new byte[capacity], capacity);
        }
        return readScratch.limitedTo(sizeBytes);
    }

    // ---- for tests: where an entry lives ----

    String fileNameOf(long index) {
        Check.argument(index > marker.index() && index <= lastIndex(), "no index %d", index);
        return segments.floorEntry(index).getValue().fileName;
    }

    long fileOffsetOf(long index) {
        Check.argument(index > marker.index() && index <= lastIndex(), "no index %d", index);
        return segments.floorEntry(index).getValue().offsetOf(index);
    }

    List<String> segmentFileNames() {
        List<String> names = new ArrayList<>();
        for (Segment segment : segments.values()) {
            names.add(segment.fileName);
        }
        return names;
    }
}
