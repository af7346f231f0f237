package io.detsim.scenario.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The built-in scenario library, and loading a scenario by name or from a file. */
public final class Scenarios {
    /** The built-ins, the default first. */
    public static final List<String> BUILT_IN = List.of("swarm", "steady-state",
            "leader-isolation", "partitions", "crash-restart", "disk-faults", "clock-chaos",
            "pauses", "leader-churn", "leadership-transfer", "lease-reads", "membership",
            "snapshots");
    public static final String DEFAULT = "swarm";

    private Scenarios() {}

    /**
     * A built-in scenario by name, or a scenario file ({@code .json}) by path.
     *
     * @throws IllegalArgumentException when neither exists or the file is not a valid scenario
     */
    public static Scenario load(String nameOrPath) {
        if (BUILT_IN.contains(nameOrPath)) {
            return builtIn(nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        if (Files.isRegularFile(path)) {
            try {
                return ScenarioParser.parse(Files.readString(path), path.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read scenario file " + path + ": "
                        + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + nameOrPath + "': not a built-in ("
                + String.join(", ", BUILT_IN) + ") and no such file");
    }

    public static Scenario builtIn(String name) {
        String resource = "/io/detsim/scenario/builtin/" + name + ".json";
        try (InputStream in = Scenarios.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no built-in scenario '" + name + "'");
            }
            return ScenarioParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "built-in scenario " + name);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
