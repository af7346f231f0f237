package io.detsim.scenario.cli;

import io.detsim.report.CampaignReport;
import io.detsim.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code detsim report}: renders the HTML reports of saved runs and campaigns. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {
            "Renders report.html for saved runs (a directory with result.json: detsim run's",
            "output, a campaign's failures/seed-N) and campaigns (a directory with",
            "results.jsonl: its report and every failing seed's). A directory holding several",
            "(runs/, campaigns/) is searched. detsim run and detsim campaign already write",
            "their reports; this renders them again, e.g. after an upgrade."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every report rendered", "2:a directory holds no saved run or"
            + " campaign, or a saved file is malformed (named in the message)"})
final class ReportCommand implements Callable<Integer> {
    /** How deep a directory is searched for runs and campaigns (runs/SCENARIO/seed-N is 2). */
    private static final int SEARCH_DEPTH_MAX = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "saved runs, campaigns, or"
            + " directories holding them")
    List<Path> dirs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int problems = 0;
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                err.println("detsim: " + dir + (Files.exists(dir) ? ": not a directory (give the"
                        + " run's or campaign's directory)" : ": no such directory"));
                problems++;
                continue;
            }
            List<Path> found = find(dir);
            if (found.isEmpty()) {
                err.println("detsim: " + dir + " holds no saved run (result.json) or campaign"
                        + " (results.jsonl) within " + SEARCH_DEPTH_MAX + " levels");
                problems++;
            }
            for (Path target : found) {
                try {
                    for (Path written : render(target, true)) {
                        out.println("report: " + written);
                    }
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    err.println("detsim: " + e.getMessage());
                    problems++;
                }
            }
        }
        out.flush();
        err.flush();
        return problems == 0 ? DetsimCli.EXIT_PASS : DetsimCli.EXIT_USAGE;
    }

    /**
     * Renders a campaign (its failing seeds first, so its links work; with {@code all} false only
     * those without a report yet) or a single run. Returns the files written, the campaign's or
     * run's own report last.
     */
    static List<Path> render(Path dir, boolean all) {
        List<Path> written = new ArrayList<>();
        if (isCampaign(dir)) {
            Path failures = dir.resolve("failures");
            if (Files.isDirectory(failures)) {
                for (Path run : children(failures)) {
                    if (isRun(run) && (all || !Files.exists(run.resolve("report.html")))) {
                        written.add(RunReport.write(run));
                    }
                }
            }
            written.add(CampaignReport.write(dir));
        } else {
            written.add(RunReport.write(dir));
        }
        return written;
    }

    /** Campaigns and runs at or under {@code dir}; a campaign's own failures are its own. */
    private static List<Path> find(Path dir) {
        List<Path> found = new ArrayList<>();
        collect(dir, 0, found);
        return found;
    }

    private static void collect(Path dir, int depth, List<Path> found) {
        if (isCampaign(dir) || isRun(dir)) {
            found.add(dir);
            return;
        }
        if (depth >= SEARCH_DEPTH_MAX) {
            return;
        }
        for (Path child : children(dir)) {
            collect(child, depth + 1, found);
        }
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isCampaign(Path dir) {
        return Files.isRegularFile(dir.resolve("results.jsonl"));
    }

    private static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve("result.json"));
    }
}
