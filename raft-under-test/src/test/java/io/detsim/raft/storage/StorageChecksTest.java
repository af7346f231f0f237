package io.detsim.raft.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.disk.SimDisk;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.random.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The always-on preconditions of the storage API, and the value types' rules. */
class StorageChecksTest {

    private static SegmentedLog newLog() {
        SimDisk disk = new SimDisk(DiskProfile.reliable(), RandomStream.root(1).fork("disk"), false,
                new ManualDiskHost());
        return SegmentedLog.open(disk, new LogConfig(300));
    }

    private static void assertRejected(String messagePart, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(messagePart),
                "expected '" + messagePart + "' in: " + e.getMessage());
    }

    @Test
    void append_mustContinueTheLog_withTermsNeverFalling() {
        SegmentedLog log = newLog();
        log.append(Entries.range(1, 3, 2, 10));
        assertRejected("expected 4", () -> log.append(Entries.range(5, 6, 2, 10)));
        assertRejected("expected 4", () -> log.append(Entries.range(3, 4, 2, 10)));
        assertRejected("below term 2", () -> log.append(Entries.range(4, 4, 1, 10)));
        List<LogEntry> gapInside = List.of(Entries.entry(4, 2, 1), Entries.entry(6, 2, 1));
        assertRejected("expected 5", () -> log.append(gapInside));
        List<LogEntry> fallInside = List.of(Entries.entry(4, 3, 1), Entries.entry(5, 2, 1));
        assertRejected("below term 3", () -> log.append(fallInside));
        assertEquals(3, log.lastIndex(), "a rejected batch changes nothing");
        log.append(List.of());
        assertEquals(3, log.lastIndex());
    }

    @Test
    void readTruncatePurgeTermAt_checkTheirRanges() {
        SegmentedLog log = newLog();
        log.append(Entries.range(1, 12, 1, 30));
        assertRejected("past the last index 12", () -> log.read(1, 13, 100));
        assertRejected("runs backwards", () -> log.read(5, 3, 100));
        assertRejected("maxBytes must be >= 0", () -> log.read(1, 2, -1));
        assertRejected("past the end", () -> log.truncateSuffix(14));
        assertRejected("past the last index", () -> log.termAt(13));
        assertRejected("past the last index", () -> log.purgePrefix(13));
        log.purgePrefix(7); // segment 1..5 goes, 6..10 holds 8
        assertEquals(6, log.firstIndex());
        assertRejected("purged", () -> log.read(5, 6, 100));
        assertRejected("purged", () -> log.termAt(4));
        assertRejected("purged", () -> log.truncateSuffix(5));
        assertRejected("onDurable must not be null", () -> log.sync(null));
        assertEquals(1, log.termAt(5));
    }

    @Test
    void logConfig_namesTheFieldItRejects() {
        assertRejected("log.segmentSizeBytesMax", () -> new LogConfig(10));
        assertRejected("log.segmentSizeBytesMax", () -> new LogConfig(1L << 40));
        assertRejected("log.entryCacheBytesMax", () -> new LogConfig(300, -1));
        assertEquals(8L << 20, LogConfig.defaults().segmentSizeBytesMax());
        assertEquals(1L << 20, LogConfig.defaults().entryCacheBytesMax());
    }

    @Test
    void logEntry_isAnImmutableValue() {
        byte[] payload = {1, 2, 3};
        LogEntry entry = new LogEntry(2, 7, payload);
        payload[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, entry.payload(), "copied in");
        entry.payload()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, entry.payload(), "copied out");
        assertEquals(new LogEntry(2, 7, new byte[] {1, 2, 3}), entry);
        assertEquals(new LogEntry(2, 7, new byte[] {1, 2, 3}).hashCode(), entry.hashCode());
        assertNotEquals(new LogEntry(2, 7, new byte[] {1, 2, 4}), entry);
        assertNotEquals(new LogEntry(3, 7, new byte[] {1, 2, 3}), entry);
        assertRejected("term must be >= 1", () -> new LogEntry(0, 1, new byte[0]));
        assertRejected("index must be >= 1", () -> new LogEntry(1, 0, new byte[0]));
        assertRejected("must not be null", () -> new LogEntry(1, 1, null));
    }

    @Test
    void hardState_followsTheVotingRules() {
        SimDisk disk = new SimDisk(DiskProfile.reliable(), RandomStream.root(1).fork("disk"), false,
                new ManualDiskHost());
        HardStateStore store = HardStateStore.open(disk);
        store.save(new HardState(5, 1), () -> { });
        assertRejected("already voted for 1", () -> store.save(new HardState(5, 2), () -> { }));
        assertRejected("must not fall", () -> store.save(new HardState(4, -1), () -> { }));
        store.save(new HardState(5, 1), () -> { });
        store.save(new HardState(6, HardState.NO_VOTE), () -> { });
        store.save(new HardState(6, 3), () -> { });
        assertEquals(new HardState(6, 3), store.current());
        assertRejected("term must be >= 0", () -> new HardState(-1, 1));
        assertRejected("votedFor must be >= -1", () -> new HardState(1, -2));
    }

    @Test
    void segmentNames_areZeroPaddedAndParsedBack() {
        assertEquals("log-00000000000000000042.seg", Segment.fileName(42));
        assertEquals(42, Segment.parseFileName("log-00000000000000000042.seg"));
        assertEquals(-1, Segment.parseFileName("log-0000000000000000004x.seg"));
        assertEquals(-1, Segment.parseFileName("log-42.seg"));
        assertEquals(-1, Segment.parseFileName(LogRecovery.MARKER_FILE));
        assertEquals(-1, Segment.parseFileName(HardStateStore.FILE_NAME));
    }
}
