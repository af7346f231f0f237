package io.detsim.sim.disk;

import static io.detsim.sim.disk.DiskTesting.crashOnly;
import static io.detsim.sim.disk.DiskTesting.disk;
import static io.detsim.sim.disk.DiskTesting.filled;
import static io.detsim.sim.disk.DiskTesting.pattern;
import static io.detsim.sim.disk.DiskTesting.read;
import static io.detsim.sim.disk.DiskTesting.readAll;
import static io.detsim.sim.disk.DiskTesting.slowSyncs;
import static io.detsim.sim.disk.DiskTesting.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.disk.DiskFault.Kind;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.DiskFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scripted behaviour of {@link SimDisk}: page cache, sync, crash, full disk, truncate, files. */
class SimDiskTest {
    private static final int SECTOR_BYTES = 512;

    private final FakeDiskHost host = new FakeDiskHost();

    // ---- page cache and sync ----

    @Test
    void write_visibleToReadBeforeSync() {
        SimDisk disk = disk(DiskProfile.reliable(), 1, false, host);
        DiskFile file = disk.open("log");
        byte[] data = pattern(700, 3);

        write(file, 0, data);

        assertArrayEquals(data, readAll(file), "a read must see the page cache");
        assertEquals(0, disk.durableContents("log").length, "nothing is durable before a sync");
        assertEquals(1, disk.pendingOpCount());
    }

    @Test
    void write_keepsItsOwnCopyOfTheCallersBuffer() {
        SimDisk disk = disk(crashOnly(SECTOR_BYTES, 0, 0), 20, false, host);
        DiskFile file = disk.open("log");
        byte[] buffer = filled(100, 0x11);
        write(file, 0, buffer);

        Arrays.fill(buffer, (byte) 0x22); // the caller reuses its buffer, as a log writer does

        assertArrayEquals(filled(100, 0x11), readAll(file));
        file.sync(() -> {});
        host.completeAll();
        assertArrayEquals(filled(100, 0x11), disk.durableContents("log"));
    }

    @Test
    void sync_makesDurableOnlyWhenItCompletes() {
        SimDisk disk = disk(DiskProfile.reliable(), 2, false, host);
        DiskFile file = disk.open("log");
        byte[] data = pattern(1000, 9);
        write(file, 0, data);
        List<byte[]> durableSeenByCallback = new ArrayList<>();

        file.sync(() -> durableSeenByCallback.add(disk.durableContents("log")));

        assertEquals(0, disk.durableContents("log").length,
                "issuing a sync must not make anything durable");
        assertEquals(1, host.pendingSyncCount());
        assertTrue(host.completeNext());
        assertArrayEquals(data, disk.durableContents("log"));
        assertEquals(1, durableSeenByCallback.size(), "onDurable runs once");
        assertArrayEquals(data, durableSeenByCallback.get(0),
                "onDurable runs after the data is durable");
        assertEquals(0, disk.pendingOpCount());
    }

    @Test
    void writeIssuedAfterSync_notMadeDurableByThatSync() {
        SimDisk disk = disk(DiskProfile.reliable(), 3, false, host);
        DiskFile file = disk.open("log");
        byte[] before = filled(600, 0x11);
        write(file, 0, before);
        file.sync(() -> {});
        write(file, 300, filled(600, 0x22));
        file.truncate(800);

        host.completeNext();

        assertArrayEquals(before, disk.durableContents("log"),
                "the sync covers only the write issued before it, not the later write or truncate");
        assertEquals(2, disk.pendingOpCount());
        assertEquals(800, file.sizeBytes(), "the page cache still shows every operation");
    }

    @Test
    void syncOfOneFile_leavesOtherFilesUnsynced() {
        SimDisk disk = disk(DiskProfile.reliable(), 4, false, host);
        DiskFile log = disk.open("log");
        DiskFile meta = disk.open("meta");
        write(meta, 0, filled(100, 0x33));
        write(log, 0, filled(100, 0x44));

        log.sync(() -> {});
        host.completeAll();

        assertArrayEquals(filled(100, 0x44), disk.durableContents("log"));
        assertEquals(0, disk.durableContents("meta").length, "a sync is per file, like fsync");
        disk.crash();
        assertEquals(0, meta.sizeBytes(), "reliable profile: the unsynced file's write is lost");
        assertEquals(100, log.sizeBytes());
    }

    @Test
    void syncs_completeInIssueOrder() {
        // Each sync gets a random slow-I/O delay of up to 10ms: latencies alone would reorder them.
        SimDisk disk = disk(slowSyncs(), 5, false, host);
        DiskFile file = disk.open("log");
        List<Integer> completedSyncs = new ArrayList<>();
        int syncCount = 50;
        for (int i = 0; i < syncCount; i++) {
            int syncIndex = i;
            write(file, i, new byte[] {(byte) i});
            file.sync(() -> completedSyncs.add(syncIndex));
            host.advanceNanos(100);
        }

        host.completeAll();

        List<Integer> issueOrder = new ArrayList<>();
        for (int i = 0; i < syncCount; i++) {
            issueOrder.add(i);
        }
        assertEquals(issueOrder, completedSyncs);
        List<Long> dueNanos = host.dueNanosIssued();
        for (int i = 1; i < dueNanos.size(); i++) {
            assertTrue(dueNanos.get(i) >= dueNanos.get(i - 1),
                    "sync " + i + " due at " + dueNanos.get(i) + " before sync " + (i - 1) + " at "
                            + dueNanos.get(i - 1));
        }
    }

    @Test
    void zeroLengthWritePastEnd_doesNotGrowFile() {
        SimDisk disk = disk(crashOnly(SECTOR_BYTES, 0, 0), 19, false, host);
        DiskFile file = disk.open("log");
        write(file, 0, filled(10, 0x11));

        file.write(100, new byte[0], 0, 0);

        // As with pwrite(2) or FileChannel.write of zero bytes: nothing written, nothing grown.
        assertEquals(10, file.sizeBytes());
        disk.setFull(true);
        file.write(5000, new byte[0], 0, 0); // writes no byte, so needs no room
        disk.setFull(false);
        file.sync(() -> {});
        host.completeAll();
        disk.crash();
        assertArrayEquals(filled(10, 0x11), readAll(file));
    }

    // ---- crash ----

    @Test
    void crashWithEveryUnsyncedWriteLost_keepsExactlySyncedData() {
        SimDisk disk = disk(DiskProfile.reliable(), 6, false, host);
        DiskFile file = disk.open("log");
        byte[] synced = pattern(1000, 1);
        write(file, 0, synced);
        file.sync(() -> {});
        host.completeAll();
        write(file, 500, filled(1000, 0x55));
        write(file, 2000, filled(10, 0x66));
        file.sync(() -> {}); // issued, never completed: still unsynced at the crash

        int pendingAtCrash = disk.crash();

        assertEquals(2, pendingAtCrash);
        assertArrayEquals(synced, readAll(file));
        assertArrayEquals(synced, disk.durableContents("log"));
        assertEquals(0, disk.pendingOpCount());
        List<DiskFault> lost = disk.faults();
        assertEquals(List.of(Kind.LOST_WRITE, Kind.LOST_WRITE),
                lost.stream().map(DiskFault::kind).toList());
        assertEquals(500, lost.get(0).offsetBytes());
        assertEquals(1000, lost.get(0).lengthBytes());
        assertEquals(2000, lost.get(1).offsetBytes());
        assertEquals(lost, host.faultsFired(), "every fault is reported to the host as it fires");
    }

    @Test
    void crashWithNothingLostOrTorn_keepsEveryOperation() {
        SimDisk disk = disk(crashOnly(SECTOR_BYTES, 0, 0), 7, false, host);
        DiskFile file = disk.open("log");
        write(file, 0, pattern(1000, 1));
        file.sync(() -> {});
        host.completeAll();
        write(file, 500, filled(1000, 0x55));
        file.truncate(1200);
        write(file, 1500, filled(10, 0x66));
        byte[] cacheBeforeCrash = readAll(file);

        int pendingAtCrash = disk.crash();

        assertEquals(3, pendingAtCrash);
        assertArrayEquals(cacheBeforeCrash, readAll(file));
        assertArrayEquals(cacheBeforeCrash, disk.durableContents("log"));
        assertTrue(disk.faults().isEmpty(), "keeping a write is not a fault: " + disk.faults());
    }

    @Test
    void syncCompletingAfterCrash_makesNothingDurable() {
        SimDisk disk = disk(DiskProfile.reliable(), 8, false, host);
        DiskFile file = disk.open("log");
        write(file, 0, filled(100, 0x11));
        file.sync(() -> {});
        disk.crash();
        write(file, 0, filled(50, 0x22)); // written by the next incarnation, not yet synced

        assertTrue(host.completeNext(), "the pre-crash sync completes late");

        assertEquals(0, disk.durableContents("log").length,
                "a sync issued before the crash must not make anything durable after it");
        assertEquals(1, disk.pendingOpCount(), "the new incarnation's write is still pending");
        file.sync(() -> {});
        host.completeNext();
        assertArrayEquals(filled(50, 0x22), disk.durableContents("log"));
    }

    @Test
    void tornWrite_eachSectorKeptWholeOrNotAtAll() {
        int sectorCount = 8;
        boolean sawKeptSector = false;
        boolean sawDroppedSector = false;
        for (long seed = 0; seed < 40; seed++) {
            FakeDiskHost seedHost = new FakeDiskHost();
            SimDisk disk = disk(crashOnly(SECTOR_BYTES, 0, 1), seed, false, seedHost);
            DiskFile file = disk.open("log");
            byte[] old = filled(sectorCount * SECTOR_BYTES, 0x11);
            write(file, 0, old);
            file.sync(() -> {});
            seedHost.completeAll();
            // Starts mid-sector, so the first and last pieces are partial sectors.
            int offsetBytes = SECTOR_BYTES / 2;
            byte[] fresh = filled((sectorCount - 1) * SECTOR_BYTES, 0x22);
            write(file, offsetBytes, fresh);

            disk.crash();

            byte[] after = readAll(file);
            assertEquals(old.length, after.length, "seed " + seed);
            for (int sector = 0; sector < sectorCount; sector++) {
                int from = Math.max(sector * SECTOR_BYTES, offsetBytes);
                int to = Math.min((sector + 1) * SECTOR_BYTES, offsetBytes + fresh.length);
                byte[] piece = Arrays.copyOfRange(after, from, to);
                boolean kept = Arrays.equals(piece, filled(to - from, 0x22));
                boolean dropped = Arrays.equals(piece, filled(to - from, 0x11));
                assertTrue(kept || dropped, "seed " + seed + ": sector " + sector
                        + " half written");
                sawKeptSector |= kept;
                sawDroppedSector |= dropped;
            }
            assertEquals(0x11, after[0], "seed " + seed + ": bytes before the write never change");
            assertEquals(List.of(Kind.TORN_WRITE),
                    disk.faults().stream().map(DiskFault::kind).toList());
        }
        assertTrue(sawKeptSector && sawDroppedSector,
                "tearing must keep some sectors and drop others");
    }

    // ---- full disk ----

    @Test
    void capacityReached_growingWriteFailsFullButOverwriteWorks() {
        long capacityBytes = 1000;
        SimDisk disk = disk(DiskProfile.reliable().withCapacityBytes(capacityBytes), 9, false,
                host);
        DiskFile file = disk.open("log");
        write(file, 0, filled(600, 0x11));
        disk.open("meta").write(0, filled(400, 0x22), 0, 400);

        DiskException.Full full = assertThrows(DiskException.Full.class, () -> write(file, 590,
                filled(11, 0x33)));

        assertTrue(full.getMessage().contains("disk full"), full.getMessage());
        assertTrue(full.getMessage().contains(String.valueOf(capacityBytes)), full.getMessage());
        assertEquals(600, file.sizeBytes(), "a failed write changes nothing");
        assertEquals(2, disk.pendingOpCount(), "a failed write leaves no pending operation");
        write(file, 590, filled(10, 0x33));
        assertArrayEquals(filled(10, 0x33), read(file, 590, 10), "an overwrite needs no room");
        assertThrows(DiskException.Full.class, () -> file.truncate(601));
    }

    @Test
    void fullDisk_staysFullAcrossACrash() {
        SimDisk disk = disk(DiskProfile.reliable(), 11, false, host);
        DiskFile file = disk.open("log");
        disk.setFull(true);
        disk.crash();
        assertTrue(disk.isFull(), "a crash does not free a full disk");
        assertThrows(DiskException.Full.class, () -> write(file, 0, filled(1, 0x22)));
    }

    @Test
    void setFull_growingFailsUntilSwitchedOff() {
        SimDisk disk = disk(DiskProfile.reliable(), 10, false, host);
        DiskFile file = disk.open("log");
        write(file, 0, filled(100, 0x11));

        disk.setFull(true);

        assertTrue(disk.isFull());
        DiskException.Full full = assertThrows(DiskException.Full.class, () -> write(file, 100,
                filled(1, 0x22)));
        assertTrue(full.getMessage().contains("disk full"), full.getMessage());
        assertThrows(DiskException.Full.class, () -> file.truncate(101));
        assertThrows(DiskException.Full.class, () -> write(disk.open("other"), 0, filled(1, 0x22)));
        write(file, 50, filled(50, 0x33));
        file.truncate(80);
        assertArrayEquals(filled(30, 0x33), read(file, 50, 100),
                "overwrites and shrinks work when full");
        disk.setFull(false);
        write(file, 80, filled(100, 0x44));
        assertEquals(180, file.sizeBytes());
    }

    // ---- truncate ----

    @Test
    void truncateShrink_visibleAtOnceDurableAfterSync() {
        SimDisk disk = disk(DiskProfile.reliable(), 11, false, host);
        DiskFile file = disk.open("log");
        byte[] data = pattern(1000, 5);
        write(file, 0, data);
        file.sync(() -> {});
        host.completeAll();

        file.truncate(300);

        assertEquals(300, file.sizeBytes());
        assertEquals(300, file.read(0, new byte[1000], 0, 1000), "a read stops at the new end");
        assertArrayEquals(data, disk.durableContents("log"), "the truncate is not durable yet");
        file.sync(() -> {});
        host.completeAll();
        assertArrayEquals(Arrays.copyOf(data, 300), disk.durableContents("log"));
    }

    @Test
    void truncateUnsynced_lostOnCrash_restoresOldSize() {
        SimDisk disk = disk(DiskProfile.reliable(), 12, false, host);
        DiskFile file = disk.open("log");
        byte[] data = pattern(1000, 5);
        write(file, 0, data);
        file.sync(() -> {});
        host.completeAll();
        file.truncate(10);

        disk.crash();

        assertArrayEquals(data, readAll(file));
        assertEquals(Kind.LOST_WRITE, disk.faults().get(0).kind(), "a lost truncate is recorded");
    }

    @Test
    void truncateThenWritePastEnd_gapReadsZerosNotOldBytes() {
        SimDisk disk = disk(crashOnly(SECTOR_BYTES, 0, 0), 13, false, host);
        DiskFile file = disk.open("log");
        write(file, 0, filled(100, 0x7F));
        file.truncate(10);
        write(file, 50, filled(5, 0x01));

        byte[] expected = new byte[55];
        Arrays.fill(expected, 0, 10, (byte) 0x7F);
        Arrays.fill(expected, 50, 55, (byte) 0x01);
        assertArrayEquals(expected, readAll(file), "cut bytes must not come back in the gap");
        file.sync(() -> {});
        host.completeAll();
        assertArrayEquals(expected, disk.durableContents("log"));
        disk.crash();
        assertArrayEquals(expected, readAll(file));
    }

    @Test
    void truncateGrow_extendsWithZeros() {
        SimDisk disk = disk(DiskProfile.reliable(), 14, false, host);
        DiskFile file = disk.open("log");
        write(file, 0, filled(10, 0x7F));

        file.truncate(20);

        byte[] expected = new byte[20];
        Arrays.fill(expected, 0, 10, (byte) 0x7F);
        assertArrayEquals(expected, readAll(file));
        file.sync(() -> {});
        host.completeAll();
        assertArrayEquals(expected, disk.durableContents("log"));
        assertThrows(IllegalArgumentException.class, () -> file.truncate(-1));
    }

    // ---- directory ----

    @Test
    void open_createsOnceAndListIsSorted() {
        SimDisk disk = disk(DiskProfile.reliable(), 18, false, host);
        DiskFile log = disk.open("log");
        write(log, 0, filled(3, 1));
        disk.open("meta");
        disk.open("a");

        assertEquals(List.of("a", "log", "meta"), disk.list());
        assertSame(log, disk.open("log"), "opening again returns the same file");
        assertEquals(3, disk.usedBytes());
        disk.delete("log");
        assertFalse(disk.exists("log"));
        assertEquals(0, disk.open("log").sizeBytes());
        assertThrows(IllegalArgumentException.class, () -> disk.open(""));
    }
}
