package io.detsim.raft.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.seam.DiskFile;
import io.detsim.sim.seam.NodeDisk;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The storage contract, run on every backend (DESIGN.md: "the same crash-recovery tests run on
 * both"). A subclass supplies the disk and says what a crash and a torn write mean there.
 */
abstract class LogStorageContractTest {
    /**
     * Five 54-byte records (30-byte payloads) per segment; no entry cache, so that reads exercise
     * the files (EntryCacheTest and the crash property test cover the cache).
     */
    static final LogConfig SMALL = new LogConfig(300, 0);

    /** One node's disk across restarts. */
    interface Backend {
        NodeDisk disk();

        /** Completes every sync the disk has pending (nothing to do where syncs are immediate). */
        void settle();

        /** The process dies and comes back: what was not synced is gone. */
        void restart();

        /**
         * Called after writes the node asked to sync, before (on a simulated disk) the sync
         * completed: dies leaving the last segment file torn as this backend can be (variant
         * picks how), then comes back.
         */
        void tearTailAndRestart(int variant);

        /** How many tear variants to try, and how many of them must leave a torn tail. */
        int tearAttempts();

        int tornAttemptsMin();
    }

    /** A fresh, empty disk; {@code seed} varies the backend's randomness, if it has any. */
    abstract Backend newBackend(long seed);

    // ---- the log ----

    @Test
    void appendReadTermAt_acrossSegments() {
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
        assertEquals(1, log.firstIndex());
        assertEquals(0, log.lastIndex());
        assertEquals(0, log.lastTerm());
        assertEquals(0, log.termAt(0));
        List<LogEntry> entries = Entries.concat(Entries.range(1, 9, 1, 30),
                Entries.range(10, 23, 4, 30));
        log.append(entries.subList(0, 7));
        log.append(entries.subList(7, entries.size()));
        assertEquals(23, log.lastIndex());
        assertEquals(4, log.lastTerm());
        assertEquals(1, log.termAt(9));
        assertEquals(4, log.termAt(10));
        assertEquals(List.of("log-00000000000000000001.seg", "log-00000000000000000006.seg",
                "log-00000000000000000011.seg", "log-00000000000000000016.seg",
                "log-00000000000000000021.seg"), log.segmentFileNames());
        // Unsynced entries are read back from memory, synced ones from the files.
        assertEquals(entries, log.read(1, 23, Long.MAX_VALUE));
        syncAndSettle(log, backend);
        assertEquals(23, log.durableIndex());
        assertEquals(entries.subList(4, 17), log.read(5, 17, Long.MAX_VALUE));
        assertEquals(List.of(), log.read(24, 23, 100));
        for (String name : log.segmentFileNames()) {
            assertTrue(backend.disk().exists(name), name);
        }
    }

    @Test
    void read_stopsAtMaxBytes_butReturnsAtLeastOneEntry() {
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
        List<LogEntry> entries = Entries.range(1, 12, 1, 30);
        log.append(entries);
        syncAndSettle(log, backend);
        assertEquals(entries.subList(2, 3), log.read(3, 12, 0));
        assertEquals(entries.subList(2, 3), log.read(3, 12, 59));
        assertEquals(entries.subList(2, 4), log.read(3, 12, 60));
        assertEquals(entries.subList(3, 10), log.read(4, 12, 7 * 30));
    }

    @Test
    void truncateSuffix_acrossSegmentBoundaries_thenAppendAgain() {
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
        List<LogEntry> first = Entries.range(1, 20, 1, 30);
        log.append(first);
        syncAndSettle(log, backend);
        log.truncateSuffix(9); // inside the second segment; the third and fourth go
        assertEquals(8, log.lastIndex());
        assertEquals(8, log.durableIndex(), "the cut is not durable, but 1..8 are");
        assertFalse(backend.disk().exists("log-00000000000000000011.seg"));
        assertFalse(backend.disk().exists("log-00000000000000000016.seg"));
        assertThrows(IllegalArgumentException.class, () -> log.termAt(9));
        List<LogEntry> second = Entries.range(9, 16, 2, 30);
        log.append(second);
        List<LogEntry> expected = Entries.concat(first.subList(0, 8), second);
        assertEquals(expected, log.read(1, 16, Long.MAX_VALUE));
        log.truncateSuffix(11); // exactly a segment's first index: that segment goes whole
        assertEquals(10, log.lastIndex());
        List<LogEntry> third = Entries.range(11, 18, 3, 30);
        log.append(third);
        expected = Entries.concat(expected.subList(0, 10), third);
        syncAndSettle(log, backend);
        assertEquals(18, log.durableIndex());
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk(), SMALL);
        assertTrue(reopened.recoveryReport().clean(), reopened.recoveryReport().toString());
        assertEquals(18, reopened.lastIndex());
        assertEquals(3, reopened.lastTerm());
        assertEquals(2, reopened.termAt(10));
        assertEquals(expected, reopened.read(1, 18, Long.MAX_VALUE));
    }

    @Test
    void purgePrefix_dropsWholeSegments_andKeepsTheBoundaryTerm() {
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
        List<LogEntry> entries = Entries.concat(Entries.range(1, 8, 1, 30),
                Entries.range(9, 20, 2, 30));
        log.append(entries);
        syncAndSettle(log, backend);
        log.purgePrefix(3); // no segment lies wholly at or below 3
        assertEquals(1, log.firstIndex());
        log.purgePrefix(12); // segments 1..5 and 6..10 go; 11..15 holds 13
        assertEquals(11, log.firstIndex());
        assertEquals(2, log.termAt(10));
        assertThrows(IllegalArgumentException.class, () -> log.termAt(9));
        assertThrows(IllegalArgumentException.class, () -> log.read(10, 12, 100));
        assertEquals(entries.subList(10, 20), log.read(11, 20, Long.MAX_VALUE));
        // The files go only once the marker is durable.
        syncAndSettle(log, backend);
        assertFalse(backend.disk().exists("log-00000000000000000001.seg"));
        assertFalse(backend.disk().exists("log-00000000000000000006.seg"));
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk(), SMALL);
        assertTrue(reopened.recoveryReport().clean(), reopened.recoveryReport().toString());
        assertEquals(11, reopened.firstIndex());
        assertEquals(2, reopened.termAt(10));
        assertEquals(entries.subList(10, 20), reopened.read(11, 20, Long.MAX_VALUE));
        reopened.purgePrefix(20); // never the last segment
        assertEquals(16, reopened.firstIndex());
        assertEquals(20, reopened.lastIndex());
        reopened.append(Entries.range(21, 22, 3, 30));
        syncAndSettle(reopened, backend);
        backend.restart();
        SegmentedLog again = SegmentedLog.open(backend.disk(), SMALL);
        assertEquals(16, again.firstIndex());
        assertEquals(2, again.termAt(15));
        assertEquals(22, again.lastIndex());
        assertEquals(entries.subList(15, 20), again.read(16, 20, Long.MAX_VALUE));
    }

    @Test
    void purgeMarkerUnreadable_isReported_butTheEntriesStay() {
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
        List<LogEntry> entries = Entries.range(1, 20, 1, 30);
        log.append(entries);
        log.purgePrefix(10);
        syncAndSettle(log, backend);
        for (int slot = 0; slot < 2; slot++) {
            flipBit(backend, LogRecovery.MARKER_FILE, slot * (long) SlotFile.SLOT_SPACING_BYTES + 3,
                    0);
        }
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk(), SMALL);
        RecoveryReport report = reopened.recoveryReport();
        assertNotNull(report.corruption(), report.toString());
        assertTrue(report.corruption().contains("purge marker unreadable"), report.toString());
        assertEquals(11, reopened.firstIndex());
        assertEquals(0, reopened.termAt(10), "unknown");
        assertEquals(entries.subList(10, 20), reopened.read(11, 20, Long.MAX_VALUE));
    }

    @Test
    void reopenAfterCleanSync_recoversEverything() {
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
        List<LogEntry> entries = Entries.concat(Entries.range(1, 6, 1, 0),
                Entries.range(7, 30, 3, 45));
        log.append(entries);
        int[] callbacks = {0};
        log.sync(() -> callbacks[0]++);
        backend.settle();
        assertEquals(1, callbacks[0]);
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk(), SMALL);
        RecoveryReport report = reopened.recoveryReport();
        assertEquals(new RecoveryReport(30, 0, null), report);
        assertEquals(1, reopened.firstIndex());
        assertEquals(30, reopened.lastIndex());
        assertEquals(3, reopened.lastTerm());
        assertEquals(entries, reopened.read(1, 30, Long.MAX_VALUE));
        assertEquals(0, reopened.durableIndex(), "nothing is known durable before a sync");
        syncAndSettle(reopened, backend);
        assertEquals(30, reopened.durableIndex());
    }

    @Test
    void tornTail_isTruncated_andLaterAppendsWork() {
        LogConfig config = new LogConfig(1024); // eight 124-byte records per segment
        int tornSeen = 0;
        Backend probe = newBackend(0);
        for (int attempt = 0; attempt < probe.tearAttempts(); attempt++) {
            Backend backend = newBackend(100 + attempt);
            SegmentedLog log = SegmentedLog.open(backend.disk(), config);
            List<LogEntry> synced = Entries.range(1, 12, 1, 100);
            log.append(synced);
            syncAndSettle(log, backend);
            List<LogEntry> unsynced = Entries.range(13, 20, 2, 100);
            log.append(unsynced);
            log.sync(() -> { });
            backend.tearTailAndRestart(attempt);
            SegmentedLog reopened = SegmentedLog.open(backend.disk(), config);
            RecoveryReport report = reopened.recoveryReport();
            String context = "attempt " + attempt + ": " + report;
            assertNull(report.corruption(), context);
            long last = reopened.lastIndex();
            assertTrue(last >= 12 && last <= 20, context);
            assertEquals(last, report.entryCount(), context);
            List<LogEntry> all = Entries.concat(synced, unsynced);
            assertEquals(all.subList(0, (int) last), reopened.read(1, last, Long.MAX_VALUE),
                    context);
            if (report.tornTailBytes() > 0) {
                tornSeen++;
            }
            List<LogEntry> more = Entries.range(last + 1, last + 10, 3, 100);
            reopened.append(more);
            syncAndSettle(reopened, backend);
            backend.restart();
            SegmentedLog again = SegmentedLog.open(backend.disk(), config);
            assertTrue(again.recoveryReport().clean(), context + " then " + again.recoveryReport());
            assertEquals(Entries.concat(all.subList(0, (int) last), more),
                    again.read(1, last + 10, Long.MAX_VALUE), context);
        }
        assertTrue(tornSeen >= probe.tornAttemptsMin(), "torn tails seen: " + tornSeen);
    }

    @Test
    void zeroedStretch_isATornTailOnlyWhereALostSectorCouldHaveLeftIt() {
        // Twelve 124-byte records in one segment; record 5 starts at 496, 16 bytes before the
        // first 512-byte boundary. A lost piece of a torn write reads as zeros from where the
        // write began to a sector boundary, or as whole zeroed sectors; other damage is corrupt.
        LogConfig config = new LogConfig(4096);
        long[][] zeroedRanges = {{496, 512}, {512, 1024}, {600, 700}, {512, 600}};
        boolean[] torn = {true, true, false, false};
        for (int variant = 0; variant < zeroedRanges.length; variant++) {
            Backend backend = newBackend(1);
            SegmentedLog log = SegmentedLog.open(backend.disk(), config);
            List<LogEntry> entries = Entries.range(1, 12, 1, 100);
            log.append(entries);
            syncAndSettle(log, backend);
            assertEquals(496, log.fileOffsetOf(5));
            long from = zeroedRanges[variant][0];
            byte[] zeros = new byte[(int) (zeroedRanges[variant][1] - from)];
            DiskFile file = backend.disk().open(log.fileNameOf(5));
            file.write(from, zeros, 0, zeros.length);
            file.sync(() -> { });
            backend.settle();
            backend.restart();
            SegmentedLog reopened = SegmentedLog.open(backend.disk(), config);
            RecoveryReport report = reopened.recoveryReport();
            String context = "zeros " + from + ".." + zeroedRanges[variant][1] + ": " + report;
            assertEquals(4, reopened.lastIndex(), context);
            assertEquals(entries.subList(0, 4), reopened.read(1, 4, Long.MAX_VALUE), context);
            if (torn[variant]) {
                assertEquals(new RecoveryReport(4, 12 * 124 - 496, null), report, context);
            } else {
                assertNotNull(report.corruption(), context);
                assertTrue(report.corruption().contains("checksum mismatch with a valid record"),
                        context);
            }
        }
    }

    @Test
    void bitFlipInSyncedData_withValidRecordsAfterIt_isCorruption_andNeverReturned() {
        // Record layout: length 0..3, term 4..11, index 12..19, crc 20..23, payload 24..
        int[] fieldOffsets = {0, 1, 5, 13, 21, 24 + 3, 24 + 29};
        for (int field : fieldOffsets) {
            Backend backend = newBackend(1);
            SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
            List<LogEntry> entries = Entries.range(1, 20, 1, 30);
            log.append(entries);
            syncAndSettle(log, backend);
            flipBit(backend, log.fileNameOf(17), log.fileOffsetOf(17) + field, 3);
            backend.restart();
            SegmentedLog reopened = SegmentedLog.open(backend.disk(), SMALL);
            RecoveryReport report = reopened.recoveryReport();
            String context = "byte " + field + " of index 17: " + report;
            assertNotNull(report.corruption(), context);
            assertTrue(report.corruption().contains("log-00000000000000000016.seg"), context);
            assertEquals(16, reopened.lastIndex(), context);
            assertEquals(entries.subList(0, 16), reopened.read(1, 16, Long.MAX_VALUE), context);
            assertThrows(IllegalArgumentException.class, () -> reopened.termAt(17));
            // The log goes on from the last good entry, and the damage is gone for good.
            List<LogEntry> replacement = Entries.range(17, 19, 2, 30);
            reopened.append(replacement);
            syncAndSettle(reopened, backend);
            backend.restart();
            SegmentedLog again = SegmentedLog.open(backend.disk(), SMALL);
            assertTrue(again.recoveryReport().clean(), context + " then " + again.recoveryReport());
            assertEquals(Entries.concat(entries.subList(0, 16), replacement),
                    again.read(1, 19, Long.MAX_VALUE), context);
        }
    }

    @Test
    void checksumFailureInANonLastSegment_isCorruption_andLaterSegmentsAreNotApplied() {
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
        List<LogEntry> entries = Entries.range(1, 20, 1, 30);
        log.append(entries);
        syncAndSettle(log, backend);
        // The last record of segment 6..10: nothing after it in that file, but later segments.
        flipBit(backend, log.fileNameOf(10), log.fileOffsetOf(10) + 40, 0);
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk(), SMALL);
        RecoveryReport report = reopened.recoveryReport();
        assertNotNull(report.corruption(), report.toString());
        assertTrue(report.corruption().contains("not the last"), report.toString());
        assertEquals(9, reopened.lastIndex());
        assertEquals(entries.subList(0, 9), reopened.read(1, 9, Long.MAX_VALUE));
        assertEquals(List.of("log-00000000000000000001.seg", "log-00000000000000000006.seg"),
                reopened.segmentFileNames());
    }

    @Test
    void validRecordWithTheWrongIndex_isCorruption() {
        // As a misdirected write leaves it: record 3, intact, where record 8 belongs.
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
        List<LogEntry> entries = Entries.range(1, 9, 1, 30);
        log.append(entries);
        syncAndSettle(log, backend);
        byte[] record = new byte[54];
        DiskFile first = backend.disk().open(log.fileNameOf(3));
        assertEquals(54, first.read(log.fileOffsetOf(3), record, 0, 54));
        DiskFile second = backend.disk().open(log.fileNameOf(8));
        second.write(log.fileOffsetOf(8), record, 0, 54);
        second.sync(() -> { });
        backend.settle();
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk(), SMALL);
        RecoveryReport report = reopened.recoveryReport();
        assertNotNull(report.corruption(), report.toString());
        assertTrue(report.corruption().contains("index 3 where 8 belongs"), report.toString());
        assertEquals(entries.subList(0, 7), reopened.read(1, reopened.lastIndex(), 1 << 20));
    }

    @Test
    void missingSegment_isCorruption_andTheLogStopsBeforeTheGap() {
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
        List<LogEntry> entries = Entries.range(1, 20, 1, 30);
        log.append(entries);
        syncAndSettle(log, backend);
        backend.disk().delete("log-00000000000000000011.seg");
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk(), SMALL);
        RecoveryReport report = reopened.recoveryReport();
        assertNotNull(report.corruption(), report.toString());
        assertTrue(report.corruption().contains("starts at index 16, expected 11"),
                report.toString());
        assertEquals(10, reopened.lastIndex());
        assertEquals(entries.subList(0, 10), reopened.read(1, 10, Long.MAX_VALUE));
        assertFalse(backend.disk().exists("log-00000000000000000016.seg"),
                "nothing after the gap may come back later");
    }

    @Test
    void bitFlipInTheVeryLastRecord_isCorruption_andIsNeverReturned() {
        // A whole last record with a bad checksum and no lost (zeroed) piece was written in full
        // and damaged since: it may be an acknowledged entry, so it is reported, not dropped
        // quietly as a torn tail would be.
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), SMALL);
        List<LogEntry> entries = Entries.range(1, 13, 1, 30);
        log.append(entries);
        syncAndSettle(log, backend);
        flipBit(backend, log.fileNameOf(13), log.fileOffsetOf(13) + 30, 6);
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk(), SMALL);
        RecoveryReport report = reopened.recoveryReport();
        assertNotNull(report.corruption(), report.toString());
        assertTrue(report.corruption().contains("(index 13): checksum mismatch"),
                report.toString());
        assertEquals(12, reopened.lastIndex());
        assertEquals(entries.subList(0, 12), reopened.read(1, 12, Long.MAX_VALUE));
    }

    @Test
    void lastRecordWhoseLastSectorNeverArrived_isATornTail() {
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), LogConfig.defaults());
        List<LogEntry> entries = Entries.range(1, 40, 1, 30);
        // Append until the last record crosses a sector boundary.
        int count = 0;
        long start;
        long end;
        do {
            log.append(entries.subList(count, count + 1));
            syncAndSettle(log, backend);
            count++;
            start = log.fileOffsetOf(count);
            end = backend.disk().open(log.fileNameOf(count)).sizeBytes();
        } while (start / 512 == (end - 1) / 512);
        // A crash that lost the append's second sector leaves zeros from the boundary on.
        long boundary = (end - 1) / 512 * 512;
        DiskFile file = backend.disk().open(log.fileNameOf(count));
        file.write(boundary, new byte[(int) (end - boundary)], 0, (int) (end - boundary));
        file.sync(() -> { });
        backend.settle();
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk(), LogConfig.defaults());
        assertEquals(new RecoveryReport(count - 1, end - start, null),
                reopened.recoveryReport());
        assertEquals(entries.subList(0, count - 1), reopened.read(1, count - 1, Long.MAX_VALUE));
    }

    @Test
    void misdirectedWriteOfTheLastRecord_isCorruption_notATornTail() {
        Backend backend = newBackend(1);
        SegmentedLog log = SegmentedLog.open(backend.disk(), LogConfig.defaults());
        List<LogEntry> entries = Entries.range(1, 12, 1, 30);
        log.append(entries);
        syncAndSettle(log, backend);
        // The write of record 12 landed eight sectors on: zeros where it belongs, the record
        // itself past a gap. A tear loses pieces of a write but never moves one.
        DiskFile file = backend.disk().open(log.fileNameOf(12));
        long at = log.fileOffsetOf(12);
        int length = (int) (file.sizeBytes() - at);
        byte[] record = new byte[length];
        assertEquals(length, file.read(at, record, 0, length));
        file.write(at, new byte[length], 0, length);
        file.write(at + 4096, record, 0, length);
        file.sync(() -> { });
        backend.settle();
        backend.restart();
        SegmentedLog reopened = SegmentedLog.open(backend.disk(), LogConfig.defaults());
        RecoveryReport report = reopened.recoveryReport();
        assertNotNull(report.corruption(), report.toString());
        assertTrue(report.corruption().contains("(index 12)"), report.toString());
        assertEquals(11, reopened.lastIndex());
    }

    // ---- hard state ----

    @Test
    void hardState_survivesATornSecondSlot_andPicksTheNewestValid() {
        Backend backend = newBackend(1);
        HardStateStore store = HardStateStore.open(backend.disk());
        assertEquals(HardState.INITIAL, store.current());
        int[] durable = {0};
        store.save(new HardState(1, HardState.NO_VOTE), () -> durable[0]++);
        store.save(new HardState(1, 2), () -> durable[0]++);
        backend.settle();
        store.save(new HardState(2, HardState.NO_VOTE), () -> durable[0]++);
        store.save(new HardState(3, 1), () -> durable[0]++);
        backend.settle();
        assertEquals(4, durable[0]);
        assertEquals(new HardState(3, 1), store.durable());
        backend.restart();
        HardStateStore reopened = HardStateStore.open(backend.disk());
        assertEquals(new HardState(3, 1), reopened.current(), "newest of the two slots");
        // The next save would go to the other slot; tear it as a crash mid-write would.
        reopened.save(new HardState(4, 4), () -> { });
        backend.settle();
        tearSlotOf(backend, reopened);
        backend.restart();
        HardStateStore afterTear = HardStateStore.open(backend.disk());
        assertEquals(new HardState(3, 1), afterTear.current(), "the intact older slot");
        afterTear.save(new HardState(5, 2), () -> { });
        backend.settle();
        backend.restart();
        assertEquals(new HardState(5, 2), HardStateStore.open(backend.disk()).current());
    }

    @Test
    void hardState_bothSlotsDamaged_refusesToGuess() {
        Backend backend = newBackend(1);
        HardStateStore store = HardStateStore.open(backend.disk());
        store.save(new HardState(1, 1), () -> { });
        store.save(new HardState(2, 1), () -> { });
        backend.settle();
        for (int slot = 0; slot < 2; slot++) {
            flipBit(backend, HardStateStore.FILE_NAME,
                    slot * (long) SlotFile.SLOT_SPACING_BYTES + 9, 1);
        }
        backend.restart();
        StorageCorruptionException e = assertThrows(StorageCorruptionException.class,
                () -> HardStateStore.open(backend.disk()));
        assertTrue(e.getMessage().contains("no valid slot"), e.getMessage());
    }

    // ---- helpers ----

    static void syncAndSettle(SegmentedLog log, Backend backend) {
        boolean[] ran = {false};
        log.sync(() -> ran[0] = true);
        backend.settle();
        assertTrue(ran[0], "sync callback ran");
        assertEquals(log.lastIndex(), log.durableIndex());
    }

    /** Flips one bit of synced data, through the disk itself, and makes the damage durable. */
    static void flipBit(Backend backend, String fileName, long offset, int bit) {
        DiskFile file = backend.disk().open(fileName);
        byte[] one = new byte[1];
        assertEquals(1, file.read(offset, one, 0, 1), "byte at " + offset + " of " + fileName);
        one[0] ^= (byte) (1 << bit);
        file.write(offset, one, 0, 1);
        file.sync(() -> { });
        backend.settle();
    }

    /** Overwrites the middle of the slot written by the latest save, as a torn write leaves it. */
    private static void tearSlotOf(Backend backend, HardStateStore store) {
        DiskFile file = backend.disk().open(HardStateStore.FILE_NAME);
        byte[] slot0 = new byte[24];
        byte[] slot1 = new byte[24];
        file.read(0, slot0, 0, 24);
        file.read(SlotFile.SLOT_SPACING_BYTES, slot1, 0, 24);
        // The newer slot has the higher sequence number (little-endian long at its start).
        long seq0 = slot0[0] & 0xff;
        long seq1 = slot1[0] & 0xff;
        long offset = seq0 > seq1 ? 0 : SlotFile.SLOT_SPACING_BYTES;
        byte[] garbage = {0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a};
        file.write(offset + 8, garbage, 0, garbage.length);
        file.sync(() -> { });
        backend.settle();
        assertEquals(new HardState(4, 4), store.current());
    }
}
