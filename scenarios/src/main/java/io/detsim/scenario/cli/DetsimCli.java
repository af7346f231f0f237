package io.detsim.scenario.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code detsim} command. Exit codes: 0 the run passed, 1 a failure was found, 2 bad usage or
 * input.
 */
@Command(name = "detsim", mixinStandardHelpOptions = true, version = "detsim 0.1.0",
        description = "Deterministic simulation testing for Raft.",
        subcommands = {RunCommand.class, TraceDiffCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:passed", "1:a failure was found", "2:bad usage or input"})
public final class DetsimCli implements Runnable {
    static final int EXIT_PASS = 0;
    static final int EXIT_FAILURE_FOUND = 1;
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this rather than main). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new DetsimCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("detsim: " + e.getMessage());
                return EXIT_USAGE;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try: detsim run --seed 1)");
    }
}
