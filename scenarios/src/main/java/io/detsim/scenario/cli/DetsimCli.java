package io.detsim.scenario.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code detsim} command. Exit codes: 0 the run passed, 1 a failure was found, 2 bad usage or
 * input.
 */
@Command(name = "detsim", mixinStandardHelpOptions = true, version = "detsim 0.1.0",
        description = "Deterministic simulation testing for Raft.",
        subcommands = {RunCommand.class, CheckCommand.class, TraceDiffCommand.class,
            CampaignCommand.class, MergeCommand.class, ReplayCommand.class,
            MinimizeCommand.class, ReportCommand.class, DemoCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:passed", "1:a failure was found", "2:bad usage or input",
            "70:detsim itself failed (internal error)"})
public final class DetsimCli implements Runnable {
    static final int EXIT_PASS = 0;
    static final int EXIT_FAILURE_FOUND = 1;
    static final int EXIT_USAGE = 2;
    /** detsim itself failed (a bug in detsim, or out of memory): not a verdict on the system. */
    static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI on standard output and error and returns its exit code. */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true),
                new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with the given output and error writers and returns its exit code. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new DetsimCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException
                    || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("detsim: " + e.getMessage());
                return EXIT_USAGE;
            }
            // Never exit 1 ("a failure was found") for detsim's own trouble.
            commandLine.getErr().println("detsim: internal error: " + e);
            e.printStackTrace(commandLine.getErr());
            return EXIT_INTERNAL;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command (try: detsim run --seed 1)");
    }
}
