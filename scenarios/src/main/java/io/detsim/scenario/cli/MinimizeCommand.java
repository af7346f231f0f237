package io.detsim.scenario.cli;

import io.detsim.raft.core.RaftBug;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.ScenarioParser;
import io.detsim.scenario.model.Scenarios;
import io.detsim.scenario.run.Minimizer;
import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.ScenarioRun;
import io.detsim.sim.fault.Durations;
import io.detsim.sim.trace.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code detsim minimize}: shrinks a failing run to a small reproducer. */
@Command(name = "minimize", mixinStandardHelpOptions = true,
        description = {
            "Shrinks a failing run while the same failure (same kind, same violated check)",
            "still happens: fewer servers, clients and operations, shorter phases, fewer fault",
            "kinds and script steps, calmer network, disk and clocks. Give a saved run, or the",
            "run's --seed, --scenario and --bug. Saves the minimal scenario and its run."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:minimized", "2:bad usage or input (e.g. the run does not fail)"})
final class MinimizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "a saved failing run")
    Path saved;

    @Option(names = "--seed", converter = SeedConverter.class, description = "the failing seed")
    Long seed;

    @Option(names = "--scenario", defaultValue = Scenarios.DEFAULT,
            description = "its scenario (default: ${DEFAULT-VALUE})")
    String scenarioRef;

    @Option(names = "--bug", defaultValue = "none", description = "its planted bug")
    String bugName;

    @CommandLine.Mixin
    ScenarioKnobs knobs = new ScenarioKnobs();

    @Option(names = "--out", defaultValue = "minimized",
            description = "where the minimal scenario and its run go (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        Scenario scenario;
        long runSeed;
        RaftBug bug;
        if (saved != null) {
            SavedRun run = SavedRun.load(saved);
            scenario = run.scenario();
            runSeed = run.result().seed();
            bug = RaftBug.fromCliName(run.result().bug());
        } else if (seed != null) {
            scenario = knobs.apply(Scenarios.load(scenarioRef));
            runSeed = seed;
            bug = RaftBug.fromCliName(bugName);
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give a saved run (RUN) or --seed (with --scenario and --bug)");
        }
        PrintWriter printer = spec.commandLine().getOut();
        RunResult failing = new ScenarioRun(scenario, scenarioRef, runSeed, bug,
                Trace.Mode.HASH_ONLY, null).execute();
        printer.printf("failing run: seed %d, %s: %s%n", runSeed, failing.verdict(),
                failing.reason());
        printer.flush();
        Minimizer.Outcome outcome = new Minimizer(failing, bug, line -> {
            printer.println("  " + line);
            printer.flush();
        }).minimize(scenario);
        Scenario minimal = outcome.scenario().withName(scenario.name() + "-min",
                "minimized from " + scenario.name() + " seed " + runSeed);
        Path scenarioFile = out.resolve("scenario.json");
        try {
            Files.createDirectories(out);
            RunArtifacts.writeAtomically(scenarioFile, ScenarioParser.toJson(minimal) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + scenarioFile + ": " + e.getMessage(),
                    e);
        }
        ScenarioRun finalRun = new ScenarioRun(minimal, scenarioFile.toString(), runSeed, bug,
                Trace.Mode.RECORD, null);
        RunResult result = finalRun.execute();
        RunArtifacts.write(out, minimal, finalRun, result);
        printer.printf("minimal after %d runs: %d servers, %d clients, %d ops each, chaos %s, heal"
                        + " %s, nemesis %s, script steps %d%n", outcome.runs(), minimal.servers(),
                minimal.clients(), minimal.workload().opsPerClient(),
                Durations.format(minimal.chaosNanos()), Durations.format(minimal.healNanos()),
                minimal.faults().nemesis() == null ? "as drawn"
                        : minimal.faults().nemesis().kinds(), minimal.script().size());
        printer.printf("still fails: %s: %s (%d operations)%n", result.verdict(), result.reason(),
                result.opsInvoked());
        printer.println("saved: " + out);
        printer.println("reproduce: " + result.reproduce());
        printer.flush();
        return DetsimCli.EXIT_PASS;
    }
}
