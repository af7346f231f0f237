package io.detsim.raft.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.disk.SimDisk;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.NodeDisk;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The storage contract on the simulated disk. A crash here is {@link SimDisk#crash()}: every write
 * not yet synced is torn at sector granularity (each sector kept or lost by the disk's seeded
 * randomness), so the torn-tail test sees real torn writes rather than hand-made ones.
 */
class SimDiskLogStorageTest extends LogStorageContractTest {

    static final class SimBackend implements Backend {
        final ManualDiskHost host = new ManualDiskHost();
        final SimDisk disk;

        SimBackend(DiskProfile profile, long seed, boolean corruptible) {
            disk = new SimDisk(profile, RandomStream.root(seed).fork("disk"), corruptible, host);
        }

        @Override
        public NodeDisk disk() { return disk; }

        @Override
        public void settle() { host.completeAll(); }

        @Override
        public void restart() {
            host.dropPending();
            disk.crash();
        }

        @Override
        public void tearTailAndRestart(int variant) {
            restart(); // the profile tears every unsynced write
        }

        @Override
        public int tearAttempts() { return 12; }

        @Override
        public int tornAttemptsMin() { return 3; }
    }

    @Override
    Backend newBackend(long seed) {
        return new SimBackend(DiskProfile.reliable().withCrashSemantics(0.0, 1.0), seed, false);
    }

    @Test
    void syncCallback_runsOnlyOnceTheDiskSaysDurable_andNeverAfterACrash() {
        SimBackend backend = (SimBackend) newBackend(7);
        SegmentedLog log = SegmentedLog.open(backend.disk, SMALL);
        log.append(Entries.range(1, 12, 1, 30));
        int[] order = new int[3];
        int[] calls = {0};
        log.sync(() -> order[calls[0]++] = 1);
        log.append(Entries.range(13, 14, 1, 30));
        log.sync(() -> order[calls[0]++] = 2);
        assertEquals(0, calls[0], "nothing is durable before the disk completes a sync");
        assertEquals(0, log.durableIndex());
        backend.settle();
        assertEquals(2, calls[0]);
        assertEquals(1, order[0]);
        assertEquals(2, order[1]);
        assertEquals(14, log.durableIndex());
        log.append(Entries.range(15, 16, 1, 30));
        log.sync(() -> calls[0]++);
        backend.restart();
        backend.settle();
        assertEquals(2, calls[0], "a crash voids the pending callback");
    }

    @Test
    void writesReachTheDiskOneFileAtATime() {
        // Recovery's torn-versus-corrupt verdict relies on it: a later segment is written only
        // once every earlier one is durable.
        SimBackend backend = (SimBackend) newBackend(7);
        SegmentedLog log = SegmentedLog.open(backend.disk, SMALL);
        log.append(Entries.range(1, 20, 1, 30)); // four segments
        log.sync(() -> { });
        for (int step = 0; step < 4; step++) {
            assertEquals(1, backend.disk.pendingOpCount(), "step " + step);
            assertEquals(step + 1, backend.disk.list().size(), "step " + step);
            assertTrue(backend.host.completeNext());
        }
        assertEquals(0, backend.disk.pendingOpCount());
        assertEquals(0, backend.host.pendingCount());
        assertEquals(20, log.durableIndex());
    }

    @Test
    void truncateReachesTheDiskBeforeTheWriteThatFollowsIt() {
        SimBackend backend = (SimBackend) newBackend(7);
        SegmentedLog log = SegmentedLog.open(backend.disk, SMALL);
        log.append(Entries.range(1, 4, 1, 30));
        syncAndSettle(log, backend);
        log.truncateSuffix(3);
        log.append(Entries.range(3, 4, 2, 30));
        log.sync(() -> { });
        assertEquals(1, backend.disk.pendingOpCount(), "the truncate, alone, then its sync");
        assertTrue(backend.host.completeNext());
        assertEquals(1, backend.disk.pendingOpCount(), "now the write");
        backend.settle();
        assertEquals(4, log.durableIndex());
    }

    @Test
    void diskFull_failsTheSync_andALaterSyncRetries() {
        SimBackend backend = (SimBackend) newBackend(7);
        SegmentedLog log = SegmentedLog.open(backend.disk, SMALL);
        log.append(Entries.range(1, 3, 1, 30));
        backend.disk.setFull(true);
        int[] calls = {0};
        assertThrows(DiskException.Full.class, () -> log.sync(() -> calls[0]++));
        assertEquals(0, backend.disk.usedBytes(), "nothing reached the disk");
        assertEquals(Entries.range(1, 3, 1, 30), log.read(1, 3, Long.MAX_VALUE));
        backend.disk.setFull(false);
        log.sync(() -> calls[0]++);
        backend.settle();
        assertEquals(2, calls[0], "the failed sync's callback runs once the retry is durable");
        assertEquals(3, log.durableIndex());
        backend.restart();
        assertEquals(3, SegmentedLog.open(backend.disk, SMALL).lastIndex());
    }

    @Test
    void readErrorDuringRecovery_isCorruption() {
        // Every write leaves one unreadable sector somewhere in what it wrote.
        DiskProfile profile = DiskProfile.reliable().withCorruption(0, 0, 1.0, 0);
        SimBackend backend = new SimBackend(profile, 3, true);
        SegmentedLog log = SegmentedLog.open(backend.disk, new LogConfig(4096));
        List<LogEntry> entries = Entries.range(1, 40, 1, 100);
        log.append(entries);
        syncAndSettle(log, backend);
        SegmentedLog reopened = SegmentedLog.open(backend.disk, new LogConfig(4096));
        RecoveryReport report = reopened.recoveryReport();
        assertNotNull(report.corruption(), report.toString());
        assertTrue(report.corruption().contains("read error"), report.toString());
        long last = reopened.lastIndex();
        assertTrue(last < 40, report.toString());
        assertEquals(entries.subList(0, (int) last), reopened.read(1, last, Long.MAX_VALUE));
    }

    @Test
    void hardState_crashDuringSave_keepsTheOldOrTheNewState_andAtLeastOneCrashTears() {
        int kept = 0;
        int torn = 0;
        for (long seed = 1; seed <= 16; seed++) {
            SimBackend backend = (SimBackend) newBackend(seed);
            HardStateStore store = HardStateStore.open(backend.disk);
            store.save(new HardState(3, 1), () -> { });
            backend.settle();
            store.save(new HardState(4, 2), () -> { });
            backend.restart(); // the second save is torn sector by sector, or lost
            HardState loaded = HardStateStore.open(backend.disk).current();
            if (loaded.equals(new HardState(4, 2))) {
                kept++;
            } else {
                assertEquals(new HardState(3, 1), loaded, "seed " + seed);
                torn++;
            }
        }
        assertTrue(kept > 0 && torn > 0, "kept " + kept + ", torn " + torn);
    }

    @Test
    void hardState_firstSaveTorn_isNoSaveAtAll() {
        for (long seed = 1; seed <= 8; seed++) {
            SimBackend backend = (SimBackend) newBackend(seed);
            HardStateStore store = HardStateStore.open(backend.disk);
            store.save(new HardState(9, 4), () -> { });
            backend.restart();
            HardState loaded = HardStateStore.open(backend.disk).current();
            assertTrue(loaded.equals(HardState.INITIAL) || loaded.equals(new HardState(9, 4)),
                    "seed " + seed + ": " + loaded);
        }
    }

    @Test
    void hardState_savesWhileOneIsInFlight_coalesceToTheNewest() {
        SimBackend backend = (SimBackend) newBackend(1);
        HardStateStore store = HardStateStore.open(backend.disk);
        int[] done = {0};
        store.save(new HardState(1, 1), () -> done[0]++);
        store.save(new HardState(2, -1), () -> done[0]++);
        store.save(new HardState(2, 3), () -> done[0]++);
        assertEquals(new HardState(2, 3), store.current());
        assertEquals(HardState.INITIAL, store.durable());
        assertTrue(backend.host.completeNext());
        assertEquals(1, done[0]);
        assertEquals(new HardState(1, 1), store.durable());
        assertTrue(backend.host.completeNext());
        assertEquals(3, done[0], "the middle state was never written; its callback rides along");
        assertEquals(new HardState(2, 3), store.durable());
        assertEquals(0, backend.host.pendingCount());
    }
}
