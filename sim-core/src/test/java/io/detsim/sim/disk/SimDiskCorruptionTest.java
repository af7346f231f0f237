package io.detsim.sim.disk;

import static io.detsim.sim.disk.DiskTesting.disk;
import static io.detsim.sim.disk.DiskTesting.filled;
import static io.detsim.sim.disk.DiskTesting.pattern;
import static io.detsim.sim.disk.DiskTesting.read;
import static io.detsim.sim.disk.DiskTesting.readAll;
import static io.detsim.sim.disk.DiskTesting.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.disk.DiskFault.Kind;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.DiskFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Corruption faults of {@link SimDisk}: bit flips, latent sector errors and misdirected writes,
 * each at probability 1 so that every write or read triggers it; and their absence on a disk that
 * is not corruptible.
 */
class SimDiskCorruptionTest {
    private static final int SECTOR_BYTES = 512;

    private final FakeDiskHost host = new FakeDiskHost();

    @Test
    void latentReadError_readFailsUntilSectorRewritten() {
        DiskProfile profile = DiskProfile.reliable().withCorruption(0, 0, 1, 0);
        int sectorCount = 8;
        int seedsWhereOldSectorCleared = 0;
        for (long seed = 0; seed < 40; seed++) {
            FakeDiskHost seedHost = new FakeDiskHost();
            SimDisk disk = disk(profile, seed, true, seedHost);
            DiskFile file = disk.open("log");
            write(file, 0, pattern(sectorCount * SECTOR_BYTES, 0));
            long badSector = onlyLatentSector(disk.faults(), "seed " + seed);
            assertOnlyUnreadableSector(file, sectorCount, badSector, "seed " + seed);
            DiskException.ReadError error = assertThrows(DiskException.ReadError.class,
                    () -> file.read(0, new byte[sectorCount * SECTOR_BYTES], 0,
                            sectorCount * SECTOR_BYTES));
            assertTrue(error.getMessage().contains("sector " + badSector), error.getMessage());

            // Rewrite the bad sector and its neighbours. The rewrite itself draws a new bad sector
            // (probability 1), so the old one must be readable unless the draw picked it again.
            long firstSector = Math.max(0, badSector - 1);
            long lastSector = Math.min(sectorCount - 1, badSector + 1);
            int rewriteBytes = (int) (lastSector - firstSector + 1) * SECTOR_BYTES;
            write(file, firstSector * SECTOR_BYTES, filled(rewriteBytes, 0x42));
            List<DiskFault> faults = disk.faults();
            long newBadSector = onlyLatentSector(faults.subList(1, faults.size()), "seed " + seed
                    + " rewrite");
            assertTrue(newBadSector >= firstSector && newBadSector <= lastSector, "seed " + seed);
            assertOnlyUnreadableSector(file, sectorCount, newBadSector, "seed " + seed
                    + " after rewrite");
            if (newBadSector != badSector) {
                seedsWhereOldSectorCleared++;
            }
        }
        assertTrue(seedsWhereOldSectorCleared > 0, "no seed exercised clearing a rewritten sector");
    }

    @Test
    void latentReadError_survivesCrash() {
        SimDisk disk = disk(DiskProfile.reliable().withCorruption(0, 0, 1, 0), 15, true, host);
        DiskFile file = disk.open("log");
        write(file, 0, pattern(4 * SECTOR_BYTES, 0));
        file.sync(() -> {});
        host.completeAll();
        long badSector = onlyLatentSector(disk.faults(), "before crash");

        disk.crash();

        assertOnlyUnreadableSector(file, 4, badSector,
                "a bad sector is physical and outlives a crash");
    }

    @Test
    void corruptionFaults_neverFireOnIncorruptibleDisk() {
        DiskProfile everything = DiskProfile.reliable().withCorruption(1, 1, 1, 1);
        SimDisk disk = disk(everything, 16, false, host);
        DiskFile file = disk.open("log");
        byte[] first = pattern(3000, 7);
        byte[] second = pattern(100, 200);

        write(file, 0, first);
        write(file, 5000, second);
        file.sync(() -> {});
        host.completeAll();

        byte[] expected = new byte[5100];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, 5000, second.length);
        assertArrayEquals(expected, readAll(file));
        assertArrayEquals(expected, disk.durableContents("log"));
        assertTrue(disk.faults().isEmpty(), disk.faults().toString());
        assertTrue(host.faultsFired().isEmpty());
        // The same profile does corrupt a corruptible disk: the silence above means something.
        FakeDiskHost otherHost = new FakeDiskHost();
        SimDisk corruptible = disk(everything, 16, true, otherHost);
        write(corruptible.open("log"), 0, first);
        assertFalse(corruptible.faults().isEmpty());
    }

    @Test
    void bitFlipOnWrite_changesExactlyOneBitAndIsRecorded() {
        DiskProfile profile = DiskProfile.reliable().withCorruption(1, 0, 0, 0);
        for (long seed = 0; seed < 50; seed++) {
            FakeDiskHost seedHost = new FakeDiskHost();
            SimDisk disk = disk(profile, seed, true, seedHost);
            DiskFile file = disk.open("log");
            RandomStream random = RandomStream.root(seed).fork("test");
            int length = 1 + random.nextInt(2000);
            long offsetBytes = random.nextLong(0, 3000);
            byte[] source = new byte[length];
            for (int i = 0; i < length; i++) {
                source[i] = (byte) random.nextInt(256);
            }
            byte[] sourceCopy = source.clone();

            write(file, offsetBytes, source);

            assertArrayEquals(sourceCopy, source, "seed " + seed
                    + ": the caller's buffer must not change");
            byte[] stored = read(file, offsetBytes, length);
            int flippedBits = 0;
            int flippedIndex = -1;
            for (int i = 0; i < length; i++) {
                int diff = (stored[i] ^ source[i]) & 0xFF;
                if (diff != 0) {
                    flippedBits += Integer.bitCount(diff);
                    flippedIndex = i;
                }
            }
            assertEquals(1, flippedBits, "seed " + seed);
            long flippedAtBytes = offsetBytes + flippedIndex;
            DiskFault expected = new DiskFault(Kind.BIT_FLIP_ON_WRITE, "log", flippedAtBytes, 1, 0);
            assertEquals(List.of(expected), disk.faults(), "seed " + seed);
            file.sync(() -> {});
            seedHost.completeAll();
            byte[] durable = disk.durableContents("log");
            int from = (int) offsetBytes;
            assertArrayEquals(stored, Arrays.copyOfRange(durable, from, from + length),
                    "seed " + seed + ": the flipped bit is what becomes durable");
        }
    }

    @Test
    void bitFlipOnRead_corruptsOnlyTheCopyRead() {
        SimDisk disk = disk(DiskProfile.reliable().withCorruption(0, 1, 0, 0), 17, true, host);
        DiskFile file = disk.open("log");
        byte[] data = pattern(800, 0);
        write(file, 0, data);

        byte[] first = readAll(file);

        int flippedBits = 0;
        for (int i = 0; i < data.length; i++) {
            flippedBits += Integer.bitCount((first[i] ^ data[i]) & 0xFF);
        }
        assertEquals(1, flippedBits);
        assertEquals(Kind.BIT_FLIP_ON_READ, disk.faults().get(0).kind());
        file.sync(() -> {});
        host.completeAll();
        assertArrayEquals(data, disk.durableContents("log"),
                "a read flip never reaches the medium");
    }

    @Test
    void misdirectedWrite_recordedAndIntendedRangeUnchanged() {
        DiskProfile profile = DiskProfile.reliable().withCorruption(0, 0, 0, 1);
        int oldBytes = 16 * SECTOR_BYTES;
        long intendedOffset = 8 * SECTOR_BYTES + 40;
        byte[] data = pattern(100, 0x80);
        for (long seed = 0; seed < 30; seed++) {
            FakeDiskHost seedHost = new FakeDiskHost();
            // Lays down the old image; that write is misdirected too, which does not matter: the
            // test compares against whatever image it left.
            SimDisk disk = disk(profile, seed, true, seedHost);
            DiskFile file = disk.open("log");
            write(file, 0, filled(oldBytes, 0x11));
            assertTrue(file.sizeBytes() >= intendedOffset + data.length, "seed " + seed);
            byte[] before = readAll(file);
            int faultsBefore = disk.faults().size();

            write(file, intendedOffset, data);

            byte[] after = readAll(file);
            int from = (int) intendedOffset;
            int to = from + data.length;
            assertArrayEquals(Arrays.copyOfRange(before, from, to), Arrays.copyOfRange(after, from,
                    to),
                    "seed " + seed + ": the intended range must keep its old bytes");
            DiskFault expected = new DiskFault(Kind.MISDIRECTED_WRITE, "log", intendedOffset,
                    data.length, 0);
            assertEquals(expected, disk.faults().get(faultsBefore), "seed " + seed);
            List<Long> landings = landingOffsets(before, after, data);
            assertEquals(1, landings.size(),
                    "seed " + seed
                            + ": the data must land whole in one other place, all else unchanged");
            DiskFault landing = disk.faults().get(faultsBefore + 1);
            assertEquals(Kind.MISDIRECTED_LANDING, landing.kind(), "seed " + seed);
            assertEquals(landings.get(0), landing.offsetBytes(),
                    "seed " + seed + ": the landing fault must name where the data went");
        }
    }

    // ---- helpers ----

    /** Every offset at which writing {@code data} into {@code before} gives {@code after}. */
    private static List<Long> landingOffsets(byte[] before, byte[] after, byte[] data) {
        List<Long> offsets = new ArrayList<>();
        for (int at = 0; at + data.length <= after.length; at++) {
            if (!Arrays.equals(after, at, at + data.length, data, 0, data.length)) {
                continue; // cheap rejection before building the whole expected image
            }
            byte[] expected = Arrays.copyOf(before, Math.max(before.length, at + data.length));
            System.arraycopy(data, 0, expected, at, data.length);
            if (Arrays.equals(expected, after)) {
                offsets.add((long) at);
            }
        }
        return offsets;
    }

    private static long onlyLatentSector(List<DiskFault> faults, String context) {
        assertEquals(1, faults.size(), context + ": " + faults);
        DiskFault fault = faults.get(0);
        assertEquals(Kind.LATENT_SECTOR_ERROR, fault.kind(), context);
        assertEquals(SECTOR_BYTES, fault.lengthBytes(), context);
        assertEquals(0, fault.offsetBytes() % SECTOR_BYTES, context
                + ": a latent error covers a whole sector");
        return fault.offsetBytes() / SECTOR_BYTES;
    }

    private static void assertOnlyUnreadableSector(DiskFile file, int sectorCount, long badSector,
            String context) {
        for (int sector = 0; sector < sectorCount; sector++) {
            int at = sector * SECTOR_BYTES;
            if (sector == badSector) {
                assertThrows(DiskException.ReadError.class, () -> file.read(at, new byte[1], 0, 1),
                        context + ": sector " + sector);
            } else {
                assertEquals(SECTOR_BYTES, file.read(at, new byte[SECTOR_BYTES], 0, SECTOR_BYTES),
                        context + ": sector " + sector);
            }
        }
    }
}
