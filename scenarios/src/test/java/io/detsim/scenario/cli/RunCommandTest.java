package io.detsim.scenario.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.history.HistoryJson;
import io.detsim.scenario.model.ScenarioParser;
import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detsim run} on the Raft under test. */
class RunCommandTest {
    private static final Pattern HASH = Pattern.compile("(?m)^trace-hash: ([0-9a-f]{16})$");
    private static final Pattern REPRODUCE = Pattern.compile("(?m)^reproduce: \\./detsim (.*)$");

    private record Outcome(int exitCode, String out, String err) {
        String hash() {
            Matcher m = HASH.matcher(out);
            assertTrue(m.find(), "no trace-hash line in:\n" + out + err);
            return m.group(1);
        }
    }

    /**
     * Runs the CLI; a {@code run} without {@code --out} gets {@code --no-report}, so that tests
     * leave no runs/ directory behind (one test below checks the default location).
     */
    static Outcome detsim(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.isEmpty() && all.get(0).equals("run") && !all.contains("--out")) {
            all.add("--no-report");
        }
        return detsimAsIs(all.toArray(String[]::new));
    }

    static Outcome detsimAsIs(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DetsimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void run_printsScenarioProfileSummaryVerdictAndHash_andThatHashIsTheSeeds() {
        Outcome o = detsim("run", "--seed", "3", "--scenario", "partitions", "--chaos", "3s",
                "--heal", "3s");
        assertEquals(0, o.exitCode(), o.out() + o.err());
        assertTrue(o.out().contains("detsim run: scenario partitions, seed 3"), o.out());
        assertTrue(o.out().contains("nemesis: [partition clog]"), o.out());
        assertTrue(o.out().contains("checker: linearizable"), o.out());
        assertTrue(o.out().contains("verdict: PASS"), o.out());
        assertEquals(o.hash(), detsim("run", "--seed", "3", "--scenario", "partitions",
                "--chaos", "3s", "--heal", "3s", "--quiet").hash());
        assertNotEquals(o.hash(), detsim("run", "--seed", "4", "--scenario", "partitions",
                "--chaos", "3s", "--heal", "3s", "--quiet").hash());
    }

    @Test
    void plantedBug_isCaught_exitsOne_andTheReproduceLineReplaysIt() {
        for (int seed = 1; seed <= 30; seed++) {
            Outcome o = detsim("run", "--seed", String.valueOf(seed), "--bug",
                    "stale-leader-read", "--chaos", "6s", "--heal", "4s", "--quiet");
            if (o.exitCode() == 1) {
                assertTrue(o.out().contains("verdict: SAFETY"), o.out());
                Matcher m = REPRODUCE.matcher(o.out());
                assertTrue(m.find(), o.out());
                assertEquals("run --seed " + seed + " --scenario swarm --chaos 6s --heal 4s"
                        + " --bug stale-leader-read", m.group(1));
                Outcome again = detsim((m.group(1) + " --quiet").split(" "));
                assertEquals(1, again.exitCode());
                assertEquals(o.hash(), again.hash());
                return;
            }
            assertEquals(0, o.exitCode(), o.out());
        }
        throw new AssertionError("stale-leader-read went unnoticed for 30 seeds");
    }

    @Test
    void out_savesResultScenarioHistoryAndTrace_thatReadBack(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Outcome o = detsim("run", "--seed", "7", "--scenario", "steady-state", "--chaos", "1s",
                "--heal", "2s", "--ops", "100", "--quiet", "--out", out.toString());
        assertEquals(0, o.exitCode(), o.out() + o.err());
        RunResult result = RunArtifacts.fromJson(Files.readString(out.resolve("result.json")),
                "result.json");
        assertEquals(Verdict.PASS, result.verdict());
        assertEquals(o.hash(), result.traceHash());
        assertEquals(5, result.metrics().size());
        assertEquals("steady-state", ScenarioParser.parse(Files.readString(
                out.resolve("scenario.json")), "scenario.json").name());
        assertTrue(HistoryJson.read(Files.readString(out.resolve("history.json")), "h")
                .ops().size() > 100);
        assertTrue(Files.readString(out.resolve("history.edn")).contains(":type :invoke"));
        assertTrue(Files.size(out.resolve("trace.jsonl")) > 10_000);
        Outcome check = detsim("check", out.resolve("history.edn").toString(), "--model", "kv");
        assertEquals(0, check.exitCode(), check.out() + check.err());
    }

    @Test
    void byDefault_aRunSavesItsArtifactsAndReportUnderRuns() throws Exception {
        Path runs = Path.of("runs");
        Path expected = runs.resolve("steady-state").resolve("seed-7-ops-100-chaos-1s-heal-2s")
                .resolve("report.html");
        try {
            Outcome o = detsimAsIs("run", "--seed", "7", "--scenario", "steady-state", "--chaos",
                    "1s", "--heal", "2s", "--ops", "100", "--quiet");
            assertEquals(0, o.exitCode(), o.out() + o.err());
            assertTrue(o.out().contains("report: " + expected), o.out());
            assertTrue(Files.readString(expected).contains("steady-state"));
            assertTrue(Files.isRegularFile(expected.resolveSibling("timeline.json")));
            assertTrue(Files.isRegularFile(expected.resolveSibling("check.json")));
            Outcome none = detsimAsIs("run", "--seed", "8", "--scenario", "steady-state",
                    "--chaos", "1s", "--heal", "2s", "--ops", "100", "--quiet", "--no-report");
            assertEquals(0, none.exitCode());
            assertFalse(Files.exists(runs.resolve("steady-state")
                    .resolve("seed-8-ops-100-chaos-1s-heal-2s")));
        } finally {
            deleteTree(runs);
        }
    }

    @Test
    void report_rendersRunsAndCampaignsAgain_andRefusesWhatIsNeither(@TempDir Path dir)
            throws Exception {
        Path run = dir.resolve("runs").resolve("one");
        assertEquals(0, detsim("run", "--seed", "7", "--scenario", "steady-state", "--chaos",
                "1s", "--heal", "2s", "--ops", "100", "--quiet", "--out", run.toString())
                .exitCode());
        Files.delete(run.resolve("report.html"));
        Outcome rendered = detsim("report", dir.resolve("runs").toString());
        assertEquals(0, rendered.exitCode(), rendered.out() + rendered.err());
        assertTrue(rendered.out().contains("report: " + run.resolve("report.html")),
                rendered.out());
        assertTrue(Files.isRegularFile(run.resolve("report.html")));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Outcome nothing = detsim("report", empty.toString());
        assertEquals(2, nothing.exitCode());
        assertTrue(nothing.err().contains("holds no saved run"), nothing.err());
        Outcome missing = detsim("report", dir.resolve("nope").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such directory"), missing.err());
        Files.writeString(run.resolve("check.json"), "{not json");
        Outcome broken = detsim("report", run.toString());
        assertEquals(2, broken.exitCode());
        assertTrue(broken.err().contains("check.json"), broken.err());
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void savedFailure_replaysBitForBit_andMinimizesToASmallerRunThatStillFails(@TempDir Path dir)
            throws Exception {
        Path saved = dir.resolve("failure");
        Outcome failing = detsim("run", "--seed", "4", "--bug", "stale-leader-read", "--quiet",
                "--out", saved.toString());
        assertEquals(1, failing.exitCode(), failing.out());
        Outcome replay = detsim("replay", saved.toString());
        assertEquals(0, replay.exitCode(), replay.out() + replay.err());
        assertTrue(replay.out().contains("replayed bit for bit"), replay.out());
        Path minimized = dir.resolve("min");
        Outcome min = detsim("minimize", saved.toString(), "--out", minimized.toString());
        assertEquals(0, min.exitCode(), min.out() + min.err());
        RunResult original = RunArtifacts.fromJson(Files.readString(saved.resolve("result.json")),
                "original");
        RunResult smaller = RunArtifacts.fromJson(Files.readString(
                minimized.resolve("result.json")), "minimized");
        assertEquals(Verdict.SAFETY, smaller.verdict(), smaller.reason());
        assertTrue(original.counterexample().contains("minimal non-linearizable sub-history"),
                original.counterexample());
        assertTrue(smaller.opsInvoked() < original.opsInvoked() / 2, smaller.opsInvoked() + " vs "
                + original.opsInvoked());
        Matcher m = REPRODUCE.matcher(min.out());
        assertTrue(m.find(), min.out());
        Outcome again = detsim((m.group(1) + " --quiet").split(" "));
        assertEquals(1, again.exitCode(), again.out());
        assertEquals(smaller.traceHash(), again.hash());
        Outcome notFailing = detsim("minimize", "--seed", "1", "--scenario", "steady-state",
                "--chaos", "1s", "--heal", "2s");
        assertEquals(2, notFailing.exitCode());
        assertTrue(notFailing.err().contains("nothing to minimize"), notFailing.err());
        Outcome notARun = detsim("replay", dir.toString());
        assertEquals(2, notARun.exitCode());
        assertTrue(notARun.err().contains("is not a saved run"), notARun.err());
    }

    @Test
    void badInput_exitsTwo_namingTheProblem(@TempDir Path dir) throws Exception {
        Outcome bug = detsim("run", "--seed", "1", "--bug", "off-by-one");
        assertEquals(2, bug.exitCode());
        assertTrue(bug.err().contains("unknown bug 'off-by-one'")
                && bug.err().contains("stale-leader-read"), bug.err());
        Outcome scenario = detsim("run", "--seed", "1", "--scenario", "chaos-monkey");
        assertEquals(2, scenario.exitCode());
        assertTrue(scenario.err().contains("unknown scenario 'chaos-monkey'"), scenario.err());
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"name\": \"b\", \"description\": \"d\", \"servers\": 0}");
        Outcome file = detsim("run", "--seed", "1", "--scenario", broken.toString());
        assertEquals(2, file.exitCode());
        assertTrue(file.err().contains("servers must be in [1, 15], was 0"), file.err());
        Outcome servers = detsim("run", "--seed", "1", "--servers", "99");
        assertEquals(2, servers.exitCode());
        assertTrue(servers.err().contains("servers must be in [1, 15]"), servers.err());
    }
}
