package io.detsim.scenario.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.detsim.scenario.campaign.CampaignSummary;
import io.detsim.scenario.run.RunArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a campaign's {@code summary.json} and {@code summary.txt}. */
final class SummaryFiles {
    private static final ObjectMapper JSON = RunArtifacts.PRETTY_JSON;
    /** One JSON value per line (sessions.jsonl). */
    private static final ObjectMapper LINE_JSON = new ObjectMapper();

    private SummaryFiles() {}

    /**
     * Appends one line to {@code sessions.jsonl}: when this invocation started, how many seeds
     * it ran in how much wall time on how many jobs, and whether it was stopped early (a
     * resumed campaign has one line per session, so its throughput stays honest).
     */
    static void appendSession(Path dir, Instant startedAt, int seeds, double wallSeconds,
            int jobs, boolean stoppedEarly) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("startedAt", startedAt.toString());
        line.put("seeds", seeds);
        line.put("wallSeconds", wallSeconds);
        line.put("jobs", jobs);
        line.put("stoppedEarly", stoppedEarly);
        try {
            Files.writeString(dir.resolve("sessions.jsonl"),
                    LINE_JSON.writeValueAsString(line) + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + dir.resolve("sessions.jsonl")
                    + ": " + e.getMessage(), e);
        }
    }

    static void write(Path dir, CampaignSummary summary) {
        try {
            RunArtifacts.writeAtomically(dir.resolve("summary.json"),
                    JSON.writeValueAsString(summary) + "\n");
            RunArtifacts.writeAtomically(dir.resolve("summary.txt"),
                    summary.describe(Integer.MAX_VALUE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary to " + dir + ": "
                    + e.getMessage(), e);
        }
    }
}
