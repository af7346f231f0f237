package io.detsim.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryJson;
import io.detsim.check.history.OpType;
import io.detsim.raft.core.RaftBug;
import io.detsim.report.RunReport;
import io.detsim.report.browser.HeadlessChromium;
import io.detsim.scenario.campaign.Campaign;
import io.detsim.scenario.campaign.CampaignSpec;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.Scenarios;
import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.ScenarioRun;
import io.detsim.scenario.run.Verdict;
import io.detsim.sim.trace.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports of real runs, checked in a real headless Chromium: a failing run (the planted stale
 * leader read, default scenario, seed 4), a passing one, a campaign with failures, and a saved
 * run whose history values were replaced by markup. Screenshots go to
 * {@code target/browser-artifacts/}.
 */
class ReportBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT_VALUE = "<script>window.pwned = 1</script>";
    private static final String IMG_VALUE = "<img src=x onerror=\"window.pwned = 2\">";

    @TempDir
    static Path dir;
    private static HeadlessChromium browser;
    private static Path failing;
    private static Path passing;
    private static Path crashed;

    @BeforeAll
    static void runAndStartTheBrowser() {
        browser = HeadlessChromium.startOrSkip();
        Scenario swarm = Scenarios.load("swarm");
        failing = save(swarm, 4, RaftBug.STALE_LEADER_READ, "failing");
        passing = save(swarm, 1, RaftBug.NONE, "passing");
        crashed = save(swarm, 1, RaftBug.TRUNCATE_ON_MATCH, "crashed");
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path save(Scenario scenario, long seed, RaftBug bug, String name) {
        ScenarioRun run = new ScenarioRun(scenario, scenario.name(), seed, bug, Trace.Mode.RECORD,
                null);
        RunResult result = run.execute();
        Path out = dir.resolve(name);
        RunArtifacts.write(out, scenario, run, result);
        return out;
    }

    @Test
    void failingRun_drawsEveryOperation_andHighlightsTheOneThatCannotBeLinearized()
            throws IOException {
        RunResult result = RunArtifacts.fromJson(Files.readString(failing.resolve("result.json")),
                "result.json");
        assertEquals(Verdict.SAFETY, result.verdict(), "seed 4 with the stale read fails");
        JsonNode check = JSON.readTree(failing.resolve("check.json").toFile());
        long failingOp = check.path("partitions").get(0).path("failingOp").asLong();
        HeadlessChromium.Page page = browser.open(failing.resolve("report.html"));
        page.waitUntil("document.body.getAttribute('data-report-ready') === 'true'",
                java.time.Duration.ofSeconds(20));
        assertEquals(List.of(), page.consoleErrors());
        long invocations = invocations(failing);
        assertEquals(invocations, page.count("#timeline rect.op"));
        assertEquals(String.valueOf(invocations), page.eval(
                "document.getElementById('timeline').getAttribute('data-ops-drawn')"));
        assertEquals(1, page.count("#timeline rect.op-failing"));
        assertEquals(String.valueOf(failingOp), page.eval(
                "document.querySelector('#timeline rect.op-failing').getAttribute('data-op')"));
        assertTrue(page.count("#timeline rect.op-minimal") >= 1,
                "the rest of the minimal sub-history is marked");
        assertTrue(page.count("#timeline rect.role-leader") >= 1, "leaders are drawn");
        assertTrue(page.count("#timeline .failure-line") == 1);
        assertTrue(page.text(".reason").contains("not linearizable"));

        hover(page, "#timeline rect.op-failing");
        String details = page.text("#details");
        assertTrue(details.contains("cannot be linearized"), details);
        assertTrue(details.contains("state it met"), details);
        // An operation the checker linearized shows the model state around it.
        hover(page, "#timeline rect.op-prefix");
        assertTrue(page.text("#details").contains("state before"), page.text("#details"));
        page.screenshot(HeadlessChromium.artifactDir().resolve("run-report-failing.png"));
        page.execute("document.getElementById('zoom-failure').click();");
        assertEquals(1, page.count("#timeline rect.op-failing"));
        assertEquals(List.of(), page.consoleErrors());
        page.screenshot(HeadlessChromium.artifactDir().resolve("run-report-failing-zoomed.png"));
    }

    @Test
    void passingRun_hasNoFailureMarks_andShowsLinearizationStates() throws IOException {
        HeadlessChromium.Page page = browser.open(passing.resolve("report.html"));
        page.waitUntil("document.body.getAttribute('data-report-ready') === 'true'",
                java.time.Duration.ofSeconds(20));
        assertEquals(List.of(), page.consoleErrors());
        assertEquals(invocations(passing), page.count("#timeline rect.op"));
        assertEquals(0, page.count("#timeline rect.op-failing"));
        assertEquals(0, page.count("#timeline .failure-line"));
        assertTrue(page.count("#timeline rect.role-leader") >= 1);
        hover(page, "#timeline rect.op-ok");
        String details = page.text("#details");
        assertTrue(details.contains("linearized") && details.contains("state after"), details);
    }

    @Test
    void runStoppedByACheck_showsTheTraceUpToTheViolation() throws IOException {
        RunResult result = RunArtifacts.fromJson(Files.readString(crashed.resolve("result.json")),
                "result.json");
        assertEquals(Verdict.CRASH, result.verdict(), result.reason());
        HeadlessChromium.Page page = browser.open(crashed.resolve("report.html"));
        page.waitUntil("document.body.getAttribute('data-report-ready') === 'true'",
                java.time.Duration.ofSeconds(20));
        assertEquals(List.of(), page.consoleErrors());
        assertTrue(page.texts("h2").contains("First violated check"), page.texts("h2").toString());
        assertEquals(1, page.count("table.trace tr.at"));
        assertEquals(Boolean.TRUE, page.eval("document.querySelector('table.trace"
                + " tr:last-child').classList.contains('at')"), "the run's last event is marked");
        assertEquals(1, page.count("#timeline .failure-line"));
        assertEquals(invocations(crashed), page.count("#timeline rect.op"));
        page.screenshot(HeadlessChromium.artifactDir().resolve("run-report-crash.png"));
    }

    @Test
    void historyValuesThatLookLikeMarkupAreShownNotRun(@TempDir Path copy) throws IOException {
        for (String name : List.of("result.json", "scenario.json", "history.json",
                "check.json", "timeline.json")) {
            Files.copy(failing.resolve(name), copy.resolve(name));
        }
        ArrayNode ops = (ArrayNode) JSON.readTree(copy.resolve("history.json").toFile());
        for (JsonNode op : ops) {
            if (op.path("type").asText().equals("ok") && op.path("value").isTextual()) {
                ((ObjectNode) op).put("value", SCRIPT_VALUE + IMG_VALUE);
            }
        }
        Files.writeString(copy.resolve("history.json"), JSON.writeValueAsString(ops));
        ObjectNode result = (ObjectNode) JSON.readTree(copy.resolve("result.json").toFile());
        result.put("reason", "history not linearizable: " + SCRIPT_VALUE);
        Files.writeString(copy.resolve("result.json"), JSON.writeValueAsString(result));
        RunReport.write(copy);

        HeadlessChromium.Page page = browser.open(copy.resolve("report.html"));
        page.waitUntil("document.body.getAttribute('data-report-ready') === 'true'",
                java.time.Duration.ofSeconds(20));
        assertEquals(List.of(), page.consoleErrors());
        assertEquals(null, page.eval("window.pwned === undefined ? null : window.pwned"),
                "a history value ran as script");
        assertEquals(2, page.count("script"), "only the report's own two scripts exist");
        assertEquals(0, page.count("img"), "a value became an element");
        assertTrue(page.text(".reason").contains(SCRIPT_VALUE), page.text(".reason"));
        hover(page, "#timeline rect.op-failing"); // a read: its value was replaced
        assertTrue(page.text("#details").contains(SCRIPT_VALUE), page.text("#details"));
    }

    @Test
    void campaignReport_groupsFailuresAndLinksEachRunReport() throws IOException {
        Path campaignDir = dir.resolve("campaign");
        CampaignSpec spec = new CampaignSpec("swarm", "", "stale-leader-read", 1, 6, 1, 1);
        List<RunResult> results = new Campaign(spec, Scenarios.load("swarm"), campaignDir, 2, 0,
                0, new Campaign.Listener() { }).run(false);
        long failures = results.stream().filter(r -> r.verdict().isFailure()).count();
        assertTrue(failures >= 1, "stale-leader-read fails within 6 seeds (seed 3 and 4 do)");
        io.detsim.report.CampaignReport.write(campaignDir);
        HeadlessChromium.Page page = browser.open(campaignDir.resolve("report.html"));
        assertEquals(List.of(), page.consoleErrors());
        assertEquals(failures, page.count("a.seed"));
        assertTrue(page.text("h1").contains("stale-leader-read"), page.text("h1"));
        page.screenshot(HeadlessChromium.artifactDir().resolve("campaign-report.png"));
        String href = (String) page.eval("document.querySelector('a.seed').getAttribute('href')");
        HeadlessChromium.Page run = browser.open(campaignDir.resolve(href));
        run.waitUntil("document.body.getAttribute('data-report-ready') === 'true'",
                java.time.Duration.ofSeconds(20));
        assertEquals(List.of(), run.consoleErrors());
        assertEquals(1, run.count("#timeline rect.op-failing"));
        assertEquals(1, run.count("nav a"), "the run links back to its campaign");
    }

    private static void hover(HeadlessChromium.Page page, String selector) {
        page.execute("document.querySelector(arguments[0]).scrollIntoView({block: 'center',"
                + " inline: 'center'});", selector);
        page.hover(selector);
    }

    private static long invocations(Path run) throws IOException {
        History history = HistoryJson.read(Files.readString(run.resolve("history.json")),
                "history.json");
        assertFalse(history.ops().isEmpty());
        return history.ops().stream().filter(op -> op.type() == OpType.INVOKE).count();
    }
}
