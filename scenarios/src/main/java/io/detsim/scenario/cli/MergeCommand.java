package io.detsim.scenario.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.detsim.scenario.campaign.CampaignSpec;
import io.detsim.scenario.campaign.CampaignSummary;
import io.detsim.scenario.campaign.ResultsLog;
import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code detsim merge}: joins the shards of one campaign into one result set and summary. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {
            "Joins the results of campaign shards (directories written by detsim campaign",
            "--shard k/n) into one results.jsonl and summary. Refuses shards of different",
            "campaigns; a seed found twice with different trace hashes is reported."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every seed merged, no failure found", "1:a failure was found",
            "2:bad usage or input, or seeds missing"})
final class MergeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = RunArtifacts.PRETTY_JSON;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "campaign directories")
    List<Path> shards;

    @Option(names = "--out", required = true, description = "where the merged campaign goes")
    Path out;

    /** Copies a shard's saved failing runs into the merged campaign, so its report links them. */
    private static void copyFailures(Path shard, Path out) throws IOException {
        Path failures = shard.resolve("failures");
        if (!Files.isDirectory(failures)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(failures)) {
            files = walk.sorted().toList();
        }
        for (Path source : files) {
            Path target = out.resolve("failures").resolve(failures.relativize(source).toString());
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else if (!Files.exists(target)) {
                Files.copy(source, target);
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        CampaignSpec campaign = null;
        java.util.Set<Integer> shardsSeen = new java.util.TreeSet<>();
        Map<Long, RunResult> bySeed = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        for (Path shard : shards) {
            Path specFile = shard.resolve("campaign.json");
            Path results = shard.resolve("results.jsonl");
            if (!Files.exists(specFile) || !Files.exists(results)) {
                throw new IllegalArgumentException(shard + " is not a campaign directory (no"
                        + " campaign.json and results.jsonl)");
            }
            CampaignSpec sharded;
            try {
                sharded = JSON.readValue(specFile.toFile(), CampaignSpec.class);
            } catch (IOException e) {
                throw new IllegalArgumentException(specFile + " is not a campaign description: "
                        + e.getMessage(), e);
            }
            if (!shardsSeen.add(sharded.shardIndex())) {
                throw new IllegalArgumentException(shard + " is shard " + sharded.shardIndex()
                        + "/" + sharded.shardCount() + " again: each shard may be given once");
            }
            CampaignSpec s = sharded.unsharded();
            if (campaign == null) {
                campaign = s;
            } else if (!campaign.equals(s)) {
                throw new IllegalArgumentException(shard + " is a different campaign: " + s
                        + " versus " + campaign);
            }
            for (RunResult r : ResultsLog.read(results)) {
                RunResult earlier = bySeed.putIfAbsent(r.seed(), r);
                if (earlier != null && !earlier.traceHash().equals(r.traceHash())) {
                    conflicts.add("seed " + r.seed() + ": trace hashes " + earlier.traceHash()
                            + " and " + r.traceHash());
                }
            }
        }
        Files.createDirectories(out);
        RunArtifacts.writeAtomically(out.resolve("campaign.json"),
                JSON.writeValueAsString(campaign) + "\n");
        StringBuilder lines = new StringBuilder();
        for (RunResult r : bySeed.values()) {
            lines.append(RunArtifacts.toJsonLine(r)).append('\n');
        }
        RunArtifacts.writeAtomically(out.resolve("results.jsonl"), lines.toString());
        List<RunResult> all = new ArrayList<>(bySeed.values());
        CampaignSummary summary = CampaignSummary.of(all);
        SummaryFiles.write(out, summary);
        for (Path shard : shards) {
            copyFailures(shard, out);
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.println("report: " + ReportCommand.render(out, false).getLast());
        printer.printf("merged %d shards: %d seeds of %d%n", shards.size(), all.size(),
                campaign.seedCount());
        if (all.size() < campaign.seedCount()) {
            printer.printf("INCOMPLETE: %d seeds missing (shards not given, or not finished:"
                    + " detsim campaign --resume completes a shard)%n",
                    campaign.seedCount() - all.size());
        }
        printer.print(summary.describe(10));
        for (String conflict : conflicts) {
            printer.println("NONDETERMINISM across shards: " + conflict);
        }
        printer.flush();
        if (summary.failureCount() > 0 || !conflicts.isEmpty()) {
            return DetsimCli.EXIT_FAILURE_FOUND;
        }
        return all.size() < campaign.seedCount() ? DetsimCli.EXIT_USAGE : DetsimCli.EXIT_PASS;
    }
}
