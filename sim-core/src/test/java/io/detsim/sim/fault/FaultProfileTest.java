package io.detsim.sim.fault;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.sim.random.RandomStream;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fault profile: every bad knob rejected by name, swarm profiles per seed, and printing. */
class FaultProfileTest {
    private static final int SWARM_SEED_COUNT = 1_000;

    // ---- validation ----

    static Stream<Arguments> invalidKnobs() {
        NetworkProfile network = NetworkProfile.defaults();
        DiskProfile disk = DiskProfile.defaults();
        ClockProfile clock = ClockProfile.defaults();
        NemesisProfile nemesis = NemesisProfile.defaults();
        FaultProfile profile = FaultProfile.defaults();
        return Stream.of(
                invalid(() -> Records.with(network, "latencyNanosMin", -1L),
                        "network.latencyNanosMin"),
                invalid(() -> Records.with(network, "latencyNanosMin",
                                network.latencyNanosMean() + 1),
                        "network.latencyNanosMin", "network.latencyNanosMean"),
                invalid(() -> Records.with(network, "latencyNanosMean",
                                network.latencyNanosMax() + 1),
                        "network.latencyNanosMean", "network.latencyNanosMax"),
                invalid(() -> Records.with(network, "latencyNanosMax",
                                network.latencyNanosMean() - 1),
                        "network.latencyNanosMean", "network.latencyNanosMax"),
                invalid(() -> Records.with(network, "drop", null), "network.drop"),
                invalid(() -> Records.with(network, "duplicate", null), "network.duplicate"),
                invalid(() -> Records.with(network, "reorder", null), "network.reorder"),
                invalid(() -> network.withDrop(1.5), "network.drop"),
                invalid(() -> network.withDrop(Double.NaN), "network.drop"),
                invalid(() -> network.withDuplicate(-0.1), "network.duplicate"),
                invalid(() -> Records.with(network, "reorderDelayNanosMax", -1L),
                        "network.reorderDelayNanosMax"),
                invalid(() -> Records.with(network, "inFlightMessagesMaxPerLink", 0),
                        "network.inFlightMessagesMaxPerLink"),
                invalid(() -> network.withInFlightMessagesMaxPerLink(-5),
                        "network.inFlightMessagesMaxPerLink"),

                invalid(() -> Records.with(disk, "sectorSizeBytes", 0), "disk.sectorSizeBytes"),
                invalid(() -> Records.with(disk, "sectorSizeBytes", -512), "disk.sectorSizeBytes"),
                invalid(() -> Records.with(disk, "sectorSizeBytes", 1000), "disk.sectorSizeBytes"),
                invalid(() -> Records.with(disk, "capacityBytes", 0L), "disk.capacityBytes"),
                invalid(() -> disk.withCapacityBytes(-1), "disk.capacityBytes"),
                invalid(() -> Records.with(disk, "syncLatencyNanosMin", -1L),
                        "disk.syncLatencyNanosMin"),
                invalid(() -> Records.with(disk, "syncLatencyNanosMin",
                                disk.syncLatencyNanosMax() + 1),
                        "disk.syncLatencyNanosMin", "disk.syncLatencyNanosMax"),
                invalid(() -> Records.with(disk, "slowIo", null), "disk.slowIo"),
                invalid(() -> Records.with(disk, "slowIoDelayNanosMax", -1L),
                        "disk.slowIoDelayNanosMax"),
                invalid(() -> Records.with(disk, "unsyncedWriteLost", null),
                        "disk.unsyncedWriteLost"),
                invalid(() -> Records.with(disk, "unsyncedWriteTorn", null),
                        "disk.unsyncedWriteTorn"),
                invalid(() -> disk.withCrashSemantics(1.2, 0), "disk.unsyncedWriteLost"),
                invalid(() -> disk.withCrashSemantics(0.8, 0.3), "disk.unsyncedWriteLost",
                        "disk.unsyncedWriteTorn"),
                invalid(() -> Records.with(disk, "bitFlipOnWrite", null), "disk.bitFlipOnWrite"),
                invalid(() -> Records.with(disk, "bitFlipOnRead", null), "disk.bitFlipOnRead"),
                invalid(() -> Records.with(disk, "latentReadError", null), "disk.latentReadError"),
                invalid(() -> Records.with(disk, "misdirectedWrite", null),
                        "disk.misdirectedWrite"),
                invalid(() -> disk.withCorruption(0, 0, Double.NaN, 0), "disk.latentReadError"),
                invalid(() -> disk.withCorruption(0, 0, 0, 1.01), "disk.misdirectedWrite"),

                invalid(() -> Records.with(clock, "offsetNanosMax", -1L), "clock.offsetNanosMax"),
                invalid(() -> Records.with(clock, "driftPpmMax", -1L), "clock.driftPpmMax"),
                invalid(() -> Records.with(clock, "driftPpmMax", ClockProfile.DRIFT_PPM_LIMIT + 1),
                        "clock.driftPpmMax"),
                invalid(() -> Records.with(clock, "jumpNanosMax", -1L), "clock.jumpNanosMax"),
                invalid(() -> Records.with(clock, "skewNanosMax", -1L), "clock.skewNanosMax"),
                invalid(() -> Records.with(clock, "skewNanosMax", clock.offsetNanosMax() - 1),
                        "clock.offsetNanosMax", "clock.skewNanosMax"),

                invalid(() -> Records.with(nemesis, "faultIntervalNanosMean", 0L),
                        "nemesis.faultIntervalNanosMean"),
                invalid(() -> Records.with(nemesis, "faultIntervalNanosMean", -1L),
                        "nemesis.faultIntervalNanosMean"),
                invalid(() -> Records.with(nemesis, "faultDurationNanosMax", 0L),
                        "nemesis.faultDurationNanosMax"),
                invalid(() -> Records.with(nemesis, "faultDurationNanosMax", Long.MIN_VALUE),
                        "nemesis.faultDurationNanosMax"),

                invalid(() -> Records.with(profile, "network", null), "network"),
                invalid(() -> Records.with(profile, "disk", null), "disk"),
                invalid(() -> Records.with(profile, "clock", null), "clock"),
                invalid(() -> Records.with(profile, "nemesis", null), "nemesis"));
    }

    private static Arguments invalid(Supplier<Object> build, String... fields) {
        return Arguments.of(String.join(" / ", fields), build, List.of(fields));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidKnobs")
    void invalidKnob_rejectedNamingTheField(String name, Supplier<Object> build,
            List<String> fields) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        for (String field : fields) {
            assertTrue(e.getMessage().contains(field),
                    "message should name " + field + ": " + e.getMessage());
        }
    }

    @Test
    void boundaryValues_accepted() {
        assertDoesNotThrow(() -> new NetworkProfile(0, 0, 0, Probability.NEVER, Probability.ALWAYS,
                Probability.ALWAYS, 0, 1));
        DiskProfile disk = DiskProfile.defaults();
        assertDoesNotThrow(() -> Records.with(disk, "sectorSizeBytes", 1));
        assertDoesNotThrow(
                () -> Records.with(disk, "syncLatencyNanosMin", disk.syncLatencyNanosMax()));
        assertDoesNotThrow(() -> disk.withCrashSemantics(0.5, 0.5));
        assertDoesNotThrow(() -> disk.withCrashSemantics(1.0, 0.0));
        assertDoesNotThrow(() -> disk.withCorruption(1, 1, 1, 1));
        assertDoesNotThrow(() -> new ClockProfile(0, ClockProfile.DRIFT_PPM_LIMIT, 0, true, 0));
        assertDoesNotThrow(() -> new ClockProfile(7, 0, 0, false, 7));
        assertDoesNotThrow(
                () -> new NemesisProfile(1, 1, true, true, true, true, true, true, true));
    }

    @Test
    void builtInProfiles_valid_noneHasNoFaults() {
        FaultProfile none = FaultProfile.none();
        assertTrue(none.network().drop().isNever());
        assertTrue(none.network().duplicate().isNever());
        assertFalse(none.disk().corrupts());
        assertEquals(ClockProfile.perfect(), none.clock());
        assertFalse(none.nemesis().anyEnabled());
        FaultProfile defaults = FaultProfile.defaults();
        assertFalse(defaults.network().drop().isNever());
        assertTrue(defaults.disk().corrupts());
        assertTrue(defaults.nemesis().anyEnabled());
        assertFalse(defaults.nemesis().majorityDownAllowed(), "defaults must stay recoverable");
        assertFalse(defaults.disk().corruptionOnMajorityAllowed(),
                "defaults must stay recoverable");
    }

    // ---- swarm ----

    /** Each family toggle, as read off a drawn profile. */
    private static Map<String, Predicate<FaultProfile>> toggles() {
        Map<String, Predicate<FaultProfile>> toggles = new LinkedHashMap<>();
        toggles.put("drop", p -> !p.network().drop().isNever());
        toggles.put("duplicate", p -> !p.network().duplicate().isNever());
        toggles.put("reorder", p -> !p.network().reorder().isNever());
        toggles.put("corruption", p -> p.disk().corrupts());
        toggles.put("clock skew",
                p -> p.clock().offsetNanosMax() > 0 || p.clock().driftPpmMax() > 0);
        toggles.put("crashes", p -> p.nemesis().crashes());
        toggles.put("pauses", p -> p.nemesis().pauses());
        toggles.put("partitions", p -> p.nemesis().partitions());
        toggles.put("clogs", p -> p.nemesis().clogs());
        toggles.put("clock jumps", p -> p.nemesis().clockJumps());
        toggles.put("disk full", p -> p.nemesis().diskFull());
        return toggles;
    }

    @Test
    void swarm_eachFamilyOnForAboutHalfOfSeeds() {
        Map<String, Predicate<FaultProfile>> toggles = toggles();
        Map<String, Integer> onCounts = new LinkedHashMap<>();
        for (long seed = 0; seed < SWARM_SEED_COUNT; seed++) {
            FaultProfile profile = FaultProfile.swarm(RandomStream.root(seed));
            toggles.forEach((name, on) -> onCounts.merge(name, on.test(profile) ? 1 : 0,
                    Integer::sum));
        }
        onCounts.forEach((name, count) -> assertTrue(count >= 350 && count <= 650,
                name + " on for " + count + " of " + SWARM_SEED_COUNT + " seeds"));
    }

    /**
     * Toggles drawn from one shared coin would pass the per-family check but explore only two
     * mixes.
     */
    @Test
    void swarm_familiesToggledIndependently() {
        List<Predicate<FaultProfile>> toggles = List.copyOf(toggles().values());
        List<String> names = List.copyOf(toggles().keySet());
        int[][][] combinationCounts = new int[toggles.size()][toggles.size()][4];
        for (long seed = 0; seed < SWARM_SEED_COUNT; seed++) {
            FaultProfile profile = FaultProfile.swarm(RandomStream.root(seed));
            for (int a = 0; a < toggles.size(); a++) {
                for (int b = a + 1; b < toggles.size(); b++) {
                    int combination = (toggles.get(a).test(profile) ? 2 : 0)
                            + (toggles.get(b).test(profile) ? 1 : 0);
                    combinationCounts[a][b][combination]++;
                }
            }
        }
        for (int a = 0; a < toggles.size(); a++) {
            for (int b = a + 1; b < toggles.size(); b++) {
                for (int combination = 0; combination < 4; combination++) {
                    // About a quarter each; 150 of 1000 is six standard deviations below.
                    assertTrue(combinationCounts[a][b][combination] >= 150,
                            names.get(a) + " x " + names.get(b) + " combination " + combination
                                    + ": " + combinationCounts[a][b][combination]);
                }
            }
        }
    }

    @Test
    void swarm_samePerSeed_differentAcrossSeeds() {
        Set<FaultProfile> distinct = new HashSet<>();
        for (long seed = 0; seed < SWARM_SEED_COUNT; seed++) {
            FaultProfile first = FaultProfile.swarm(RandomStream.root(seed));
            FaultProfile again = FaultProfile.swarm(RandomStream.root(seed));
            assertEquals(first, again, "seed " + seed);
            assertEquals(first.describe(), again.describe(), "seed " + seed);
            distinct.add(first);
        }
        assertEquals(SWARM_SEED_COUNT, distinct.size(), "seeds that drew the same profile");
    }

    @Test
    void swarm_neverAllowsUnrecoverableFaults() {
        for (long seed = 0; seed < SWARM_SEED_COUNT; seed++) {
            FaultProfile profile = FaultProfile.swarm(RandomStream.root(seed));
            assertFalse(profile.nemesis().majorityDownAllowed(), "seed " + seed);
            assertFalse(profile.disk().corruptionOnMajorityAllowed(), "seed " + seed);
        }
    }

    // ---- describe ----

    @Test
    void describe_mentionsEveryFamily() {
        List<FaultProfile> profiles = List.of(FaultProfile.none(), FaultProfile.defaults(),
                FaultProfile.swarm(RandomStream.root(1)), FaultProfile.swarm(RandomStream.root(2)));
        for (FaultProfile profile : profiles) {
            String[] lines = profile.describe().split("\n");
            assertEquals(4, lines.length, profile.describe());
            assertTrue(lines[0].startsWith("network:"), lines[0]);
            assertTrue(lines[1].startsWith("disk:"), lines[1]);
            assertTrue(lines[2].startsWith("clock:"), lines[2]);
            assertTrue(lines[3].startsWith("nemesis:"), lines[3]);
        }
        String defaults = FaultProfile.defaults().describe();
        for (String kind : List.of("crash", "pause", "partition", "clog", "clock-jump",
                "disk-full")) {
            assertTrue(defaults.contains(kind), "nemesis kind " + kind + " missing: " + defaults);
        }
        assertTrue(FaultProfile.none().describe().contains("none"), "a quiet nemesis says so");
    }

    /**
     * The description is printed beside the seed as the record of the run: a knob it leaves out
     * would make two different runs print the same profile.
     */
    @Test
    void describe_everyKnobChange_changesTheText() {
        FaultProfile base = FaultProfile.defaults();
        String baseText = base.describe();
        int knobCount = 0;
        for (String family : List.of("network", "disk", "clock", "nemesis")) {
            Record familyProfile = current(base, family);
            for (RecordComponent component : familyProfile.getClass().getRecordComponents()) {
                Object changed = changedValue(Records.read(component, familyProfile));
                FaultProfile variant = Records.with(base, family,
                        Records.with(familyProfile, component.getName(), changed));
                assertNotEquals(baseText, variant.describe(), family + "." + component.getName()
                        + " changed but describe() did not");
                knobCount++;
            }
        }
        assertEquals(8 + 13 + 5 + 9, knobCount, "every knob of every family was varied");
    }

    private static Record current(FaultProfile profile, String family) {
        return switch (family) {
            case "network" -> profile.network();
            case "disk" -> profile.disk();
            case "clock" -> profile.clock();
            default -> profile.nemesis();
        };
    }

    /** A different value that stays valid against the defaults' other knobs. */
    private static Object changedValue(Object value) {
        return switch (value) {
            case Long l -> l == 0 ? 1_000_000L : l * 2;
            case Integer i -> i == 0 ? 1 : i * 2;
            case Boolean b -> !b;
            case Probability p ->
                    p.isNever() ? new Probability(0.5) : new Probability(p.value() / 2);
            default -> throw new AssertionError("no change defined for " + value.getClass());
        };
    }
}
