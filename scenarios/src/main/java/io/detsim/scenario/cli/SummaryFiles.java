package io.detsim.scenario.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.detsim.scenario.campaign.CampaignSummary;
import io.detsim.scenario.run.RunArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Writes a campaign's {@code summary.json} and {@code summary.txt}. */
final class SummaryFiles {
    private static final ObjectMapper JSON = RunArtifacts.PRETTY_JSON;

    private SummaryFiles() {}

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
