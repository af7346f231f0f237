package io.detsim.scenario.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.scenario.campaign.ResultsLog;
import io.detsim.scenario.run.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detsim campaign} and {@code detsim merge} from the command line. */
class CampaignCommandTest {
    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome detsim(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DetsimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Outcome shard(Path dir, String shard, String chaos) {
        return detsim("campaign", "--seeds", "6", "--shard", shard, "--chaos", chaos, "--heal",
                "2s", "--jobs", "1", "--no-progress", "--out", dir.toString());
    }

    @Test
    void timeBudget_withoutASeedCount_runsSeedsUntilTheBudgetIsSpent(@TempDir Path dir) {
        Outcome o = detsim("campaign", "--time-budget", "1s", "--chaos", "1s", "--heal", "2s",
                "--ops", "100", "--jobs", "1", "--no-progress", "--out", dir.toString());
        assertEquals(0, o.exitCode(), o.out() + o.err());
        List<RunResult> results = ResultsLog.read(dir.resolve("results.jsonl"));
        assertTrue(!results.isEmpty(), o.out());
        assertEquals(1L, results.getFirst().seed());
    }

    @Test
    void campaignWithFailures_writesItsReportAndEachFailingSeeds_andMergeCarriesThem(
            @TempDir Path dir) throws Exception {
        Path s1 = dir.resolve("s1");
        Outcome first = detsim("campaign", "--bug", "stale-leader-read", "--seeds", "4",
                "--shard", "1/2", "--jobs", "1", "--no-progress", "--out", s1.toString());
        assertEquals(1, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().contains("report: " + s1.resolve("report.html")), first.out());
        String report = Files.readString(s1.resolve("report.html"));
        assertTrue(report.contains("href=\"failures/seed-3/report.html\""), "seed 3 fails");
        assertTrue(Files.isRegularFile(s1.resolve("failures/seed-3/report.html")));
        assertEquals(1, Files.readAllLines(s1.resolve("sessions.jsonl")).size());

        Path s2 = dir.resolve("s2");
        Outcome second = detsim("campaign", "--bug", "stale-leader-read", "--seeds", "4",
                "--shard", "2/2", "--jobs", "1", "--no-progress", "--no-report", "--out",
                s2.toString());
        assertEquals(1, second.exitCode(), second.out() + second.err());
        assertTrue(!Files.exists(s2.resolve("report.html")));
        assertTrue(!Files.exists(s2.resolve("failures/seed-4/report.html")),
                "--no-report: no run report either");
        assertTrue(Files.isRegularFile(s2.resolve("failures/seed-4/result.json")));

        Path all = dir.resolve("all");
        Outcome merged = detsim("merge", "--out", all.toString(), s1.toString(), s2.toString());
        assertEquals(1, merged.exitCode(), merged.out() + merged.err());
        String mergedReport = Files.readString(all.resolve("report.html"));
        assertTrue(mergedReport.contains("href=\"failures/seed-3/report.html\""));
        assertTrue(mergedReport.contains("href=\"failures/seed-4/report.html\""),
                "merge renders the copied runs' reports");
    }

    @Test
    void shardsMerge_intoOneCampaign_andShardsOfAnotherAreRefused(@TempDir Path dir)
            throws Exception {
        Outcome first = shard(dir.resolve("s1"), "1/2", "2s");
        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().contains("3 seeds: 3 PASS"), first.out());
        assertEquals(0, shard(dir.resolve("s2"), "2/2", "2s").exitCode());
        Outcome merged = detsim("merge", "--out", dir.resolve("all").toString(),
                dir.resolve("s1").toString(), dir.resolve("s2").toString());
        assertEquals(0, merged.exitCode(), merged.out() + merged.err());
        assertTrue(merged.out().contains("merged 2 shards: 6 seeds of 6"), merged.out());
        List<RunResult> all = ResultsLog.read(dir.resolve("all").resolve("results.jsonl"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), all.stream().map(RunResult::seed).toList());
        assertTrue(Files.exists(dir.resolve("all").resolve("summary.txt")));

        assertEquals(0, shard(dir.resolve("other"), "2/2", "3s").exitCode());
        Outcome mixed = detsim("merge", "--out", dir.resolve("bad").toString(),
                dir.resolve("s1").toString(), dir.resolve("other").toString());
        assertEquals(2, mixed.exitCode(), mixed.out());
        assertTrue(mixed.err().contains("is a different campaign"), mixed.err());
        Outcome twice = detsim("merge", "--out", dir.resolve("twice").toString(),
                dir.resolve("s1").toString(), dir.resolve("s1").toString());
        assertEquals(2, twice.exitCode(), twice.out());
        assertTrue(twice.err().contains("each shard may be given once"), twice.err());
        Outcome half = detsim("merge", "--out", dir.resolve("half").toString(),
                dir.resolve("s1").toString());
        assertEquals(2, half.exitCode(), half.out());
        assertTrue(half.out().contains("INCOMPLETE: 3 seeds missing"), half.out());
        Outcome badShard = detsim("campaign", "--shard", "3/2", "--out",
                dir.resolve("x").toString());
        assertEquals(2, badShard.exitCode());
        assertTrue(badShard.err().contains("--shard must be k/n with 1 <= k <= n"),
                badShard.err());
    }
}
