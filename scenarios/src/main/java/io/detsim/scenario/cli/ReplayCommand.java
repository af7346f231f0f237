package io.detsim.scenario.cli;

import io.detsim.raft.core.RaftBug;
import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.ScenarioRun;
import io.detsim.sim.trace.Trace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code detsim replay}: re-runs a saved run and confirms it bit for bit. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Re-runs a saved run (a detsim run --out directory, a campaign's failures/seed-N,",
            "or their result.json) from its saved scenario, seed and bug, and confirms the same",
            "trace hash and verdict."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:replayed bit for bit", "1:the replay differs (NONDETERMINISM)",
            "2:bad usage or input"})
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "a saved run's directory or result.json")
    Path path;

    @Option(names = "--out", description = "also save the replay's artifacts (with its trace)"
            + " here")
    Path out;

    @Override
    public Integer call() {
        SavedRun saved = SavedRun.load(path);
        RunResult before = saved.result();
        RaftBug bug = RaftBug.fromCliName(before.bug());
        ScenarioRun run = new ScenarioRun(saved.scenario(), saved.dir().resolve("scenario.json")
                .toString(), before.seed(), bug, out != null ? Trace.Mode.RECORD
                : Trace.Mode.HASH_ONLY, null);
        RunResult again = run.execute();
        if (out != null) {
            RunArtifacts.write(out, saved.scenario(), run, again);
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("saved:  seed %d, %s%s, trace-hash %s%n", before.seed(), before.verdict(),
                before.reason() == null ? "" : ": " + before.reason(), before.traceHash());
        printer.printf("replay: seed %d, %s%s, trace-hash %s%n", again.seed(), again.verdict(),
                again.reason() == null ? "" : ": " + again.reason(), again.traceHash());
        // The trace hash decides: an UNDECIDED verdict depends on the checker's wall-clock budget.
        boolean same = again.traceHash().equals(before.traceHash());
        printer.println(same ? "replayed bit for bit" : "NONDETERMINISM: the replay's trace"
                + " differs from the saved run's");
        if (same && again.verdict() != before.verdict()) {
            printer.println("note: same trace, different verdict (" + before.verdict() + " then "
                    + again.verdict() + "): the checker's time budget decides UNDECIDED");
        }
        printer.flush();
        return same ? DetsimCli.EXIT_PASS : DetsimCli.EXIT_FAILURE_FOUND;
    }
}
