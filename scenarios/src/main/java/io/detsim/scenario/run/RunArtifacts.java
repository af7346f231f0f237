package io.detsim.scenario.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryEdn;
import io.detsim.check.history.HistoryJson;
import io.detsim.report.CheckReport;
import io.detsim.report.ClusterTimeline;
import io.detsim.report.RunReport;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.ScenarioParser;
import io.detsim.sim.trace.Trace;
import io.detsim.sim.trace.TraceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What a run leaves behind in its output directory: {@code result.json}, {@code scenario.json}
 * (the scenario exactly as run, so a saved failure replays even after the built-in changes),
 * {@code history.edn} and {@code history.json} (re-checkable later, also by Knossos), and
 * {@code trace.jsonl} when the trace was recorded, {@code timeline.json} (the cluster's roles,
 * outages and faults over time), {@code check.json} (the checker's linearization or
 * counterexample) and the HTML report, {@code report.html}, rendered from them. Each file is
 * written whole, then moved into place, so an interrupted write never leaves half a file.
 */
public final class RunArtifacts {
    static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Indented JSON for the files people open (campaign.json, summary.json). */
    public static final ObjectMapper PRETTY_JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Every file a run directory may hold; a new run clears them all first. */
    static final List<String> FILE_NAMES = List.of("result.json", "scenario.json", "history.edn",
            "history.json", "timeline.json", "check.json", "trace.jsonl", "report.html");

    private RunArtifacts() {}

    /** Writes every artifact and the HTML report. */
    public static void write(Path dir, Scenario scenario, ScenarioRun run, RunResult result) {
        write(dir, scenario, run, result, true);
    }

    /** Writes every artifact, and the HTML report when {@code report} is true. */
    public static void write(Path dir, Scenario scenario, ScenarioRun run, RunResult result,
            boolean report) {
        try {
            Files.createDirectories(dir);
            // A reused directory must not mix runs: a file this run does not write (no check,
            // no trace, no report) would otherwise be an earlier run's, and the report would
            // draw it as this one's.
            for (String name : FILE_NAMES) {
                Files.deleteIfExists(dir.resolve(name));
            }
            History history = run.history();
            writeAtomically(dir.resolve("result.json"), JSON.writer(SerializationFeature
                    .INDENT_OUTPUT).writeValueAsString(result) + "\n");
            writeAtomically(dir.resolve("scenario.json"), ScenarioParser.toJson(scenario) + "\n");
            writeAtomically(dir.resolve("history.edn"), HistoryEdn.write(history));
            writeAtomically(dir.resolve("history.json"), HistoryJson.write(history));
            ClusterTimeline timeline = run.timeline();
            if (timeline != null) {
                writeAtomically(dir.resolve("timeline.json"), JSON.writeValueAsString(timeline)
                        + "\n");
            }
            if (run.checkResult() != null) {
                writeAtomically(dir.resolve("check.json"), JSON.writeValueAsString(
                        CheckReport.of(run.checkResult(), result.checker())) + "\n");
            }
            Trace trace = run.simulation().trace();
            if (trace.mode() == Trace.Mode.RECORD) {
                Path tmp = dir.resolve("trace.jsonl.tmp");
                TraceFile.write(tmp, trace.events());
                Files.move(tmp, dir.resolve("trace.jsonl"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's artifacts to " + dir + ": "
                    + e.getMessage(), e);
        }
        if (report) {
            RunReport.write(dir);
        }
    }

    /** The result as one line of JSON (a {@code results.jsonl} line). */
    public static String toJsonLine(RunResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run result did not serialize", e);
        }
    }

    /**
     * @throws IllegalArgumentException naming {@code source} when the text is not a result
     */
    public static RunResult fromJson(String json, String source) {
        try {
            return JSON.readValue(json, RunResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not a run result: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@code text} to a temporary file beside {@code target}, then moves it into place. */
    public static void writeAtomically(Path target, String text) throws IOException {
        RunReport.writeAtomically(target, text);
    }
}
