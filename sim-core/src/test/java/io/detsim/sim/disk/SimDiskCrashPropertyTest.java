package io.detsim.sim.disk;

import static io.detsim.sim.disk.DiskTesting.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.detsim.sim.disk.DiskFault.Kind;
import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.fault.Probability;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.DiskFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded properties of {@link SimDisk} crash semantics. Each seed drives a random sequence of
 * writes, truncates, syncs and sync completions over two files, then a crash, for several rounds.
 * The test keeps its own model of every file: the page cache, the image completed syncs made
 * durable, and the operations still pending; the properties compare the disk after each crash
 * against that model. A failure names the seed and sector size that reproduce it.
 */
class SimDiskCrashPropertyTest {
    private static final int SEED_COUNT = 300;
    private static final int ROUND_COUNT = 3;
    private static final int STEP_COUNT_PER_ROUND = 40;
    private static final List<String> FILE_NAMES = List.of("data", "log");

    @ParameterizedTest(name = "sector {0}B")
    @ValueSource(ints = {512, 4096})
    void syncedData_alwaysSurvivesCrash(int sectorBytes) {
        for (long seed = 0; seed < SEED_COUNT; seed++) {
            Scenario scenario = Scenario.withCrashSemantics(seed, sectorBytes, true);
            for (int round = 0; round < ROUND_COUNT; round++) {
                scenario.runSteps(STEP_COUNT_PER_ROUND);
                scenario.crashAndCheck(SimDiskCrashPropertyTest::assertSyncedBytesSurvived);
            }
        }
    }

    @ParameterizedTest(name = "sector {0}B")
    @ValueSource(ints = {512, 4096})
    void unsyncedBytes_neverChangeWithoutAPendingWriteToExplainThem(int sectorBytes) {
        for (long seed = 0; seed < SEED_COUNT; seed++) {
            Scenario scenario = Scenario.withCrashSemantics(seed, sectorBytes, true);
            for (int round = 0; round < ROUND_COUNT; round++) {
                scenario.runSteps(STEP_COUNT_PER_ROUND);
                scenario.crashAndCheck(SimDiskCrashPropertyTest::assertEveryByteExplained);
            }
        }
    }

    @ParameterizedTest(name = "sector {0}B")
    @ValueSource(ints = {512, 4096})
    void tornWrites_onlyTouchSectorsOfUnsyncedWrites(int sectorBytes) {
        int tornWriteCount = 0;
        for (long seed = 0; seed < SEED_COUNT; seed++) {
            // Writes only: a pending truncate may legitimately cut bytes anywhere past its size.
            Scenario scenario = Scenario.mostlyTorn(seed, sectorBytes);
            for (int round = 0; round < ROUND_COUNT; round++) {
                scenario.runSteps(STEP_COUNT_PER_ROUND);
                scenario.crashAndCheck(SimDiskCrashPropertyTest::assertOnlyPendingSectorsChanged);
            }
            tornWriteCount += (int) scenario.disk.faults().stream()
                    .filter(f -> f.kind() == Kind.TORN_WRITE).count();
        }
        assertTrue(tornWriteCount > SEED_COUNT, "too few torn writes to mean anything: "
                + tornWriteCount);
    }

    @ParameterizedTest(name = "sector {0}B")
    @ValueSource(ints = {512, 4096})
    void sameSeed_sameContentsAndFaults(int sectorBytes) {
        int corruptionFaultCount = 0;
        for (long seed = 0; seed < SEED_COUNT; seed++) {
            Scenario first = Scenario.withCorruption(seed, sectorBytes);
            Scenario second = Scenario.withCorruption(seed, sectorBytes);
            List<String> firstTranscript = first.runUnchecked();
            List<String> secondTranscript = second.runUnchecked();

            assertEquals(firstTranscript, secondTranscript, first.context());
            assertEquals(first.disk.faults(), second.disk.faults(), first.context());
            corruptionFaultCount += (int) first.disk.faults().stream()
                    .filter(f -> f.kind() != Kind.LOST_WRITE
                            && f.kind() != Kind.TORN_WRITE).count();
        }
        assertTrue(corruptionFaultCount > SEED_COUNT, "corruption faults barely fired: "
                + corruptionFaultCount);
    }

    // ---- checks, each given the model just before the crash and the file just after ----

    /** Property 1: a byte completed syncs made durable, that nothing pending touches, survives. */
    private static void assertSyncedBytesSurvived(String context, FileModel before, byte[] after,
            int sectorBytes) {
        if (before.pending.isEmpty()) {
            assertSameBytes(before.durable, after, () -> context
                    + ": nothing was pending, so nothing may change");
            return;
        }
        long lowestTruncateBytes = before.lowestPendingTruncateBytes();
        for (int at = 0; at < before.durable.length; at++) {
            if (at >= lowestTruncateBytes || before.pendingWriteCovering(at)) {
                continue;
            }
            // Messages built only on failure: this loop runs for every byte of every seed.
            if (at >= after.length) {
                fail(context + ": synced byte " + at + " cut off, size now " + after.length);
            }
            if (after[at] != before.durable[at]) {
                fail(context + ": synced byte " + at + " changed from " + before.durable[at]
                        + " to " + after[at]);
            }
        }
    }

    /**
     * Property 2: every byte after the crash is its durable value, or a byte some pending write
     * put there, or a zero that a pending truncate or an extension of the file explains; and the
     * size is one that some sequence of kept, lost or torn pending operations can produce.
     */
    private static void assertEveryByteExplained(String context, FileModel before, byte[] after,
            int sectorBytes) {
        assertTrue(before.possibleSizesBytes(sectorBytes).contains((long) after.length),
                context + ": size " + after.length + " not reachable from durable size "
                        + before.durable.length
                        + " and pending " + before.pending);
        long lowestTruncateBytes = before.lowestPendingTruncateBytes();
        for (int at = 0; at < after.length; at++) {
            byte value = after[at];
            if (at < before.durable.length && value == before.durable[at]) {
                continue;
            }
            boolean zeroExplained = at >= before.durable.length || at >= lowestTruncateBytes;
            if (value == 0 && zeroExplained) {
                continue;
            }
            if (!before.pendingWriteCoveringWith(at, value)) {
                fail(context + ": byte " + at + " is " + value
                        + ", explained by neither the durable image ("
                        + (at < before.durable.length ? before.durable[at] : "beyond its end")
                        + ") nor any pending write " + before.pending);
            }
        }
    }

    /** Property 3: bytes in sectors no pending write touched are exactly as durable left them. */
    private static void assertOnlyPendingSectorsChanged(String context, FileModel before,
            byte[] after, int sectorBytes) {
        assertTrue(after.length >= before.durable.length, context + ": a writes-only file shrank");
        boolean[] touchedSectors = new boolean[after.length / sectorBytes + 1];
        for (ModelOp op : before.pending) {
            long lastSector = Math.min((op.endBytes() - 1) / sectorBytes,
                    touchedSectors.length - 1);
            for (long sector = op.offsetBytes() / sectorBytes; sector <= lastSector; sector++) {
                touchedSectors[(int) sector] = true;
            }
        }
        for (int at = 0; at < after.length; at++) {
            if (touchedSectors[at / sectorBytes]) {
                continue;
            }
            byte expected = at < before.durable.length ? before.durable[at] : 0;
            if (after[at] != expected) {
                fail(context + ": byte " + at
                        + " outside every pending write's sectors changed from " + expected
                        + " to " + after[at]);
            }
        }
    }

    /** JUnit compares byte arrays one by one; compare fast, and let JUnit explain a mismatch. */
    private static void assertSameBytes(byte[] expected, byte[] actual, Supplier<String> message) {
        if (!Arrays.equals(expected, actual)) {
            assertArrayEquals(expected, actual, message);
        }
    }

    // ---- the scenario and its model ----

    @FunctionalInterface
    private interface CrashCheck {
        void check(String context, FileModel before, byte[] after, int sectorBytes);
    }

    /** A write ({@code data != null}) or a truncate to {@code offsetBytes}, as the test issued. */
    private record ModelOp(long sequence, long offsetBytes, byte[] data) {
        boolean isTruncate() { return data == null; }

        long endBytes() { return offsetBytes + (data == null ? 0 : data.length); }

        @Override
        public String toString() {
            return isTruncate() ? "truncate(" + offsetBytes + ")" : "write[" + offsetBytes + ", "
                    + endBytes() + ")";
        }
    }

    /** One step of a scenario, rendered only when a message or a transcript needs it. */
    private record Step(String kind, String file, long first, long second) {
        @Override
        public String toString() {
            return kind + " " + file + " " + first + " " + second;
        }
    }

    /** What the test knows of one file, kept apart from SimDisk's own bookkeeping. */
    private static final class FileModel {
        byte[] cache = new byte[0];
        byte[] durable = new byte[0];
        final List<ModelOp> pending = new ArrayList<>();

        FileModel copy() {
            FileModel copy = new FileModel();
            copy.cache = cache.clone();
            copy.durable = durable.clone();
            copy.pending.addAll(pending);
            return copy;
        }

        void makeDurable(long upToSequence) {
            while (!pending.isEmpty() && pending.get(0).sequence() <= upToSequence) {
                durable = apply(durable, pending.remove(0));
            }
        }

        long lowestPendingTruncateBytes() {
            long lowest = Long.MAX_VALUE;
            for (ModelOp op : pending) {
                if (op.isTruncate()) {
                    lowest = Math.min(lowest, op.offsetBytes());
                }
            }
            return lowest;
        }

        boolean pendingWriteCovering(long at) {
            for (ModelOp op : pending) {
                if (!op.isTruncate() && at >= op.offsetBytes() && at < op.endBytes()) {
                    return true;
                }
            }
            return false;
        }

        boolean pendingWriteCoveringWith(long at, byte value) {
            for (ModelOp op : pending) {
                if (!op.isTruncate() && at >= op.offsetBytes() && at < op.endBytes()
                        && op.data()[(int) (at - op.offsetBytes())] == value) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Every size a crash can leave: each kept operation sets the size to a truncate's size or
         * to at least a write's end, and a torn write may stop at any sector boundary inside it.
         */
        TreeSet<Long> possibleSizesBytes(int sectorBytes) {
            TreeSet<Long> sizes = new TreeSet<>();
            sizes.add((long) durable.length);
            for (ModelOp op : pending) {
                sizes.add(op.endBytes());
                for (long boundary = (op.offsetBytes() / sectorBytes + 1) * sectorBytes;
                        !op.isTruncate() && boundary < op.endBytes(); boundary += sectorBytes) {
                    sizes.add(boundary);
                }
            }
            return sizes;
        }

        static byte[] apply(byte[] image, ModelOp op) {
            if (op.isTruncate()) {
                return Arrays.copyOf(image, (int) op.offsetBytes());
            }
            byte[] result = Arrays.copyOf(image, (int) Math.max(image.length, op.endBytes()));
            System.arraycopy(op.data(), 0, result, (int) op.offsetBytes(), op.data().length);
            return result;
        }
    }

    /** One seeded run: a disk, a fake host, and the model, driven by one random stream. */
    private static final class Scenario {
        final long seed;
        final int sectorBytes;
        final boolean truncatesAllowed;
        final RandomStream random;
        final FakeDiskHost host = new FakeDiskHost();
        final SimDisk disk;
        final Map<String, FileModel> models = new TreeMap<>();
        long opSequence;
        /** Bumped by every crash: a sync issued before a crash must not update the model after. */
        long crashGeneration;

        private Scenario(long seed, int sectorBytes, boolean truncatesAllowed, DiskProfile profile,
                boolean corruptible) {
            this.seed = seed;
            this.sectorBytes = sectorBytes;
            this.truncatesAllowed = truncatesAllowed;
            this.random = RandomStream.root(seed).fork("test/scenario");
            this.disk = new SimDisk(profile, RandomStream.root(seed).fork("disk"), corruptible,
                    host);
            FILE_NAMES.forEach(name -> models.put(name, new FileModel()));
        }

        /** Lost and torn probabilities drawn per seed, with the edges (0 and 1) drawn often. */
        static Scenario withCrashSemantics(long seed, int sectorBytes, boolean truncatesAllowed) {
            RandomStream knobs = RandomStream.root(seed).fork("test/knobs");
            double lost = edgeOrUniform(knobs, 1.0);
            double torn = edgeOrUniform(knobs, 1.0 - lost);
            return new Scenario(seed, sectorBytes, truncatesAllowed,
                    DiskTesting.crashOnly(sectorBytes, lost, torn), false);
        }

        static Scenario mostlyTorn(long seed, int sectorBytes) {
            RandomStream knobs = RandomStream.root(seed).fork("test/knobs");
            double lost = knobs.nextDouble() * 0.3;
            DiskProfile profile = DiskTesting.crashOnly(sectorBytes, lost, 1.0 - lost);
            return new Scenario(seed, sectorBytes, false, profile, false);
        }

        static Scenario withCorruption(long seed, int sectorBytes) {
            Probability often = new Probability(0.05);
            DiskProfile profile = new DiskProfile(sectorBytes, 1L << 30, 1_000, 100_000,
                    new Probability(0.1), 1_000_000, new Probability(0.3), new Probability(0.4),
                    often, often, often, often, false);
            return new Scenario(seed, sectorBytes, true, profile, true);
        }

        private static double edgeOrUniform(RandomStream knobs, double max) {
            return switch (knobs.nextInt(4)) {
                case 0 -> 0.0;
                case 1 -> max;
                default -> knobs.nextDouble() * max;
            };
        }

        String context() {
            DiskProfile profile = disk.profile();
            return "seed " + seed + ", sector " + sectorBytes + "B, round " + crashGeneration
                    + ", profile " + profile.unsyncedWriteLost() + " lost / "
                    + profile.unsyncedWriteTorn() + " torn";
        }

        void runSteps(int stepCount) {
            for (int step = 0; step < stepCount; step++) {
                step(true);
            }
        }

        /** Runs all rounds without the model (corruption makes it inexact); returns what it saw. */
        List<String> runUnchecked() {
            List<String> transcript = new ArrayList<>();
            for (int round = 0; round < ROUND_COUNT; round++) {
                for (int step = 0; step < STEP_COUNT_PER_ROUND; step++) {
                    transcript.add(step(false));
                }
                transcript.add("crash " + disk.crash());
                crashGeneration++;
                for (String name : FILE_NAMES) {
                    transcript.add(name + " " + contentsOrError(disk.open(name)));
                }
            }
            return transcript;
        }

        /** One random operation; unchecked, returns a line describing it and what it observed. */
        String step(boolean checked) {
            String name = FILE_NAMES.get(random.nextInt(FILE_NAMES.size()));
            DiskFile file = disk.open(name);
            FileModel model = models.get(name);
            int roll = random.nextInt(100);
            Step line;
            if (roll < 45) {
                line = randomWrite(file, model);
            } else if (roll < 55 && truncatesAllowed) {
                long sizeBytes = random.nextLong(0, file.sizeBytes() + sectorBytes);
                file.truncate(sizeBytes);
                record(model, new ModelOp(++opSequence, sizeBytes, null));
                line = new Step("truncate", name, sizeBytes, 0);
            } else if (roll < 75) {
                long upToSequence = opSequence;
                long generation = crashGeneration;
                file.sync(() -> {
                    if (generation == crashGeneration) {
                        model.makeDurable(upToSequence);
                    }
                });
                line = new Step("sync", name, 0, 0);
            } else if (roll < 95) {
                line = new Step("complete", name, host.completeNext() ? 1 : 0, 0);
                if (checked) {
                    assertDurableMatchesModel();
                }
            } else {
                host.advanceNanos(random.nextLong(0, 1_000_000));
                line = new Step("time", name, host.nowNanos(), 0);
            }
            if (!checked) {
                return line + " -> " + digestOrError(file);
            }
            assertSameBytes(model.cache, readAll(file), () -> context() + ": page cache of " + name
                    + " after " + line);
            return null;
        }

        private Step randomWrite(DiskFile file, FileModel model) {
            // Small files with writes up to 1.5 sectors: overlaps, partial sectors, and tears.
            long offsetBytesMax = Math.min(file.sizeBytes() + sectorBytes, 4L * sectorBytes);
            long offsetBytes = random.nextLong(0, offsetBytesMax);
            int lengthBytesMax = sectorBytes + sectorBytes / 2;
            int length = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(lengthBytesMax);
            byte[] data = new byte[length];
            for (int i = 0; i < length; i += Long.BYTES) {
                long bits = random.nextLong();
                for (int j = i; j < Math.min(length, i + Long.BYTES); j++, bits >>>= 8) {
                    data[j] = (byte) bits;
                }
            }
            file.write(offsetBytes, data, 0, length);
            if (length > 0) {
                record(model, new ModelOp(++opSequence, offsetBytes, data));
            }
            return new Step("write", file.name(), offsetBytes, offsetBytes + length);
        }

        private void record(FileModel model, ModelOp op) {
            model.cache = FileModel.apply(model.cache, op);
            model.pending.add(op);
        }

        private void assertDurableMatchesModel() {
            for (String name : FILE_NAMES) {
                assertSameBytes(models.get(name).durable, disk.durableContents(name),
                        () -> context() + ": durable image of " + name
                                + " differs from what completed syncs made durable");
            }
        }

        /** Crashes the disk, checks each file against its pre-crash model, then restarts it. */
        void crashAndCheck(CrashCheck check) {
            assertDurableMatchesModel();
            Map<String, FileModel> before = new TreeMap<>();
            int pendingCount = 0;
            for (String name : FILE_NAMES) {
                before.put(name, models.get(name).copy());
                pendingCount += models.get(name).pending.size();
            }
            int faultCountBefore = disk.faults().size();

            int affected = disk.crash();
            crashGeneration++;

            assertEquals(pendingCount, affected, context() + ": pending operations at the crash");
            for (String name : FILE_NAMES) {
                byte[] after = readAll(disk.open(name));
                check.check(context() + ", file " + name, before.get(name), after, sectorBytes);
                assertSameBytes(after, disk.durableContents(name), () -> context()
                        + ": after a crash, cache is durable");
                FileModel restarted = new FileModel();
                restarted.cache = after;
                restarted.durable = after.clone();
                models.put(name, restarted);
            }
            for (DiskFault fault : disk.faults().subList(faultCountBefore, disk.faults().size())) {
                assertTrue(fault.kind() == Kind.LOST_WRITE || fault.kind() == Kind.TORN_WRITE,
                        context() + ": only crash faults on an incorruptible disk, got " + fault);
            }
        }

        /** Size and a hash: enough to tell two runs apart, cheap enough for every step. */
        private static String digestOrError(DiskFile file) {
            try {
                byte[] contents = readAll(file);
                return contents.length + "B #" + Arrays.hashCode(contents);
            } catch (DiskException.ReadError error) {
                return "read error: " + error.getMessage();
            }
        }

        private static String contentsOrError(DiskFile file) {
            try {
                return Base64.getEncoder().encodeToString(readAll(file));
            } catch (DiskException.ReadError error) {
                return "read error: " + error.getMessage();
            }
        }
    }
}
