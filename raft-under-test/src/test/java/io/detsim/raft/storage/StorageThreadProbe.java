package io.detsim.raft.storage;

import io.detsim.sim.disk.SimDisk;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.NodeDisk;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Run in a fresh JVM by {@link StorageNoThreadsTest}: exercises the storage on both backends and
 * prints the names of the threads that appeared meanwhile.
 */
public final class StorageThreadProbe {
    private StorageThreadProbe() {}

    public static void main(String[] args) {
        Set<String> before = threadNames();
        ManualDiskHost host = new ManualDiskHost();
        SimDisk simDisk = new SimDisk(DiskProfile.defaults(), RandomStream.root(1).fork("disk"),
                false, host);
        exercise(simDisk, host::completeAll);
        try (FileDisk fileDisk = new FileDisk(Path.of(args[0]))) {
            exercise(fileDisk, () -> { });
        }
        Set<String> after = threadNames();
        after.removeAll(before);
        System.out.println("new threads: " + after);
    }

    private static void exercise(NodeDisk disk, Runnable settle) {
        SegmentedLog log = SegmentedLog.open(disk, new LogConfig(300));
        log.append(Entries.range(1, 20, 1, 30));
        log.sync(() -> { });
        settle.run();
        log.truncateSuffix(15);
        log.purgePrefix(7);
        log.sync(() -> { });
        settle.run();
        SegmentedLog.open(disk, new LogConfig(300)).read(6, 14, Long.MAX_VALUE);
        HardStateStore.open(disk).save(new HardState(1, 1), () -> { });
        settle.run();
    }

    private static Set<String> threadNames() {
        Set<String> names = new TreeSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            names.add(thread.getName());
        }
        return names;
    }
}
