package io.detsim.scenario.cli;

import io.detsim.raft.core.RaftBug;
import io.detsim.scenario.campaign.Campaign;
import io.detsim.scenario.campaign.CampaignSpec;
import io.detsim.scenario.campaign.CampaignSummary;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.Scenarios;
import io.detsim.scenario.run.RunResult;
import io.detsim.sim.fault.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code detsim campaign}: many seeds of one scenario, resumable, shardable. */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = {
            "Runs many seeds of a scenario on worker threads (each run stays deterministic),",
            "appending every result to DIR/results.jsonl as it completes: a killed campaign",
            "loses nothing, and --resume continues it. Failing seeds are re-run with their",
            "trace recorded (a different trace hash is NONDETERMINISM) and saved under",
            "DIR/failures/. With no options: 1000 seeds of the default scenario."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no failure found", "1:a failure was found", "2:bad usage or input"})
final class CampaignCommand implements Callable<Integer> {
    /** How long Ctrl-C waits for the seeds under way, the summary and the report. */
    private static final long INTERRUPT_WAIT_SECONDS = 60;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seeds", description = "seeds to run (default: 1000, or as many as the"
            + " time budget allows when --time-budget is given)")
    Long seedCount;

    @Option(names = "--time-budget", converter = DurationConverter.class,
            description = "start no new seed after this much wall time, e.g. 10m")
    Long timeBudgetNanos;

    @Option(names = "--first-seed", defaultValue = "1", converter = SeedConverter.class,
            description = "the first seed (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--scenario", defaultValue = Scenarios.DEFAULT,
            description = "a built-in scenario (${COMPLETION-CANDIDATES}) or a scenario .json"
                    + " file (default: ${DEFAULT-VALUE})",
            completionCandidates = RunCommand.BuiltIns.class)
    String scenarioRef;

    @Option(names = "--bug", defaultValue = "none",
            description = "plant one known Raft bug: ${COMPLETION-CANDIDATES}"
                    + " (default: ${DEFAULT-VALUE})",
            completionCandidates = RunCommand.BugNames.class)
    String bugName;

    @CommandLine.Mixin
    ScenarioKnobs knobs = new ScenarioKnobs();

    @Option(names = "--jobs", description = "worker threads (default: the machine's cores)")
    Integer jobs;

    @Option(names = "--shard", description = "k/n: run only the k-th of n interleaved slices of"
            + " the seeds (for CI matrices; join the results with detsim merge)")
    String shard;

    @Option(names = "--out", description = "the campaign's directory (default:"
            + " campaigns/SCENARIO, plus -BUG with --bug)")
    Path out;

    @Option(names = "--resume", description = "continue the campaign in --out, skipping the"
            + " seeds it already has")
    boolean resume;

    @Option(names = "--recheck", defaultValue = "3",
            description = "percent of passing seeds also re-run to check determinism"
                    + " (failing seeds always are; default: ${DEFAULT-VALUE})")
    int recheckPercent;

    @Option(names = "--no-progress", description = "no progress bar or progress lines")
    boolean noProgress;

    @Option(names = "--no-report", description = "write no HTML reports (the campaign's"
            + " report.html and each failing seed's)")
    boolean noReport;

    @Option(names = "--stop-at-first-failure", description = "start no new seed once one"
            + " failed (the seeds before it all finish, so the lowest failing seed is exact)")
    boolean stopAtFirstFailure;

    @Override
    public Integer call() {
        Scenario scenario = knobs.apply(Scenarios.load(scenarioRef));
        RaftBug bug = RaftBug.fromCliName(bugName);
        int[] slice = parseShard();
        long count = seedCount != null ? seedCount : timeBudgetNanos != null ? Long.MAX_VALUE / 4
                : 1_000;
        CampaignSpec campaignSpec = new CampaignSpec(scenarioRef, knobs.reproduceArgs(),
                bug.cliName(), firstSeed, count, slice[0], slice[1]);
        int workers = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        Path dir = out != null ? out : Path.of("campaigns", scenario.name()
                + (scenario.system().equals("raft") ? "" : "-" + scenario.system())
                + (bug == RaftBug.NONE ? "" : "-" + bug.cliName()));
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("detsim campaign: scenario %s%s, seeds %s, %d jobs%s -> %s%n",
                scenario.name(), bug == RaftBug.NONE ? "" : ", PLANTED BUG " + bug.cliName(),
                seedCount != null || timeBudgetNanos == null
                        ? firstSeed + ".." + (firstSeed + count - 1) : "from " + firstSeed,
                workers, timeBudgetNanos != null ? ", time budget "
                        + Durations.format(timeBudgetNanos) : "", dir);
        printer.flush();
        Progress progress = new Progress(spec.commandLine().getErr(), noProgress);
        Campaign[] holder = new Campaign[1];
        Campaign.Listener listener = new Campaign.Listener() {
            @Override
            public void started(int seedsToRun, int seedsAlreadyDone) {
                progress.started(seedsToRun, seedsAlreadyDone);
            }

            @Override
            public void finished(RunResult result) {
                progress.finished(result);
                if (stopAtFirstFailure && result.verdict().isFailure()) {
                    holder[0].stop();
                }
            }
        };
        Campaign campaign = new Campaign(campaignSpec, scenario, dir, workers,
                timeBudgetNanos != null ? timeBudgetNanos : 0, recheckPercent, listener);
        campaign.reports(!noReport);
        holder[0] = campaign;
        CountDownLatch summarized = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            campaign.stop();
            progress.interrupted();
            // Ctrl-C: the seeds under way finish, then the summary and the report are written.
            try {
                summarized.await(INTERRUPT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "detsim-campaign-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long wallStart = System.nanoTime();
        Instant startedAt = Instant.now();
        List<RunResult> results;
        CampaignSummary summary;
        int ranNow;
        double wallSeconds;
        try {
            try {
                results = campaign.run(resume);
            } finally {
                progress.close();
            }
            wallSeconds = (System.nanoTime() - wallStart) / 1e9;
            summary = CampaignSummary.of(results);
            SummaryFiles.write(dir, summary);
            ranNow = progress.finished();
            SummaryFiles.appendSession(dir, startedAt, ranNow, wallSeconds, workers,
                    campaign.stopped());
            if (!noReport) {
                Path report = ReportCommand.render(dir, false).getLast();
                printer.println("report: " + report);
            }
        } finally {
            summarized.countDown();
            removeHook(hook);
        }
        printer.print(summary.describe(10));
        printer.printf(Locale.ROOT, "%d seeds run now in %.1fs wall: %.0f seeds/min on %d jobs"
                + " (%.0fx real time per job)%n", ranNow, wallSeconds,
                ranNow / Math.max(wallSeconds, 1e-9) * 60, workers,
                summary.simulatedSeconds() / Math.max(summary.runSeconds(), 1e-9));
        printer.println("results: " + dir.resolve("results.jsonl"));
        printer.flush();
        return summary.failureCount() > 0 ? DetsimCli.EXIT_FAILURE_FOUND : DetsimCli.EXIT_PASS;
    }

    private int[] parseShard() {
        if (shard == null) {
            return new int[] {1, 1};
        }
        String[] parts = shard.split("/");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--shard must be k/n, e.g. 2/4, was '" + shard + "'");
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: nothing to remove
        }
    }
}
