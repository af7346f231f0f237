package io.detsim.raft.storage;

/**
 * The decoded entries of a log's tail, in memory, so that a leader replicating to several
 * followers and a node applying what just committed neither read the segment files nor decode
 * records again. Real Raft implementations keep such a tail too (etcd's unstable log, TiKV's entry
 * cache). Entries are immutable, so the cache hands out the very objects that were appended.
 *
 * <p>It always ends at the log's last index: the log reports every append, truncation and purge,
 * and the cache drops its oldest entries once their footprint passes {@code bytesMax} (0 keeps
 * nothing). A fresh or recovered log starts with an empty cache; older entries come from disk.
 *
 * <p>Serving an entry from memory skips the disk read, and with it any read fault a simulated disk
 * would have injected there: corruption is then found when the entry is next read from disk (a
 * lagging follower, a restart), as in the implementations named above.
 */
final class EntryCache {
    /** Counted per entry besides its payload: the object, its array, the slot here. */
    static final long ENTRY_OVERHEAD_BYTES = 64;

    private final long bytesMax;
    private LogEntry[] ring = new LogEntry[64];
    /** Slot of {@link #firstIndex} in the ring. */
    private int head;
    private int count;
    /** Index of the oldest cached entry; when empty, the index the next append must have. */
    private long firstIndex;
    private long bytes;

    EntryCache(long bytesMax, long nextIndex) {
        Check.argument(bytesMax >= 0, "entry cache bytesMax must be >= 0, was %d", bytesMax);
        this.bytesMax = bytesMax;
        this.firstIndex = nextIndex;
    }

    /** The oldest index held; past {@link #lastIndex()} when empty. */
    long firstIndex() { return firstIndex; }

    long lastIndex() { return firstIndex + count - 1; }

    boolean holds(long index) {
        return index >= firstIndex && index < firstIndex + count;
    }

    LogEntry get(long index) {
        Check.argument(holds(index), "entry cache holds %d..%d, not %d", firstIndex, lastIndex(),
                index);
        return ring[slot(index - firstIndex)];
    }

    /** The log appended {@code entry} at its end. */
    void appended(LogEntry entry) {
        Check.argument(entry.index() == firstIndex + count,
                "entry cache expects index %d next, got %d", firstIndex + count, entry.index());
        if (count == ring.length) {
            grow();
        }
        ring[slot(count)] = entry;
        count++;
        bytes += footprint(entry);
        while (count > 0 && bytes > bytesMax) {
            dropOldest();
        }
    }

    /** The log dropped every entry from {@code index} on. */
    void truncatedFrom(long index) {
        while (count > 0 && lastIndex() >= index) {
            int last = slot(count - 1);
            bytes -= footprint(ring[last]);
            ring[last] = null;
            count--;
        }
        if (count == 0) {
            firstIndex = index;
        }
    }

    /** The log purged every entry up to {@code index}. */
    void purgedThrough(long index) {
        while (count > 0 && firstIndex <= index) {
            dropOldest();
        }
    }

    private void dropOldest() {
        bytes -= footprint(ring[head]);
        ring[head] = null;
        head = (head + 1) % ring.length;
        count--;
        firstIndex++;
    }

    private void grow() {
        LogEntry[] bigger = new LogEntry[ring.length * 2];
        for (int i = 0; i < count; i++) {
            bigger[i] = ring[slot(i)];
        }
        ring = bigger;
        head = 0;
    }

    private int slot(long offset) {
        return (int) ((head + offset) % ring.length);
    }

    private static long footprint(LogEntry entry) {
        return entry.payloadSizeBytes() + ENTRY_OVERHEAD_BYTES;
    }
}
