package io.detsim.scenario.cli;

import io.detsim.raft.core.RaftBug;
import io.detsim.raft.core.RaftMetrics;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.Scenarios;
import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.ScenarioRun;
import io.detsim.scenario.run.Verdict;
import io.detsim.sim.fault.Durations;
import io.detsim.sim.trace.Trace;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code detsim run}: one seed of one scenario against the Raft under test. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Runs one seed of a scenario against the Raft KV: a safety phase with faults",
            "(Raft invariants after every event), a liveness phase after healing, then the",
            "linearizability check of the clients' history. Prints the fault profile, the",
            "verdict and the trace hash, and saves everything needed to look again, with an",
            "HTML report (report.html), under runs/SCENARIO[-BUG]/seed-N (or --out)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:passed", "1:a failure was found (SAFETY, LIVENESS, CRASH)",
            "2:bad usage or input", "3:neither pass nor failure: VACUOUS (too little happened)"
                + " or UNDECIDED (checker budget ran out)"})
final class RunCommand implements Callable<Integer> {
    static final int EXIT_NEITHER = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", required = true, converter = SeedConverter.class,
            description = "the run's seed (decimal, or hex with 0x)")
    long seed;

    @Option(names = "--scenario", defaultValue = Scenarios.DEFAULT,
            description = "a built-in scenario (${COMPLETION-CANDIDATES}) or a scenario .json"
                    + " file (default: ${DEFAULT-VALUE})",
            completionCandidates = BuiltIns.class)
    String scenarioRef;

    @Option(names = "--bug", defaultValue = "none",
            description = "plant one known Raft bug: ${COMPLETION-CANDIDATES}"
                    + " (default: ${DEFAULT-VALUE})",
            completionCandidates = BugNames.class)
    String bugName;

    @CommandLine.Mixin
    ScenarioKnobs knobs = new ScenarioKnobs();

    @Option(names = "--out", description = "write report.html, result.json, scenario.json,"
            + " history.edn, history.json, check.json, timeline.json and trace.jsonl (every"
            + " event) to this directory (default: runs/SCENARIO[-BUG]/seed-N)")
    Path out;

    @Option(names = "--no-report", description = "save nothing unless --out is given, and no"
            + " report.html even then (the run does not record its trace: a little faster)")
    boolean noReport;

    @Option(names = "--log", description = "print the nodes' log lines")
    boolean log;

    @Option(names = "--quiet", description = "print only the verdict, the trace hash and where"
            + " the report is")
    boolean quiet;

    @Override
    public Integer call() {
        Scenario scenario = knobs.apply(Scenarios.load(scenarioRef));
        RaftBug bug = RaftBug.fromCliName(bugName);
        PrintWriter printer = spec.commandLine().getOut();
        Path dir = out != null || noReport ? out : defaultDir(scenario, bug, seed,
                knobs.reproduceArgs());
        ScenarioRun run = new ScenarioRun(scenario, scenarioRef, knobs.reproduceArgs(), seed, bug,
                dir != null ? Trace.Mode.RECORD : Trace.Mode.HASH_ONLY,
                log ? printer::println : null);
        if (!quiet) {
            printer.printf("detsim run: scenario %s, seed %d%s%n  %s%n", scenario.name(), seed,
                    bug == RaftBug.NONE ? "" : ", PLANTED BUG " + bug.cliName(),
                    scenario.description());
            printer.printf("  %d servers, %d clients; chaos %s, heal %s%n", scenario.servers(),
                    scenario.clients(), Durations.format(scenario.chaosNanos()),
                    Durations.format(scenario.healNanos()));
            printer.printf("fault profile (%s):%n  %s%n", scenario.faults().base(),
                    run.profile().describe().replace("\n", "\n  "));
        }
        RunResult result = run.execute();
        if (!quiet) {
            printSummary(printer, result, run);
        }
        printer.println("verdict: " + result.verdict()
                + (result.reason() == null ? "" : ": " + result.reason()));
        printer.println("trace-hash: " + result.traceHash());
        if (result.verdict() != Verdict.PASS) {
            printer.println("reproduce: " + result.reproduce());
        }
        printer.flush();
        if (dir != null) {
            try {
                RunArtifacts.write(dir, scenario, run, result, !noReport);
                printer.println(noReport ? "artifacts: " + dir
                        : "report: " + dir.resolve("report.html"));
            } catch (UncheckedIOException e) {
                if (out != null) {
                    throw e; // asked for by name: not saving it is an error
                }
                spec.commandLine().getErr().println("detsim: warning: the run was not saved: "
                        + e.getMessage() + " (choose a directory with --out)");
            }
        }
        printer.flush();
        return exitCode(result.verdict());
    }

    /**
     * {@code runs/SCENARIO[-BUG]/seed-N[-KNOBS]}: the knobs are in the name, so that a rerun with
     * other knobs does not replace a saved run of other settings.
     */
    static Path defaultDir(Scenario scenario, RaftBug bug, long seed, String knobs) {
        String suffix = knobs.strip().replace("--", "").replaceAll("[^A-Za-z0-9.]+", "-");
        return Path.of("runs", scenario.name() + (bug == RaftBug.NONE ? "" : "-"
                + bug.cliName()), "seed-" + seed + (suffix.isEmpty() ? "" : "-" + suffix));
    }

    static int exitCode(Verdict verdict) {
        if (verdict == Verdict.PASS) {
            return DetsimCli.EXIT_PASS;
        }
        return verdict.isFailure() ? DetsimCli.EXIT_FAILURE_FOUND : EXIT_NEITHER;
    }

    private static void printSummary(PrintWriter printer, RunResult r, ScenarioRun run) {
        printer.printf(Locale.ROOT, "summary: simulated %s in %d events, wall %.3fs (%.0fx real"
                        + " time)%n", Durations.format(r.simulatedNanos()), r.events(),
                r.wallNanos() / 1e9, r.simulatedNanos() / Math.max(1.0, r.wallNanos()));
        printer.printf("  operations: %d invoked, %d ok, %d fail, %d info; faults applied %d,"
                + " halts %d%n", r.opsInvoked(), r.opsOk(), r.opsFail(), r.opsInfo(),
                r.faultsApplied(), r.halts());
        printer.println("  " + run.simulation().stats());
        for (String problem : run.problems()) {
            printer.println("  survived: " + problem);
        }
        for (RaftMetrics m : r.metrics()) {
            printer.printf("  node %d: %s term %d, commit %d, applied %d, log %d, elections %d,"
                    + " sent %d%s%n", m.nodeId(), m.role(), m.term(), m.commitIndex(),
                    m.appliedIndex(), m.lastLogIndex(), m.electionsStarted(), m.messagesSent(),
                    m.catchingUp() ? " (catching up after data loss)" : "");
        }
        printer.println("checker: " + r.checker());
        if (r.leaseChecker() != null) {
            printer.println("lease reads (checked apart, never the verdict): " + r.leaseChecker());
        }
        if (r.counterexample() != null) {
            printer.println("  " + r.counterexample().replace("\n", "\n  "));
        }
    }

    /** For {@code --help}: the built-in scenario names. */
    static final class BuiltIns extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        BuiltIns() {
            super(Scenarios.BUILT_IN);
        }
    }

    /** For {@code --help}: the planted bugs' names. */
    static final class BugNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        BugNames() {
            for (RaftBug bug : RaftBug.values()) {
                add(bug.cliName());
            }
        }
    }
}
