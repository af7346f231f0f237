package io.detsim.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.detsim.raft.core.RaftBug;
import io.detsim.report.CheckReport;
import io.detsim.report.ClusterTimeline;
import io.detsim.report.ClusterTimeline.RoleSpan;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.Scenarios;
import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.ScenarioRun;
import io.detsim.sim.SimStats;
import io.detsim.sim.trace.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a real run saves for its report agrees with the run itself (no browser needed). */
class RunArtifactsReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void timelineAndCheckAgreeWithTheRun(@TempDir Path dir) throws Exception {
        Scenario swarm = Scenarios.load("swarm");
        ScenarioRun run = new ScenarioRun(swarm, "swarm", 4, RaftBug.STALE_LEADER_READ,
                Trace.Mode.RECORD, null);
        RunResult result = run.execute();
        RunArtifacts.write(dir, swarm, run, result);

        CheckReport check = JSON.readValue(dir.resolve("check.json").toFile(), CheckReport.class);
        assertEquals("not-linearizable", check.verdict());
        Matcher at = Pattern.compile("\\[history (\\d+)\\.\\.").matcher(result.reason());
        assertTrue(at.find(), result.reason());
        assertEquals(Long.parseLong(at.group(1)), check.partitions().get(0).failingOp(),
                "the report highlights the operation the verdict names");

        ClusterTimeline timeline = JSON.readValue(dir.resolve("timeline.json").toFile(),
                ClusterTimeline.class);
        SimStats stats = run.simulation().stats();
        assertEquals(stats.crashes(), count(timeline, "down"));
        assertEquals(stats.halts(), count(timeline, "halted"));
        assertEquals(result.simulatedNanos(), timeline.endNanos());
        for (int node = 0; node < swarm.servers(); node++) {
            int id = node;
            List<RoleSpan> spans = timeline.roles().stream().filter(r -> r.node() == id)
                    .sorted(Comparator.comparingLong(RoleSpan::fromNanos)).toList();
            assertTrue(!spans.isEmpty(), "node " + node + " has a role");
            for (int i = 1; i < spans.size(); i++) {
                assertTrue(spans.get(i).fromNanos() >= spans.get(i - 1).toNanos(),
                        "overlapping role spans: " + spans.get(i - 1) + " " + spans.get(i));
            }
        }
        // Every leader span starts at an election mark (a zero-length one leaves only the mark).
        List<RoleSpan> leaders = timeline.roles().stream().filter(r -> r.role().equals("LEADER"))
                .toList();
        assertTrue(!leaders.isEmpty());
        for (RoleSpan leader : leaders) {
            assertTrue(timeline.marks().stream().anyMatch(m -> m.kind().equals("elected")
                    && m.node() == leader.node() && m.atNanos() == leader.fromNanos()),
                    "no election mark for " + leader);
        }
        assertTrue(Files.readString(dir.resolve("report.html")).contains("report-data"));
    }

    private static long count(ClusterTimeline timeline, String kind) {
        return timeline.outages().stream().filter(o -> o.kind().equals(kind)).count();
    }
}
