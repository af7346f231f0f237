package io.detsim.scenario.cli;

import io.detsim.sim.SimStats;
import io.detsim.sim.Simulation;
import io.detsim.sim.demo.DemoCluster;
import io.detsim.sim.fault.Durations;
import io.detsim.sim.fault.FaultProfile;
import io.detsim.sim.fault.TimedFault;
import io.detsim.sim.trace.Trace;
import io.detsim.sim.trace.TraceFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code detsim demo}: one seed of the demo counter cluster, the smallest system that shows what
 * the simulator does (and a planted bug it catches), without Raft.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs one seed of the demo counter cluster (not Raft): a safety phase with faults,",
            "then a liveness phase after healing. Prints the fault profile, the nemesis",
            "schedule, a summary and the trace hash."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:passed", "1:a failure was found", "2:bad usage or input"})
final class DemoCommand implements Callable<Integer> {

    enum ProfileName { swarm, defaults, none }

    static final String DEMO_BUG = "announce-before-sync";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", required = true,
            description = "the run's seed (decimal, or hex with 0x)",
            converter = SeedConverter.class)
    long seed;

    @Option(names = "--nodes", defaultValue = "3",
            description = "cluster size, 1..64 (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--profile", defaultValue = "swarm",
            description = "fault profile: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
                    + "swarm draws one per seed)")
    ProfileName profile;

    @Option(names = "--chaos", defaultValue = "10s", converter = DurationConverter.class,
            description = "length of the safety phase, faults on (default: ${DEFAULT-VALUE})")
    long chaosNanos;

    @Option(names = "--heal", defaultValue = "5s", converter = DurationConverter.class,
            description = "length of the liveness phase, faults healed (default: ${DEFAULT-VALUE})")
    long healNanos;

    @Option(names = "--bug", defaultValue = "none",
            description = "switch on one planted bug to see detsim catch it: none, "
                    + "announce-before-sync (the demo acknowledges a value before it is durable) "
                    + "(default: ${DEFAULT-VALUE})")
    String bug;

    @Option(names = "--trace-out", description = "write every event as JSON lines to this file")
    Path traceOut;

    @Option(names = "--log", description = "print the nodes' log lines")
    boolean log;

    @Option(names = "--quiet", description = "print only the verdict and the trace hash")
    boolean quiet;

    @Override
    public Integer call() {
        if (nodes < 1 || nodes > 64) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--nodes must be in [1, 64], was " + nodes);
        }
        if (!bug.equals("none") && !bug.equals(DEMO_BUG)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown --bug '" + bug + "' (known: none, " + DEMO_BUG + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        FaultProfile faults = switch (profile) {
            case swarm -> DemoCluster.Config.swarmProfile(seed);
            case defaults -> FaultProfile.defaults();
            case none -> FaultProfile.none();
        };
        DemoCluster.Config config = new DemoCluster.Config(seed, nodes, faults, chaosNanos,
                healNanos, bug.equals(DEMO_BUG));
        String reproduce = reproduceLine();
        Trace.Mode mode = traceOut != null ? Trace.Mode.RECORD : Trace.Mode.HASH_ONLY;
        if (!quiet) {
            out.printf("detsim demo: demo counter cluster, %d nodes, seed %d%s%n", nodes, seed,
                    bug.equals("none") ? "" : ", PLANTED BUG " + bug);
            out.printf("fault profile (%s):%n%s%n", profile, indent(faults.describe()));
        }
        long wallStart = System.nanoTime();
        DemoCluster.Result result = DemoCluster.run(config, mode, reproduce,
                log ? out::println : null);
        long wallNanos = System.nanoTime() - wallStart;
        if (!quiet) {
            printSchedule(out, result);
            printSummary(out, result, wallNanos);
        }
        if (traceOut != null) {
            TraceFile.write(traceOut, result.simulation().trace().events());
            out.println("trace written: " + traceOut);
        }
        if (result.passed()) {
            out.println("verdict: PASS");
        } else {
            out.println("verdict: FAIL " + result.failure().kind() + ": "
                    + result.failure().reason());
            out.printf("  at step %d, t=%s%n", result.failure().step(),
                    Durations.format(result.failure().timeNanos()));
        }
        out.println("trace-hash: " + result.traceHashHex());
        if (!result.passed()) {
            out.println("reproduce: " + reproduce);
        }
        out.flush();
        return result.passed() ? DetsimCli.EXIT_PASS : DetsimCli.EXIT_FAILURE_FOUND;
    }

    private String reproduceLine() {
        StringBuilder line = new StringBuilder("./detsim demo --seed ").append(seed);
        if (nodes != 3) {
            line.append(" --nodes ").append(nodes);
        }
        if (profile != ProfileName.swarm) {
            line.append(" --profile ").append(profile);
        }
        if (!bug.equals("none")) {
            line.append(" --bug ").append(bug);
        }
        if (chaosNanos != 10_000_000_000L) {
            line.append(" --chaos ").append(chaosNanos).append("ns");
        }
        if (healNanos != 5_000_000_000L) {
            line.append(" --heal ").append(healNanos).append("ns");
        }
        return line.toString();
    }

    private static void printSchedule(PrintWriter out, DemoCluster.Result result) {
        out.printf("nemesis schedule (%d actions):%n", result.schedule().size());
        int shown = 0;
        for (TimedFault fault : result.schedule()) {
            if (shown++ == 20 && result.schedule().size() > 21) {
                out.printf("  ... %d more%n", result.schedule().size() - 20);
                break;
            }
            out.println("  " + fault);
        }
    }

    private static void printSummary(PrintWriter out, DemoCluster.Result result, long wallNanos) {
        Simulation sim = result.simulation();
        SimStats stats = sim.stats();
        out.printf("summary: simulated %s in %d events; %s%n", Durations.format(sim.nowNanos()),
                sim.stepCount(), stats);
        out.printf("  corruptible disks %s; announced values lost to disk faults: %d%n",
                sim.corruptibleDisks(), result.lostButExplained());
        double wallSeconds = wallNanos / 1e9;
        out.printf(java.util.Locale.ROOT, "  wall time %.3fs (%.0fx real time)%n", wallSeconds,
                sim.nowNanos() / 1e9 / Math.max(wallSeconds, 1e-9));
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
