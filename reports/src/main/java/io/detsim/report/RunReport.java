package io.detsim.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detsim.check.edn.EdnWriter;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryJson;
import io.detsim.check.history.Op;
import io.detsim.check.history.OpType;
import io.detsim.sim.fault.Durations;
import io.detsim.sim.trace.TraceEvent;
import io.detsim.sim.trace.TraceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's HTML report, {@code report.html}, rendered from the files the run saved ({@code
 * result.json}, {@code history.json}, {@code check.json}, {@code timeline.json}, {@code
 * trace.jsonl}, {@code scenario.json}). One self-contained file: styles, script and data inline,
 * nothing fetched. It renders what the run decided; it never judges anything itself.
 */
public final class RunReport {
    /** Trace events shown before the first violated check. */
    static final int TRACE_EVENTS_SHOWN = 40;
    static final String FILE_NAME = "report.html";
    /** The verdicts that mean a bug was found (the rest pass or prove too little). */
    static final List<String> FAILURE_KINDS = List.of("SAFETY", "LIVENESS", "CRASH",
            "NONDETERMINISM");
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What the page's script draws: the history's operations, the check and the timeline. */
    record PageData(long endNanos, long failureNanos, List<OpBar> ops,
            CheckReport check, ClusterTimeline timeline) {}

    /**
     * One operation as a bar: invocation to completion, or for an unknown outcome ({@code info})
     * to when the client gave up ({@code end} is -1 when nothing completed it at all). {@code id}
     * is the history index of its invocation.
     */
    record OpBar(long id, long process, String f, String key, String argument, String result,
            String type, long start, long end) {}

    private final Path dir;
    private final JsonNode result;
    private final History history;
    private final CheckReport check;
    private final ClusterTimeline timeline;
    /** The history's operations as bars, in invocation order (empty without a history). */
    private final List<OpBar> bars;
    /** The trace events the report shows and which to mark; null without a saved trace. */
    private final TraceWindow trace;
    private final long failingAt;
    private final String scenarioJson;

    private RunReport(Path dir) {
        this.dir = dir;
        Path resultFile = dir.resolve("result.json");
        if (!Files.isRegularFile(resultFile)) {
            throw new IllegalArgumentException(dir + " is not a saved run: it has no result.json"
                    + " (write one with detsim run --out DIR)");
        }
        this.result = readTree(resultFile);
        this.history = optional(dir.resolve("history.json"), file -> HistoryJson.read(
                Files.readString(file), file.toString()));
        this.check = optional(dir.resolve("check.json"), file -> JSON.readValue(file.toFile(),
                CheckReport.class));
        this.timeline = optional(dir.resolve("timeline.json"), file -> JSON.readValue(
                file.toFile(), ClusterTimeline.class));
        this.bars = history == null ? List.of() : bars(history);
        this.failingAt = failingOpCompletionNanos();
        this.trace = optional(dir.resolve("trace.jsonl"), file -> traceWindow(file, failingAt));
        this.scenarioJson = optional(dir.resolve("scenario.json"), Files::readString);
    }

    /**
     * Renders {@code dir/report.html} from the run saved in {@code dir} and returns its path.
     *
     * @throws IllegalArgumentException naming the file when the directory holds no run or a file
     *     in it is not what it should be
     */
    public static Path write(Path dir) {
        RunReport report = new RunReport(dir);
        Path target = dir.resolve(FILE_NAME);
        writeReport(target, report.render());
        return target;
    }

    /** The page, as text. */
    String render() {
        String verdict = text("verdict");
        boolean failed = FAILURE_KINDS.contains(verdict);
        StringBuilder out = new StringBuilder(64 * 1024);
        String title = "detsim run: " + text("scenario") + " seed " + text("seed") + " — "
                + verdict;
        ReportPage.open(out, title);
        campaignLink(out);
        out.append("<header><h1>").append(Html.escape(text("scenario"))).append(" · seed ")
                .append(Html.escape(text("seed"))).append(" <span class=\"verdict verdict-")
                .append(Html.escape(verdict.toLowerCase())).append("\">")
                .append(Html.escape(verdict)).append("</span></h1>\n");
        if (!verdict.equals("PASS") && !text("reason").isEmpty()) {
            out.append("<p class=\"reason\">").append(Html.escape(text("reason")))
                    .append("</p>\n");
        }
        out.append("<p class=\"reproduce\">reproduce: <code id=\"reproduce\">")
                .append(Html.escape(text("reproduce"))).append("</code></p>\n</header>\n");
        facts(out);
        section(out, "Fault profile", "<pre class=\"profile\">" + Html.escape(text("profile"))
                + "</pre>");
        timelineSection(out);
        counterexample(out);
        if (failed) {
            traceSection(out);
        } else if (!verdict.equals("PASS")) {
            section(out, "Why the run is inconclusive", "<p class=\"reason\">"
                    + Html.escape(text("reason")) + "</p><p>" + Html.escape(verdict)
                    + " is neither a pass nor a failure: "
                    + (verdict.equals("UNDECIDED") ? "the checker's budget ran out before it"
                            + " could decide." : "the run proved too little to count.") + "</p>");
        }
        metrics(out);
        if (scenarioJson != null) {
            section(out, "Scenario", "<details><summary>the scenario exactly as run"
                    + " (scenario.json)</summary><pre>" + Html.escape(scenarioJson)
                    + "</pre></details>");
        }
        files(out);
        out.append("<script type=\"application/json\" id=\"report-data\">")
                .append(Html.jsonForScript(pageData(failed))).append("</script>\n");
        out.append("<script>").append(Html.resource("run-report.js")).append("</script>\n");
        ReportPage.close(out);
        return out.toString();
    }

    // ---- sections ----

    private void campaignLink(StringBuilder out) {
        Path parent = dir.toAbsolutePath().normalize().getParent();
        if (parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals("failures")
                && Files.isRegularFile(parent.resolveSibling("campaign.json"))) {
            out.append("<nav><a href=\"../../").append(CampaignReport.FILE_NAME)
                    .append("\">← campaign report</a></nav>\n");
        }
    }

    private void facts(StringBuilder out) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("scenario", text("scenario"));
        facts.put("seed", text("seed"));
        facts.put("system under test", systemUnderTest());
        facts.put("planted bug", text("bug"));
        facts.put("verdict", text("verdict"));
        facts.put("trace hash", text("traceHash"));
        facts.put("simulated", Durations.format(result.path("simulatedNanos").asLong()) + " in "
                + text("events") + " events");
        facts.put("operations", text("opsInvoked") + " invoked: " + text("opsOk") + " ok, "
                + text("opsFail") + " fail, " + text("opsInfo") + " info (outcome unknown)");
        facts.put("faults applied", text("faultsApplied") + " (and " + text("halts")
                + " self-halts on I/O errors)");
        facts.put("linearizability", text("checker"));
        if (!text("leaseChecker").isEmpty()) {
            facts.put("with lease reads", text("leaseChecker") + " (checked apart: clock faults"
                    + " and pauses may legitimately break leases)");
        }
        StringBuilder table = new StringBuilder("<table class=\"facts\">");
        facts.forEach((name, value) -> table.append("<tr><th>").append(Html.escape(name))
                .append("</th><td>").append(Html.escape(value)).append("</td></tr>"));
        table.append("</table>");
        section(out, "Run", table.toString());
    }

    private void timelineSection(StringBuilder out) {
        StringBuilder body = new StringBuilder();
        if (history == null && timeline == null) {
            body.append("<p>No history.json or timeline.json was saved with this run.</p>");
        } else {
            body.append("""
                    <div class="controls">
                      <button type="button" id="pan-left">◀ earlier</button>
                      <button type="button" id="pan-right">later ▶</button>
                      <button type="button" id="zoom-in">zoom in</button>
                      <button type="button" id="zoom-out">zoom out</button>
                      <button type="button" id="zoom-fit">whole run</button>
                      <button type="button" id="zoom-failure" hidden>go to the failure</button>
                      <span class="legend">
                        <span class="sw sw-ok"></span>ok <span class="sw sw-fail"></span>fail
                        <span class="sw sw-info"></span>info (outcome unknown)
                        <span class="sw sw-failing"></span>cannot be linearized
                        <span class="sw sw-minimal"></span>in the minimal sub-history
                        <span class="sw sw-prefix"></span>in the longest linearizable prefix
                        <span class="sw sw-follower"></span>follower
                        <span class="sw sw-pre-candidate"></span>pre-candidate
                        <span class="sw sw-candidate"></span>candidate
                        <span class="sw sw-leader"></span>leader
                        <span class="sw sw-down"></span>down
                        <span class="sw sw-halted"></span>halted (I/O error)
                        <span class="sw sw-paused"></span>paused
                        <span class="sw sw-network"></span>network cut
                        <span class="sw sw-clog"></span>clog
                        <span class="sw sw-disk-full"></span>disk full
                        <span class="muted">▼ marks: elected, crash, restart, clock jump, disk
                        fault, heal (point at one); Ctrl+wheel zooms where it points</span>
                      </span>
                    </div>
                    <div id="details" class="details" aria-live="polite">Point at an operation
                    or a span for its details: for an operation, the model state before and after
                    it in the checker's linearization. Click to keep them here.</div>
                    <div id="timeline" class="timeline"></div>
                    <noscript>The timeline is drawn by the page's script; everything else on this
                    page is plain HTML.</noscript>
                    """);
            if (timeline == null) {
                body.append("<p>No timeline.json was saved: the cluster's lanes are missing.</p>");
            }
            if (check == null) {
                body.append(text("checker").equals("not run")
                        ? "<p>The linearizability check did not run (the run stopped before it):"
                                + " operations are drawn without a linearization.</p>"
                        : "<p>No check.json was saved: operations are drawn without the"
                                + " checker's linearization.</p>");
            }
        }
        section(out, "Timeline", body.toString());
    }

    private void counterexample(StringBuilder out) {
        String text = text("counterexample");
        if (!text.isEmpty()) {
            section(out, "Why the history is not linearizable",
                    "<pre class=\"counterexample\">" + Html.escape(text) + "</pre>");
        }
    }

    /**
     * The trace where the run went wrong: for a violated invariant (or a liveness or crash
     * failure) the events up to where the run stopped; for a history that is not linearizable,
     * the events around the completion of the operation that could not be placed.
     */
    private void traceSection(StringBuilder out) {
        StringBuilder body = new StringBuilder();
        body.append("<p class=\"reason\">").append(Html.escape(text("reason"))).append("</p>");
        if (trace == null) {
            body.append("<p>No trace.jsonl was saved with this run (campaigns save it for"
                    + " failures; detsim run saves it unless --no-report).</p>");
        } else {
            List<TraceEvent> shown = trace.events();
            int highlight = trace.marked();
            if (failingAt >= 0) {
                body.append("<p>The trace around ").append(Html.escape(Durations.format(
                        failingAt))).append(", when the operation that cannot be linearized"
                                + " completed (highlighted: the first event at or after it):</p>");
            } else {
                body.append("<p>The last ").append(shown.size())
                        .append(" trace events, up to where the run stopped (highlighted: the"
                                + " event after which the check failed):</p>");
            }
            body.append("<table class=\"trace\"><tr><th>step</th><th>time</th><th>event</th>"
                            + "<th>node</th><th>peer</th><th>detail</th><th>note</th></tr>");
            for (int i = 0; i < shown.size(); i++) {
                TraceEvent e = shown.get(i);
                body.append("<tr class=\"").append(i == highlight ? "at " : "").append("k-")
                        .append(Html.escape(e.kind().name().toLowerCase()))
                        .append("\"><td>").append(e.step()).append("</td><td>")
                        .append(Html.escape(Durations.format(e.timeNanos()))).append("</td><td>")
                        .append(Html.escape(e.kind().name())).append("</td><td>")
                        .append(e.node() < 0 ? "" : "n" + e.node()).append("</td><td>")
                        .append(e.peer() < 0 ? "" : "n" + e.peer()).append("</td><td>")
                        .append(e.detail()).append("</td><td>").append(Html.escape(e.note()))
                        .append("</td></tr>");
            }
            body.append("</table>");
        }
        section(out, failingAt >= 0 ? "The trace around the failing operation"
                : "First violated check", body.toString());
    }

    private void metrics(StringBuilder out) {
        JsonNode metrics = result.path("metrics");
        if (!metrics.isArray() || metrics.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>();
        metrics.get(0).fieldNames().forEachRemaining(columns::add);
        StringBuilder table = new StringBuilder("<table class=\"metrics\"><tr>");
        for (String column : columns) {
            table.append("<th>").append(Html.escape(column)).append("</th>");
        }
        table.append("</tr>");
        for (JsonNode node : metrics) {
            table.append("<tr>");
            for (String column : columns) {
                table.append("<td>").append(Html.escape(node.path(column).asText()))
                        .append("</td>");
            }
            table.append("</tr>");
        }
        table.append("</table>");
        section(out, "Nodes at the end (servers that were up)", table.toString());
    }

    private void files(StringBuilder out) {
        StringBuilder list = new StringBuilder("<ul class=\"files\">");
        for (String name : List.of("result.json", "scenario.json", "history.edn", "history.json",
                "check.json", "timeline.json", "trace.jsonl")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                list.append("<li><a href=\"").append(Html.escape(name)).append("\">")
                        .append(Html.escape(name)).append("</a></li>");
            }
        }
        list.append("</ul><p>Replay it bit for bit: <code>./detsim replay ")
                .append(Html.escape(dir.toString())).append("</code>; shrink it: <code>./detsim"
                        + " minimize ").append(Html.escape(dir.toString())).append("</code>.</p>");
        section(out, "Files", list.toString());
    }

    private static void section(StringBuilder out, String title, String body) {
        out.append("<section><h2>").append(Html.escape(title)).append("</h2>\n").append(body)
                .append("\n</section>\n");
    }

    /** When the operation the checker could not place completed, or -1. */
    private long failingOpCompletionNanos() {
        if (check == null) {
            return -1;
        }
        for (CheckReport.Partition p : check.partitions()) {
            if (!p.linearizable() && p.failingOp() >= 0) {
                for (OpBar bar : bars) {
                    if (bar.id() == p.failingOp()) {
                        return bar.end() >= 0 ? bar.end() : bar.start();
                    }
                }
            }
        }
        return -1;
    }

    // ---- the script's data ----

    private PageData pageData(boolean failed) {
        List<OpBar> ops = bars;
        long end = 0;
        for (OpBar op : ops) {
            end = Math.max(end, Math.max(op.start(), op.end()));
        }
        if (timeline != null) {
            end = Math.max(end, timeline.endNanos());
        }
        long simulated = result.path("simulatedNanos").asLong();
        end = Math.max(end, simulated);
        return new PageData(end, failed ? simulated : -1, ops, check, timeline);
    }

    /** Pairs each invocation with its completion (a process has one operation at a time). */
    static List<OpBar> bars(History history) {
        List<OpBar> bars = new ArrayList<>();
        Map<Long, Op> pending = new LinkedHashMap<>();
        for (Op op : history.ops()) {
            if (op.type() == OpType.INVOKE) {
                pending.put(op.process(), op);
                continue;
            }
            Op invoke = pending.remove(op.process());
            if (invoke == null) {
                continue; // the history readers refuse such histories; nothing to draw
            }
            bars.add(bar(invoke, op));
        }
        for (Op invoke : pending.values()) {
            bars.add(bar(invoke, null));
        }
        bars.sort((a, b) -> Long.compare(a.id(), b.id()));
        return bars;
    }

    private static OpBar bar(Op invoke, Op completion) {
        String type = completion == null ? "info" : completion.type().jepsenName();
        // An info completion is when the client gave up; the operation may still take effect.
        long end = completion == null ? -1 : completion.timeNanos();
        return new OpBar(invoke.index(), invoke.process(), invoke.f(),
                CheckReport.keyText(invoke.key()), EdnWriter.write(invoke.value()),
                completion == null ? null : EdnWriter.write(completion.value()), type,
                invoke.timeNanos(), end);
    }

    // ---- reading ----

    /** The scenario's system (saved in scenario.json), ours when the file does not say. */
    private String systemUnderTest() {
        if (scenarioJson != null) {
            try {
                JsonNode system = JSON.readTree(scenarioJson).path("system");
                if (system.isTextual()) {
                    return system.asText().equals("raft") ? "raft (ours)" : system.asText();
                }
            } catch (IOException e) {
                return "unknown (scenario.json is not JSON)";
            }
        }
        return "raft (ours)";
    }

    private String text(String field) {
        JsonNode node = result.path(field);
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    /**
     * Streams the trace once and keeps what the report shows: around {@code centerNanos} (half
     * before, then the first event at or after it, marked, and what follows), or, when it is
     * negative, the last events (the last one marked).
     */
    private static TraceWindow traceWindow(Path file, long centerNanos) {
        ArrayDeque<TraceEvent> before = new ArrayDeque<>();
        List<TraceEvent> after = new ArrayList<>();
        int beforeMax = centerNanos < 0 ? TRACE_EVENTS_SHOWN : TRACE_EVENTS_SHOWN / 2;
        TraceFile.forEach(file, e -> {
            if (centerNanos < 0 || (e.timeNanos() < centerNanos && after.isEmpty())) {
                before.addLast(e);
                if (before.size() > beforeMax) {
                    before.removeFirst();
                }
            } else if (before.size() + after.size() < TRACE_EVENTS_SHOWN) {
                after.add(e);
            }
        });
        List<TraceEvent> window = new ArrayList<>(before);
        window.addAll(after);
        return new TraceWindow(window, centerNanos < 0 ? window.size() - 1 : before.size());
    }

    /** Trace events to show, and the index of the one to mark. */
    private record TraceWindow(List<TraceEvent> events, int marked) {}

    private interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private static <T> T optional(Path file, Reader<T> reader) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return reader.read(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": cannot be read for the report: "
                    + e.getMessage(), e);
        }
    }

    private static JsonNode readTree(Path file) {
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            if (tree == null || !tree.isObject() || !tree.has("verdict")) {
                throw new IllegalArgumentException(file + ": not a run result (no verdict)");
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a run result: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code text} to a temporary file beside {@code target}, then moves it into place, so
     * an interrupted write never leaves half a file (every saved artifact is written so).
     */
    public static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@link #writeAtomically}, failing unchecked with the file's name. */
    static void writeReport(Path target, String text) {
        try {
            writeAtomically(target, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
