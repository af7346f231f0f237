package io.detsim.scenario.cli;

import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.ScenarioParser;
import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A run saved by {@code detsim run --out} or a campaign's {@code failures/seed-N}. */
record SavedRun(Path dir, RunResult result, Scenario scenario) {

    /**
     * @param path the run's directory, or its {@code result.json}
     * @throws IllegalArgumentException naming what is missing or broken
     */
    static SavedRun load(Path path) {
        Path dir = Files.isDirectory(path) ? path : path.getParent();
        if (dir == null) {
            dir = Path.of(".");
        }
        Path resultFile = Files.isDirectory(path) ? dir.resolve("result.json") : path;
        Path scenarioFile = dir.resolve("scenario.json");
        if (!Files.isRegularFile(resultFile) || !Files.isRegularFile(scenarioFile)) {
            throw new IllegalArgumentException(path + " is not a saved run: expected result.json"
                    + " and scenario.json (written by detsim run --out, or under a campaign's"
                    + " failures/)");
        }
        try {
            RunResult result = RunArtifacts.fromJson(Files.readString(resultFile),
                    resultFile.toString());
            Scenario scenario = ScenarioParser.parse(Files.readString(scenarioFile),
                    scenarioFile.toString());
            return new SavedRun(dir, result, scenario);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
