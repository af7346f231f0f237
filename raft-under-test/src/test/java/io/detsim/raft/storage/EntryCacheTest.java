package io.detsim.raft.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.fault.DiskProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-memory tail of the log: what it holds as the log changes, that reads through it equal
 * reads from the files, and where it departs from them (a corrupted record it still holds).
 */
class EntryCacheTest {
    private static final long ENTRY_BYTES = 30 + EntryCache.ENTRY_OVERHEAD_BYTES;

    @Test
    void holdsTheNewestEntriesWithinItsBudget() {
        EntryCache cache = new EntryCache(3 * ENTRY_BYTES, 1);
        assertFalse(cache.holds(1));
        for (LogEntry entry : Entries.range(1, 5, 1, 30)) {
            cache.appended(entry);
        }
        assertEquals(3, cache.firstIndex());
        assertEquals(5, cache.lastIndex());
        assertFalse(cache.holds(2));
        assertEquals(Entries.entry(4, 1, 30), cache.get(4));
        assertThrows(IllegalArgumentException.class, () -> cache.get(6));
        assertThrows(IllegalArgumentException.class,
                () -> cache.appended(Entries.entry(7, 1, 30)), "must continue the log");
    }

    @Test
    void followsTruncationsAndPurges() {
        EntryCache cache = new EntryCache(1 << 20, 1);
        for (LogEntry entry : Entries.range(1, 200, 1, 30)) { // grows its ring a few times
            cache.appended(entry);
        }
        cache.truncatedFrom(150);
        assertEquals(149, cache.lastIndex());
        cache.appended(Entries.entry(150, 2, 30));
        assertEquals(Entries.entry(150, 2, 30), cache.get(150));
        cache.purgedThrough(100);
        assertEquals(101, cache.firstIndex());
        cache.truncatedFrom(50); // below the cache: nothing left, the next append is index 50
        assertFalse(cache.holds(101));
        assertEquals(50, cache.firstIndex());
        cache.appended(Entries.entry(50, 3, 30));
        assertTrue(cache.holds(50));
    }

    @Test
    void zeroBytesHoldsNothing() {
        EntryCache cache = new EntryCache(0, 1);
        cache.appended(Entries.entry(1, 1, 0));
        assertFalse(cache.holds(1));
        assertEquals(2, cache.firstIndex());
    }

    @Test
    void readsMixCacheAndSegments_asIfAllCameFromTheFiles() {
        SimDiskLogStorageTest.SimBackend cached = backend();
        SimDiskLogStorageTest.SimBackend uncached = backend();
        // Ten entries of the cache's budget: the older ones of 40 come from the segments.
        SegmentedLog withCache = SegmentedLog.open(cached.disk,
                new LogConfig(300, 10 * ENTRY_BYTES));
        SegmentedLog withoutCache = SegmentedLog.open(uncached.disk, new LogConfig(300, 0));
        List<LogEntry> entries = Entries.range(1, 40, 1, 30);
        for (SegmentedLog log : List.of(withCache, withoutCache)) {
            log.append(entries);
            log.truncateSuffix(36);
            log.append(Entries.range(36, 40, 2, 30));
            log.purgePrefix(12);
        }
        LogStorageContractTest.syncAndSettle(withCache, cached);
        LogStorageContractTest.syncAndSettle(withoutCache, uncached);
        for (long from = withCache.firstIndex(); from <= 40; from++) {
            for (long to = from - 1; to <= 40; to++) {
                for (long maxBytes : new long[] {0, 59, 60, 200, Long.MAX_VALUE}) {
                    assertEquals(withoutCache.read(from, to, maxBytes),
                            withCache.read(from, to, maxBytes),
                            "read " + from + ".." + to + " within " + maxBytes);
                }
            }
        }
        assertSame(withCache.read(40, 40, 0).getFirst(), withCache.read(40, 40, 0).getFirst(),
                "the tail is served from memory, not decoded again");
    }

    @Test
    void aCachedEntryIsServedFromMemory_evenWhenItsRecordIsCorrupted() {
        // The trade the cache makes: damage to a record it holds goes unseen until the record is
        // read from disk again (here after a restart, whose recovery stops before it).
        SimDiskLogStorageTest.SimBackend backend = backend();
        SegmentedLog log = SegmentedLog.open(backend.disk, new LogConfig(300));
        List<LogEntry> entries = Entries.range(1, 9, 1, 30);
        log.append(entries);
        LogStorageContractTest.syncAndSettle(log, backend);
        LogStorageContractTest.flipBit(backend, log.fileNameOf(8), log.fileOffsetOf(8) + 40, 0);
        assertEquals(entries, log.read(1, 9, Long.MAX_VALUE));
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk, new LogConfig(300));
        assertEquals(7, reopened.lastIndex(), reopened.recoveryReport().toString());

        SimDiskLogStorageTest.SimBackend uncachedBackend = backend();
        SegmentedLog uncached = SegmentedLog.open(uncachedBackend.disk, new LogConfig(300, 0));
        uncached.append(entries);
        LogStorageContractTest.syncAndSettle(uncached, uncachedBackend);
        LogStorageContractTest.flipBit(uncachedBackend, uncached.fileNameOf(8),
                uncached.fileOffsetOf(8) + 40, 0);
        assertThrows(StorageCorruptionException.class, () -> uncached.read(8, 8, 100));
    }

    private static SimDiskLogStorageTest.SimBackend backend() {
        return new SimDiskLogStorageTest.SimBackend(DiskProfile.reliable(), 1, false);
    }
}
