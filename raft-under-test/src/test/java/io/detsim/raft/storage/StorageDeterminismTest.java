package io.detsim.raft.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.disk.SimDisk;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.random.RandomStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Storage runs inside simulations: the same seed must leave the same bytes on disk (and a
 * different seed, with these crash semantics, different ones, or the check proves nothing).
 * That no thread starts is {@link StorageNoThreadsTest}'s job.
 */
class StorageDeterminismTest {

    @Test
    void sameSeed_sameBytesOnDisk() {
        List<byte[]> first = workload(42);
        List<byte[]> second = workload(42);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "file " + i);
        }
        List<byte[]> other = workload(43);
        boolean differs = other.size() != first.size();
        for (int i = 0; i < first.size() && !differs; i++) {
            differs = !Arrays.equals(first.get(i), other.get(i));
        }
        assertTrue(differs, "seed 43 wrote exactly what seed 42 wrote");
    }

    /** Appends, truncates, purges, crashes and saves hard state; returns every durable file. */
    private static List<byte[]> workload(long seed) {
        ManualDiskHost host = new ManualDiskHost();
        SimDisk disk = new SimDisk(DiskProfile.defaults().withCrashSemantics(0.3, 0.5),
                RandomStream.root(seed).fork("disk"), false, host);
        LogConfig config = new LogConfig(500);
        SegmentedLog log = SegmentedLog.open(disk, config);
        HardStateStore hardState = HardStateStore.open(disk);
        long term = 1;
        for (int round = 0; round < 30; round++) {
            log.append(Entries.range(log.lastIndex() + 1, log.lastIndex() + 4, term, round * 3));
            log.sync(() -> { });
            hardState.save(new HardState(term, (int) (term % 3)), () -> { });
            if (round % 7 == 3) {
                log.truncateSuffix(log.lastIndex() - 2);
                term++;
            }
            if (round % 9 == 8) {
                log.purgePrefix(log.lastIndex() / 2);
            }
            host.completeNext();
            if (round % 11 == 10) {
                host.dropPending();
                disk.crash();
                log = SegmentedLog.open(disk, config);
                hardState = HardStateStore.open(disk);
                term = Math.max(term, hardState.current().term()) + 1;
            }
        }
        host.completeAll();
        List<byte[]> files = new ArrayList<>();
        for (String name : disk.list()) {
            files.add(name.getBytes(StandardCharsets.US_ASCII));
            files.add(disk.durableContents(name));
        }
        return files;
    }
}
