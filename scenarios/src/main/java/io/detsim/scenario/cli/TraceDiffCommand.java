package io.detsim.scenario.cli;

import io.detsim.sim.trace.TraceDiff;
import io.detsim.sim.trace.TraceEvent;
import io.detsim.sim.trace.TraceFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code detsim trace-diff A B}: where two traces (from {@code run --trace-out}) part ways. */
@Command(name = "trace-diff", mixinStandardHelpOptions = true,
        description = "Compares two traces written by 'run --trace-out' and prints the first "
                + "differing event.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the traces are equal", "1:they differ", "2:bad usage or input"})
final class TraceDiffCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "left trace (JSON lines)")
    Path left;

    @Parameters(index = "1", description = "right trace (JSON lines)")
    Path right;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<TraceEvent> a = read(left);
        List<TraceEvent> b = read(right);
        Optional<TraceDiff.Difference> difference = TraceDiff.firstDifference(a, b);
        if (difference.isEmpty()) {
            out.printf("traces are equal: %d events%n", a.size());
            return DetsimCli.EXIT_PASS;
        }
        out.println(difference.get());
        return DetsimCli.EXIT_FAILURE_FOUND;
    }

    private List<TraceEvent> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such trace file: " + file);
        }
        return TraceFile.read(file);
    }
}
