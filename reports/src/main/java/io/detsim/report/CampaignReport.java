package io.detsim.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A campaign's HTML report, {@code report.html} in the campaign directory: what ran (scenario,
 * planted bug, seeds), how fast, and every failure grouped by kind and by the check that caught
 * it, each linked to its run report under {@code failures/seed-N/}. Rendered from {@code
 * campaign.json}, {@code results.jsonl} and {@code sessions.jsonl}; a torn last line of
 * {@code results.jsonl} (an interrupted campaign) is skipped, as {@code --resume} does.
 */
public final class CampaignReport {
    static final String FILE_NAME = "report.html";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBERS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern HASHES = Pattern.compile("\\b[0-9a-f]{16}\\b");
    private static final List<String> FAILURE_KINDS = RunReport.FAILURE_KINDS;
    private static final List<String> INCONCLUSIVE_KINDS = List.of("VACUOUS", "UNDECIDED");

    /** One seed's line of {@code results.jsonl}, the fields the report shows. */
    record Result(long seed, String scenario, String bug, String verdict, String reason,
            String reproduce, long wallNanos, long simulatedNanos, String leaseChecker) {}

    private final Path dir;
    private final JsonNode spec;
    private final List<Result> results;
    private final List<JsonNode> sessions;

    private CampaignReport(Path dir) {
        this.dir = dir;
        Path resultsFile = dir.resolve("results.jsonl");
        if (!Files.isRegularFile(resultsFile)) {
            throw new IllegalArgumentException(dir + " is not a campaign directory: it has no"
                    + " results.jsonl");
        }
        this.spec = readObject(dir.resolve("campaign.json"));
        this.results = readResults(resultsFile);
        this.sessions = readLines(dir.resolve("sessions.jsonl"));
    }

    /**
     * Renders {@code dir/report.html} and returns its path.
     *
     * @throws IllegalArgumentException naming the file when {@code dir} is not a campaign or a
     *     file in it is malformed
     */
    public static Path write(Path dir) {
        CampaignReport report = new CampaignReport(dir);
        Path target = dir.resolve(FILE_NAME);
        RunReport.writeReport(target, report.render());
        return target;
    }

    String render() {
        StringBuilder out = new StringBuilder(32 * 1024);
        String scenario = spec == null ? scenarioOfResults() : spec.path("scenario").asText();
        String bug = spec == null ? "" : spec.path("bug").asText("none");
        ReportPage.open(out, "detsim campaign: " + scenario + (isPlanted(bug) ? " with " + bug
                : ""));
        Map<String, List<Result>> byVerdict = new TreeMap<>();
        for (Result r : results) {
            byVerdict.computeIfAbsent(r.verdict(), v -> new ArrayList<>()).add(r);
        }
        long failures = FAILURE_KINDS.stream().mapToLong(k -> byVerdict.getOrDefault(k,
                List.of()).size()).sum();
        out.append("<header><h1>campaign · ").append(Html.escape(scenario));
        if (isPlanted(bug)) {
            out.append(" · planted bug ").append(Html.escape(bug));
        }
        out.append(" <span class=\"verdict verdict-").append(failures > 0 ? "safety" : "pass")
                .append("\">").append(failures > 0 ? failures + " FAILING SEEDS" : "ALL PASS")
                .append("</span></h1></header>\n");
        facts(out, scenario, bug, byVerdict);
        failureGroups(out, byVerdict, FAILURE_KINDS, "Failures",
                "No seed failed.");
        failureGroups(out, byVerdict, INCONCLUSIVE_KINDS, "Inconclusive runs (not counted as"
                + " passes)", "None: every run that passed proved something.");
        out.append("<section><h2>Coverage</h2><p class=\"muted\">detsim has no coverage marks"
                + " yet, so none can be listed as never hit.</p></section>\n");
        out.append("<section><h2>Files</h2><ul class=\"files\">");
        for (String name : List.of("campaign.json", "results.jsonl", "summary.json",
                "summary.txt", "sessions.jsonl")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                out.append("<li><a href=\"").append(name).append("\">").append(name)
                        .append("</a></li>");
            }
        }
        out.append("</ul></section>\n");
        ReportPage.close(out);
        return out.toString();
    }

    private void facts(StringBuilder out, String scenario, String bug,
            Map<String, List<Result>> byVerdict) {
        StringBuilder table = new StringBuilder("<table class=\"facts\">");
        row(table, "scenario", scenario);
        row(table, "planted bug", isPlanted(bug) ? bug : "none (the correct Raft)");
        if (spec != null) {
            long first = spec.path("firstSeed").asLong();
            long count = spec.path("seedCount").asLong();
            row(table, "seeds asked for", count > 0 ? first + " .. " + (first + count - 1)
                    : "from " + first + ", as many as the time budget allowed");
            if (spec.path("shardCount").asInt(1) > 1) {
                row(table, "shard", spec.path("shardIndex").asInt() + " of "
                        + spec.path("shardCount").asInt());
            }
            if (!spec.path("knobs").asText().isBlank()) {
                row(table, "knobs", spec.path("knobs").asText().trim());
            }
        }
        StringBuilder counts = new StringBuilder();
        byVerdict.forEach((verdict, list) -> counts.append(counts.isEmpty() ? "" : ", ")
                .append(list.size()).append(' ').append(verdict));
        row(table, "seeds run", results.size() + (results.isEmpty() ? "" : ": " + counts));
        List<Result> leased = results.stream().filter(r -> r.leaseChecker() != null).toList();
        if (!leased.isEmpty()) {
            List<Long> broken = leased.stream().filter(r -> r.leaseChecker()
                    .startsWith("not linearizable")).map(Result::seed).toList();
            row(table, "lease reads (checked apart)", broken.size() + " of " + leased.size()
                    + " seeds with lease reads not linearizable" + (broken.isEmpty() ? ""
                    : ": seeds " + broken.subList(0, Math.min(20, broken.size()))
                    + (broken.size() > 20 ? " …" : "")));
        }
        long wallNanos = 0;
        long simulatedNanos = 0;
        for (Result r : results) {
            wallNanos += r.wallNanos();
            simulatedNanos += r.simulatedNanos();
        }
        if (wallNanos > 0) {
            row(table, "per worker", String.format(Locale.ROOT, "%.1f seeds/s (%.0fx real time):"
                    + " %d seeds in %.1f s of run time", results.size() / (wallNanos / 1e9),
                    simulatedNanos / (double) wallNanos, results.size(), wallNanos / 1e9));
        }
        for (JsonNode s : sessions) {
            double wall = s.path("wallSeconds").asDouble();
            long seeds = s.path("seeds").asLong();
            row(table, "session " + s.path("startedAt").asText(""), String.format(Locale.ROOT,
                    "%d seeds in %.1f s wall on %d jobs: %.1f seeds/s%s", seeds, wall,
                    s.path("jobs").asInt(), seeds / Math.max(wall, 1e-9),
                    s.path("stoppedEarly").asBoolean() ? " (stopped early)" : ""));
        }
        table.append("</table>");
        out.append("<section><h2>Campaign</h2>").append(table).append("</section>\n");
    }

    private void failureGroups(StringBuilder out, Map<String, List<Result>> byVerdict,
            List<String> kinds, String title, String none) {
        out.append("<section><h2>").append(Html.escape(title)).append("</h2>\n");
        boolean any = false;
        for (String kind : kinds) {
            List<Result> list = byVerdict.getOrDefault(kind, List.of());
            if (list.isEmpty()) {
                continue;
            }
            any = true;
            Map<String, List<Result>> bySignature = new TreeMap<>();
            for (Result r : list) {
                bySignature.computeIfAbsent(signature(r.reason()), s -> new ArrayList<>()).add(r);
            }
            out.append("<h3 class=\"kind kind-").append(Html.escape(kind.toLowerCase()))
                    .append("\">").append(Html.escape(kind)).append(" · ").append(list.size())
                    .append(list.size() == 1 ? " seed" : " seeds").append("</h3>\n");
            out.append("<table class=\"groups\"><tr><th>caught by</th><th>seeds</th>"
                    + "<th>first seed's reason</th><th>scenario / bug</th></tr>");
            bySignature.forEach((signature, group) -> {
                out.append("<tr class=\"group\"><td>").append(Html.escape(signature))
                        .append("</td><td>");
                for (Result r : group) {
                    seedLink(out, r);
                }
                Result first = group.get(0);
                out.append("</td><td>").append(Html.escape(first.reason())).append("<br><code>")
                        .append(Html.escape(first.reproduce())).append("</code></td><td>")
                        .append(Html.escape(first.scenario())).append(" / ")
                        .append(Html.escape(first.bug())).append("</td></tr>");
            });
            out.append("</table>\n");
        }
        if (!any) {
            out.append("<p>").append(Html.escape(none)).append("</p>");
        }
        out.append("</section>\n");
    }

    private void seedLink(StringBuilder out, Result r) {
        String runDir = "failures/seed-" + r.seed();
        if (Files.isRegularFile(dir.resolve(runDir).resolve(RunReport.FILE_NAME))) {
            out.append("<a class=\"seed\" href=\"").append(runDir).append('/')
                    .append(RunReport.FILE_NAME).append("\">seed ").append(r.seed())
                    .append("</a> ");
        } else {
            out.append("<span class=\"seed\" title=\"no run report saved\">seed ")
                    .append(r.seed()).append("</span> ");
        }
    }

    /**
     * What caught a failure, without the particulars: the reason up to its first colon or
     * semicolon, numbers
     * replaced by {@code N} and trace hashes by {@code H} (so "invariant leader-completeness
     * violated" groups all of its seeds, "no leader 5s after the heal at 20s" all liveness losses
     * of that shape, and every NONDETERMINISM one group).
     */
    static String signature(String reason) {
        if (reason == null || reason.isBlank()) {
            return "(no reason given)";
        }
        int end = reason.length();
        for (char stop : new char[] {':', ';'}) {
            int at = reason.indexOf(stop);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        String head = reason.substring(0, end);
        String withoutHashes = HASHES.matcher(head.strip()).replaceAll("H");
        return NUMBERS.matcher(withoutHashes).replaceAll("N");
    }

    private String scenarioOfResults() {
        return results.isEmpty() ? "(unknown)" : results.get(0).scenario();
    }

    private static boolean isPlanted(String bug) {
        return bug != null && !bug.isBlank() && !bug.equals("none");
    }

    private static void row(StringBuilder table, String name, String value) {
        table.append("<tr><th>").append(Html.escape(name)).append("</th><td>")
                .append(Html.escape(value)).append("</td></tr>");
    }

    // ---- reading ----

    private static JsonNode readObject(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getMessage(), e);
        }
    }

    private static List<Result> readResults(Path file) {
        List<Result> list = new ArrayList<>();
        List<JsonNode> lines = readLines(file);
        for (JsonNode n : lines) {
            list.add(new Result(n.path("seed").asLong(), n.path("scenario").asText(),
                    n.path("bug").asText("none"), n.path("verdict").asText("?"),
                    n.path("reason").isNull() ? null : n.path("reason").asText(),
                    n.path("reproduce").asText(), n.path("wallNanos").asLong(),
                    n.path("simulatedNanos").asLong(), n.path("leaseChecker").isTextual()
                            ? n.path("leaseChecker").asText() : null));
        }
        list.sort((a, b) -> Long.compare(a.seed(), b.seed()));
        return list;
    }

    /** JSON lines; a malformed last line is a torn append and is skipped, any other fails. */
    private static List<JsonNode> readLines(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
        }
        List<JsonNode> nodes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                nodes.add(JSON.readTree(line));
            } catch (IOException e) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a JSON line: "
                        + e.getMessage(), e);
            }
        }
        return nodes;
    }
}
