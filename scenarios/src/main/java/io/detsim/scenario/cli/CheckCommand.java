package io.detsim.scenario.cli;

import io.detsim.check.history.History;
import io.detsim.check.history.HistoryException;
import io.detsim.check.history.HistoryFormat;
import io.detsim.check.history.HistoryReader;
import io.detsim.check.history.Operation;
import io.detsim.check.knossos.ClojureChecker;
import io.detsim.check.knossos.CompositeChecker;
import io.detsim.check.linear.Budget;
import io.detsim.check.linear.CheckResult;
import io.detsim.check.linear.LinearizabilityChecker;
import io.detsim.check.model.ModelException;
import io.detsim.check.model.Models;
import io.detsim.sim.fault.Durations;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code detsim check FILE --model M}: is a Jepsen-style history linearizable? */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks a Jepsen-style history (EDN, EDN lines, Jepsen log or JSON) for "
                + "linearizability against a model.",
            "Models: register, cas-register, multi-register, mutex, kv (checked per key)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:linearizable", "1:not linearizable", "2:bad usage or input",
            "3:unknown (a budget ran out)", "4:the two checkers disagree (a checker bug)"})
final class CheckCommand implements Callable<Integer> {
    static final int EXIT_UNKNOWN = 3;
    static final int EXIT_DISAGREE = 4;
    private static final int OPS_SHOWN_MAX = 12;

    enum CheckerName { java, clojure, both }

    enum NilRead { unknown, value }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "the history file")
    Path file;

    @Option(names = "--model", required = true,
            description = "register, cas-register, multi-register, mutex or kv")
    String model;

    @Option(names = "--init", description = "initial value as EDN: 0, nil, \"\", {:x 0 :y 0} "
            + "(kv: the value of every key)")
    String init;

    @Option(names = "--nil-read", defaultValue = "unknown",
            description = "what a read of nil means: unknown (Knossos: it constrains nothing) or "
                    + "value (nil is a value, as in Porcupine's etcd model) "
                    + "(default: ${DEFAULT-VALUE})")
    NilRead nilRead;

    @Option(names = "--checker", defaultValue = "java",
            description = "java (native WGL), clojure (Knossos if on the classpath, else detsim's "
                    + "Knossos-compatible checker) or both (fails loudly if they disagree) "
                    + "(default: ${DEFAULT-VALUE})")
    CheckerName checker;

    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "time budget for the verdict; past it the verdict is unknown "
                    + "(default: ${DEFAULT-VALUE})")
    long timeoutNanos;

    @Option(names = "--format", description = "force the format: ${COMPLETION-CANDIDATES} "
            + "(default: detected from name and content)")
    HistoryFormat format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Models.NAMES.contains(model)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown --model '" + model
                    + "' (known: " + String.join(", ", Models.NAMES) + ")");
        }
        if (timeoutNanos <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be > 0");
        }
        boolean nilUnknown = nilRead == NilRead.unknown;
        Models.create(model, init, nilUnknown); // validates --init before any reading
        History history = read();
        out.printf("history: %s (%d entries, %d operations)%n", file, history.size(),
                history.operations().size());
        out.printf("model: %s%s, checker: %s%n", model, init == null ? "" : " init " + init,
                checker);
        long start = System.nanoTime();
        CheckResult result;
        try {
            result = run(history, nilUnknown, out);
        } catch (CompositeChecker.CheckerDisagreement e) {
            out.println("verdict: " + e.getMessage());
            return EXIT_DISAGREE;
        } catch (ModelException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        long elapsed = System.nanoTime() - start;
        return report(result, elapsed, out);
    }

    private History read() {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such history file: " + file);
        }
        try {
            if (format == null) {
                return HistoryReader.read(file);
            }
            return HistoryReader.read(Files.readString(file), file.toString(), format);
        } catch (HistoryException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private CheckResult run(History history, boolean nilUnknown, PrintWriter out) {
        Budget budget = Budget.defaults().withVerdictNanosMax(timeoutNanos);
        ClojureChecker clojure = new ClojureChecker(Math.max(1, timeoutNanos / 1_000_000), true);
        return switch (checker) {
            case java -> new LinearizabilityChecker(budget)
                    .check(history, Models.create(model, init, nilUnknown));
            case clojure -> {
                out.println("clojure engine: " + clojure.engineFor(model));
                yield clojure.check(history, model, init, nilUnknown);
            }
            case both -> {
                out.println("clojure engine: " + clojure.engineFor(model));
                CompositeChecker.Verdicts verdicts = new CompositeChecker(budget, clojure)
                        .check(history, model, init, nilUnknown);
                out.println("native: " + name(verdicts.nativeResult()) + ", clojure: "
                        + name(verdicts.clojureResult()));
                yield verdicts.combined();
            }
        };
    }

    private static int report(CheckResult result, long elapsedNanos, PrintWriter out) {
        String took = " (" + Durations.format(elapsedNanos) + ")";
        switch (result) {
            case CheckResult.Linearizable ok -> {
                out.printf("verdict: LINEARIZABLE%s: %d operations in %d partition(s)%n", took,
                        ok.operationCount(), ok.partitionCount());
                return DetsimCli.EXIT_PASS;
            }
            case CheckResult.Unknown unknown -> {
                out.println("verdict: UNKNOWN" + took + ": " + unknown.reason());
                return EXIT_UNKNOWN;
            }
            case CheckResult.NotLinearizable bad -> {
                out.println("verdict: NOT LINEARIZABLE" + took);
                printCounterexample(bad.counterexample(), out);
                return DetsimCli.EXIT_FAILURE_FOUND;
            }
        }
    }

    private static void printCounterexample(CheckResult.Counterexample c, PrintWriter out) {
        if (c.partition() != null) {
            out.println("  partition: " + c.model());
        }
        out.println("  cannot linearize: " + (c.firstUnlinearizable() == null ? "(not reported)"
                : c.firstUnlinearizable()));
        if (!c.longestPrefix().isEmpty()) {
            out.printf("  longest linearizable prefix: %d operations, then state %s%n",
                    c.longestPrefix().size(), c.stateAfterPrefix());
            printOps("    ", tail(c.longestPrefix()), c.longestPrefix().size(), out);
        }
        if (!c.minimal().isEmpty()) {
            out.printf("  minimal non-linearizable sub-history (%d operations%s):%n",
                    c.minimal().size(),
                    c.minimalComplete() ? "" : ", shrinking stopped at its time limit");
            printOps("    ", c.minimal(), c.minimal().size(), out);
        }
    }

    private static List<Operation> tail(List<Operation> ops) {
        return ops.subList(Math.max(0, ops.size() - OPS_SHOWN_MAX), ops.size());
    }

    private static void printOps(String indent, List<Operation> ops, int total, PrintWriter out) {
        if (total > ops.size()) {
            out.println(indent + "... " + (total - ops.size()) + " earlier");
        }
        int shown = 0;
        for (Operation op : ops) {
            if (shown++ == OPS_SHOWN_MAX) {
                out.println(indent + "... " + (ops.size() - OPS_SHOWN_MAX) + " more");
                break;
            }
            out.println(indent + op);
        }
    }

    private static String name(CheckResult result) {
        return switch (result) {
            case CheckResult.Linearizable l -> "linearizable";
            case CheckResult.NotLinearizable n -> "not linearizable";
            case CheckResult.Unknown u -> "unknown (" + u.reason() + ")";
        };
    }
}
