package io.detsim.scenario.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.Scenarios;
import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignTest {
    /** A short scenario, so that a test runs dozens of seeds in seconds. */
    static final Scenario SHORT = Scenarios.load("swarm").withPhases(3_000_000_000L,
            3_000_000_000L);

    static CampaignSpec spec(long seeds, int shard, int shards, String bug) {
        return new CampaignSpec("swarm", " --chaos 3s --heal 3s", bug, 1, seeds, shard, shards);
    }

    static Map<Long, String> hashes(List<RunResult> results) {
        return results.stream().collect(Collectors.toMap(RunResult::seed, RunResult::traceHash,
                (a, b) -> a, TreeMap::new));
    }

    @Test
    void interruptedCampaign_keepsWhatItFinished_andResumeRunsOnlyTheRest(@TempDir Path dir)
            throws Exception {
        CampaignSpec spec = spec(12, 1, 1, "none");
        Campaign[] holder = new Campaign[1];
        holder[0] = new Campaign(spec, SHORT, dir, 2, 0, 0, new Campaign.Listener() {
            int seen;

            @Override
            public synchronized void finished(RunResult result) {
                if (++seen == 5) {
                    holder[0].stop();
                }
            }
        });
        List<RunResult> partial = holder[0].run(false);
        assertTrue(partial.size() >= 5 && partial.size() < 12, "ran " + partial.size());
        // A kill in the middle of a write leaves a torn last line behind.
        Files.writeString(dir.resolve("results.jsonl"), "{\"scenario\":\"swa",
                StandardOpenOption.APPEND);
        IllegalArgumentException notResumed = assertThrows(IllegalArgumentException.class,
                () -> new Campaign(spec, SHORT, dir, 2, 0, 0, new Campaign.Listener() { })
                        .run(false));
        assertTrue(notResumed.getMessage().contains("--resume"), notResumed.getMessage());
        int[] ranOnResume = {0};
        List<RunResult> all = new Campaign(spec, SHORT, dir, 2, 0, 0, new Campaign.Listener() {
            @Override
            public synchronized void finished(RunResult result) {
                ranOnResume[0]++;
            }
        }).run(true);
        assertEquals(12, all.size());
        assertEquals(12 - partial.size(), ranOnResume[0]);
        assertEquals(12, hashes(all).size(), "every seed exactly once");
    }

    @Test
    void shards_coverTheSeedsOnce_andGiveTheSameResultsAsOneCampaign(@TempDir Path dir) {
        List<RunResult> whole = new Campaign(spec(10, 1, 1, "none"), SHORT, dir.resolve("all"),
                2, 0, 0, new Campaign.Listener() { }).run(false);
        List<RunResult> first = new Campaign(spec(10, 1, 3, "none"), SHORT, dir.resolve("s1"), 1,
                0, 0, new Campaign.Listener() { }).run(false);
        List<RunResult> second = new Campaign(spec(10, 2, 3, "none"), SHORT, dir.resolve("s2"),
                1, 0, 0, new Campaign.Listener() { }).run(false);
        List<RunResult> third = new Campaign(spec(10, 3, 3, "none"), SHORT, dir.resolve("s3"), 1,
                0, 0, new Campaign.Listener() { }).run(false);
        assertEquals(List.of(1L, 4L, 7L, 10L), first.stream().map(RunResult::seed).sorted()
                .toList());
        Map<Long, String> joined = new TreeMap<>();
        joined.putAll(hashes(first));
        joined.putAll(hashes(second));
        joined.putAll(hashes(third));
        assertEquals(hashes(whole), joined);
    }

    @Test
    void aSecondWriterOfTheSameResults_isRefusedWhileTheFirstHoldsThem(@TempDir Path dir) {
        Path results = dir.resolve("results.jsonl");
        try (ResultsLog first = ResultsLog.openForAppend(results)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ResultsLog.openForAppend(results));
            assertTrue(e.getMessage().contains("another campaign is writing"), e.getMessage());
        }
        ResultsLog.openForAppend(results).close(); // free again once the first is closed
    }

    @Test
    void anotherCampaignsDirectory_isRefused(@TempDir Path dir) {
        new Campaign(spec(2, 1, 1, "none"), SHORT, dir, 1, 0, 0, new Campaign.Listener() { })
                .run(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Campaign(spec(3, 1, 1, "none"), SHORT, dir, 1, 0, 0,
                        new Campaign.Listener() { }).run(true));
        assertTrue(e.getMessage().contains("holds another campaign"), e.getMessage());
    }

    @Test
    void plantedBugCampaign_findsIt_rechecksTheFailure_andSavesItsArtifacts(@TempDir Path dir)
            throws Exception {
        // Seed 4 of the default scenario is known to catch it.
        CampaignSpec spec = new CampaignSpec("swarm", "", "stale-leader-read", 2, 3, 1, 1);
        List<RunResult> results = new Campaign(spec, Scenarios.load("swarm"), dir, 2, 0, 0,
                new Campaign.Listener() { }).run(false);
        List<RunResult> failures = results.stream().filter(r -> r.verdict().isFailure())
                .toList();
        assertTrue(failures.stream().anyMatch(r -> r.seed() == 4), failures.toString());
        for (RunResult failure : failures) {
            assertEquals(Verdict.SAFETY, failure.verdict(), failure.reason());
            Path saved = dir.resolve("failures").resolve("seed-" + failure.seed());
            assertTrue(Files.exists(saved.resolve("history.edn")), saved.toString());
            assertTrue(Files.exists(saved.resolve("trace.jsonl")), saved.toString());
        }
        CampaignSummary summary = CampaignSummary.of(results);
        assertEquals(failures.size(), summary.failureCount());
        assertTrue(summary.describe(5).contains("--bug stale-leader-read"));
    }
}
