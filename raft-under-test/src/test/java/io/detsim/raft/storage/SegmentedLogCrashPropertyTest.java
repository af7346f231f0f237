package io.detsim.raft.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.detsim.sim.disk.SimDisk;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.fault.Probability;
import io.detsim.sim.random.RandomStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded crash-recovery property of {@link SegmentedLog} on {@link SimDisk}: random appends,
 * truncations, purges, syncs, sync completions and crashes, with per-seed crash semantics (how
 * many unsynced writes are lost, how many torn) and no corruption. After every crash and reopen:
 *
 * <ul>
 *   <li>every entry that was durable (its sync callback ran) and not truncated since is there,
 *       exactly;</li>
 *   <li>the recovered log is a slice of one state the log actually had: nothing that was never
 *       appended, and no mix of entries from before and after a truncation;</li>
 *   <li>no corruption is reported (a crash alone never corrupts), the purge boundary never passes
 *       what was asked, and its term is right.</li>
 * </ul>
 *
 * A failure names the seed; {@link #replayOneSeed} reruns one.
 */
class SegmentedLogCrashPropertyTest {
    private static final int SEED_COUNT = 240;
    private static final int STEP_COUNT = 220;

    /** What the seeds exercised, so that a property that passes vacuously fails instead. */
    private static final class Coverage {
        int crashes;
        int crashesWithDurableEntries;
        int tornTails;
        int unsyncedSurvivors;
        int truncations;
        int purgesRecovered;
        int syncCallbacks;

        @Override
        public String toString() {
            return "crashes " + crashes + ", with durable entries " + crashesWithDurableEntries
                    + ", torn tails " + tornTails + ", crashes keeping unsynced entries "
                    + unsyncedSurvivors + ", truncations " + truncations
                    + ", reopened after a purge " + purgesRecovered + ", sync callbacks "
                    + syncCallbacks;
        }
    }

    @Test
    void crashes_neverLoseDurableEntries_norInventAny() {
        Coverage coverage = new Coverage();
        for (long seed = 1; seed <= SEED_COUNT; seed++) {
            new Run(seed, coverage).run();
        }
        String seen = coverage.toString();
        assertTrue(coverage.crashes >= SEED_COUNT * 5, seen);
        assertTrue(coverage.crashesWithDurableEntries >= SEED_COUNT * 3, seen);
        assertTrue(coverage.tornTails >= SEED_COUNT / 4, seen);
        assertTrue(coverage.unsyncedSurvivors >= SEED_COUNT / 4, seen);
        assertTrue(coverage.truncations >= SEED_COUNT * 10, seen);
        assertTrue(coverage.purgesRecovered >= SEED_COUNT, seen);
        assertTrue(coverage.syncCallbacks >= SEED_COUNT * 10, seen);
    }

    @Test
    void replayOneSeed() {
        new Run(Long.getLong("detsim.storage.seed", 77), new Coverage()).run();
    }

    /** One seed: the log under test, a model of what it must hold, and the checks. */
    private static final class Run {
        final long seed;
        final Coverage coverage;
        final RandomStream random;
        final ManualDiskHost host = new ManualDiskHost();
        final SimDisk disk;
        final LogConfig config;
        SegmentedLog log;
        /** The log as its user sees it; index i at position i - 1 (purged entries kept). */
        List<LogEntry> model = new ArrayList<>();
        /** Every state the log had since the last crash, each a list as {@link #model}. */
        List<List<LogEntry>> versions = new ArrayList<>();
        /** How many leading entries must survive a crash. */
        int mustKeep;
        /** Syncs asked for and not yet called back: the model's length then, cut by truncations. */
        List<int[]> outstanding = new ArrayList<>();
        long generation;
        long term = 1;
        long purgeAskedMax;
        int crashes;
        int step;

        Run(long seed, Coverage coverage) {
            this.seed = seed;
            this.coverage = coverage;
            this.random = RandomStream.root(seed).fork("storage-property");
            double lost = random.nextDouble() * 0.6;
            double torn = random.nextDouble() * (1.0 - lost);
            int sectorBytes = new int[] {512, 1024, 4096}[random.nextInt(3)];
            DiskProfile profile = new DiskProfile(sectorBytes, 1L << 30, 1_000, 100_000,
                    Probability.NEVER, 0, new Probability(lost), new Probability(torn),
                    Probability.NEVER, Probability.NEVER, Probability.NEVER, Probability.NEVER,
                    false);
            this.disk = new SimDisk(profile, RandomStream.root(seed).fork("disk"), false, host);
            this.config = new LogConfig(random.nextLong(64, 3000),
                    entryCacheBytes(RandomStream.root(seed).fork("entry-cache")));
        }

        /**
         * No cache, a small one (reads mix cache and segments, the cache evicts constantly), or
         * the default. A separate stream, so the operations drawn are the same with any cache.
         */
        static long entryCacheBytes(RandomStream cacheRandom) {
            return switch (cacheRandom.nextInt(3)) {
                case 0 -> 0;
                case 1 -> cacheRandom.nextLong(64, 2000);
                default -> LogConfig.ENTRY_CACHE_BYTES_DEFAULT;
            };
        }

        void run() {
            try {
                log = SegmentedLog.open(disk, config);
                versions.add(List.copyOf(model));
                for (step = 0; step < STEP_COUNT; step++) {
                    int roll = random.nextInt(100);
                    if (roll < 35) {
                        append();
                    } else if (roll < 43) {
                        truncate();
                    } else if (roll < 60) {
                        sync();
                    } else if (roll < 75) {
                        for (int n = 1 + random.nextInt(3); n > 0 && host.completeNext(); n--) {
                            continue;
                        }
                    } else if (roll < 80) {
                        purge();
                    } else if (roll < 85) {
                        readSomething();
                    } else {
                        crashAndCheck();
                    }
                }
                crashAndCheck();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ", step " + step + ", crashes " + crashes
                        + ", config " + config + ", " + disk.profile() + ": " + e.getMessage()
                        + "\n  replay: -Dtest=SegmentedLogCrashPropertyTest#replayOneSeed"
                        + " -Ddetsim.storage.seed=" + seed, e);
            }
        }

        void append() {
            if (random.chance(0.15)) {
                term++; // a new leader
            }
            int count = 1 + random.nextInt(6);
            List<LogEntry> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(randomEntry(model.size() + 1 + i));
            }
            log.append(batch);
            model.addAll(batch);
        }

        LogEntry randomEntry(long index) {
            int sizeBytes = random.chance(0.25) ? random.nextInt(1500) : random.nextInt(120);
            byte[] payload = new byte[sizeBytes];
            if (!random.chance(0.2)) { // some payloads stay all zeros, as a lost sector reads
                for (int i = 0; i < sizeBytes; i++) {
                    payload[i] = (byte) random.nextInt(256);
                }
            }
            return new LogEntry(term, index, payload);
        }

        void truncate() {
            long first = log.firstIndex();
            long from = random.nextLong(first, model.size() + 1);
            versions.add(List.copyOf(model));
            log.truncateSuffix(from);
            coverage.truncations++;
            term++; // a new leader's entries replace the suffix (§5.3)
            int keep = (int) (from - 1);
            model = new ArrayList<>(model.subList(0, keep));
            mustKeep = Math.min(mustKeep, keep);
            for (int[] sync : outstanding) {
                sync[0] = Math.min(sync[0], keep);
            }
            assertTrue(log.durableIndex() <= keep, "durable index past the truncation");
        }

        void sync() {
            int[] covered = {model.size()};
            long callbackGeneration = generation;
            outstanding.add(covered);
            log.sync(() -> {
                assertEquals(generation, callbackGeneration, "callback survived a crash");
                assertTrue(outstanding.get(0) == covered, "callbacks out of order");
                outstanding.remove(0);
                coverage.syncCallbacks++;
                mustKeep = Math.max(mustKeep, covered[0]);
                assertTrue(log.durableIndex() >= covered[0], "durable index " + log.durableIndex()
                        + " below what the callback covers: " + covered[0]);
            });
        }

        void purge() {
            long upTo = random.nextLong(log.firstIndex() - 1, log.lastIndex());
            purgeAskedMax = Math.max(purgeAskedMax, upTo);
            log.purgePrefix(upTo);
            long base = log.firstIndex() - 1;
            assertTrue(base <= purgeAskedMax, "purged past what was asked");
            if (base > 0) {
                assertEquals(model.get((int) base - 1).term(), log.termAt(base), "boundary term");
            }
        }

        void readSomething() {
            long first = log.firstIndex();
            long last = log.lastIndex();
            if (first > last) {
                return;
            }
            long from = random.nextLong(first, last);
            long to = random.nextLong(from, last);
            long maxBytes = random.nextLong(0, 4000);
            List<LogEntry> read = log.read(from, to, maxBytes);
            assertTrue(!read.isEmpty(), "read returned nothing for a non-empty range");
            long payloadBytes = 0;
            for (int i = 0; i < read.size(); i++) {
                assertEquals(model.get((int) from - 1 + i), read.get(i), "read at " + (from + i));
                payloadBytes += read.get(i).payloadSizeBytes();
            }
            assertTrue(read.size() == 1 || payloadBytes <= maxBytes, "read past maxBytes");
            assertEquals(model.size(), log.lastIndex());
        }

        void crashAndCheck() {
            crashes++;
            generation++;
            host.dropPending();
            disk.crash();
            outstanding.clear();
            versions.add(List.copyOf(model));
            log = SegmentedLog.open(disk, config);
            RecoveryReport report = log.recoveryReport();
            assertEquals(null, report.corruption(), "a crash alone reported corruption");
            long first = log.firstIndex();
            long last = log.lastIndex();
            assertTrue(first - 1 <= purgeAskedMax, "recovered a purge nobody asked for");
            assertTrue(last >= mustKeep, "lost durable entries: recovered up to " + last
                    + ", durable " + mustKeep + " (" + report + ")");
            List<LogEntry> recovered = last >= first ? log.read(first, last, Long.MAX_VALUE)
                    : List.of();
            assertEquals(last - first + 1, recovered.size());
            assertEquals(recovered.size(), report.entryCount());
            for (int i = 0; i < recovered.size(); i++) {
                long index = first + i;
                if (index <= mustKeep) {
                    assertEquals(model.get((int) index - 1), recovered.get(i),
                            "durable entry " + index + " changed");
                }
                assertEquals(recovered.get(i).term(), log.termAt(index));
            }
            assertSliceOfOneVersion(first, recovered);
            coverage.crashes++;
            coverage.crashesWithDurableEntries += mustKeep >= first ? 1 : 0;
            coverage.tornTails += report.tornTailBytes() > 0 ? 1 : 0;
            coverage.unsyncedSurvivors += last > mustKeep ? 1 : 0;
            coverage.purgesRecovered += first > 1 ? 1 : 0;
            // What recovery read back is durable on SimDisk: the cache was rebuilt from it.
            List<LogEntry> next = new ArrayList<>();
            for (long index = 1; index < first; index++) {
                next.add(index <= model.size() ? model.get((int) index - 1)
                        : findInVersions(index));
            }
            next.addAll(recovered);
            model = next;
            mustKeep = model.size();
            versions = new ArrayList<>();
            versions.add(List.copyOf(model));
            if (first > 1) {
                assertEquals(model.get((int) first - 2).term(), log.termAt(first - 1),
                        "purge marker term");
            }
            term = Math.max(term, log.lastTerm());
        }

        void assertSliceOfOneVersion(long first, List<LogEntry> recovered) {
            for (List<LogEntry> version : versions) {
                if (version.size() < first - 1 + recovered.size()) {
                    continue;
                }
                boolean matches = true;
                for (int i = 0; i < recovered.size() && matches; i++) {
                    matches = version.get((int) first - 1 + i).equals(recovered.get(i));
                }
                if (matches) {
                    return;
                }
            }
            fail("recovered entries " + first + ".." + (first + recovered.size() - 1)
                    + " are no slice of any state the log had (" + versions.size() + " states)");
        }

        LogEntry findInVersions(long index) {
            for (List<LogEntry> version : versions) {
                if (version.size() >= index) {
                    return version.get((int) index - 1);
                }
            }
            throw new AssertionError("no entry " + index + " in any version");
        }
    }
}
