package io.detsim.sim.disk;

import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.fault.Probability;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.DiskFile;
import java.util.Arrays;

/** Small helpers shared by the disk tests: profiles, byte patterns, whole-file reads. */
final class DiskTesting {
    private DiskTesting() {}

    /**
     * A disk with no corruption and the given crash semantics and sector size. Sync latency varies
     * so that completions have distinct due times.
     */
    static DiskProfile crashOnly(int sectorSizeBytes, double lost, double torn) {
        return new DiskProfile(sectorSizeBytes, 1L << 30, 50_000, 500_000, Probability.NEVER, 0,
                new Probability(lost), new Probability(torn), Probability.NEVER, Probability.NEVER,
                Probability.NEVER, Probability.NEVER, false);
    }

    /** Syncs whose latency varies a lot: every sync is slow by a random extra delay. */
    static DiskProfile slowSyncs() {
        return new DiskProfile(512, 1L << 30, 10, 1_000, Probability.ALWAYS, 10_000_000,
                Probability.ALWAYS, Probability.NEVER, Probability.NEVER, Probability.NEVER,
                Probability.NEVER, Probability.NEVER, false);
    }

    static SimDisk disk(DiskProfile profile, long seed, boolean corruptible, FakeDiskHost host) {
        return new SimDisk(profile, RandomStream.root(seed).fork("disk"), corruptible, host);
    }

    /** {@code length} bytes, each {@code (first + i) mod 256}: positions are easy to tell apart. */
    static byte[] pattern(int length, int first) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (first + i);
        }
        return data;
    }

    static byte[] filled(int length, int value) {
        byte[] data = new byte[length];
        Arrays.fill(data, (byte) value);
        return data;
    }

    static void write(DiskFile file, long offsetBytes, byte[] data) {
        file.write(offsetBytes, data, 0, data.length);
    }

    /** The whole file as reads see it (page cache included). */
    static byte[] readAll(DiskFile file) {
        byte[] contents = new byte[(int) file.sizeBytes()];
        int readBytes = file.read(0, contents, 0, contents.length);
        if (readBytes != contents.length) {
            throw new AssertionError("read " + readBytes + " of " + contents.length + " bytes");
        }
        return contents;
    }

    static byte[] read(DiskFile file, long offsetBytes, int length) {
        byte[] target = new byte[length];
        int readBytes = file.read(offsetBytes, target, 0, length);
        return Arrays.copyOf(target, readBytes);
    }
}
