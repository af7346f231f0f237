package io.detsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.detsim.check.history.History;
import io.detsim.check.history.HistoryJson;
import io.detsim.check.history.Op;
import io.detsim.check.history.OpType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
    private static final String HOSTILE = "<script>window.pwned=1</script>";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyValueIsEscapedAndOnlyTheReportsOwnScriptsRemain() throws Exception {
        writeResult("SAFETY", "history not linearizable: " + HOSTILE);
        History history = new History(List.of(
                new Op(0, 0, OpType.INVOKE, "put", "k" + HOSTILE, HOSTILE, 10),
                new Op(1, 0, OpType.OK, "put", "k" + HOSTILE, HOSTILE, 20),
                new Op(2, 1, OpType.INVOKE, "get", "k" + HOSTILE, null, 30),
                new Op(3, 1, OpType.INFO, "get", "k" + HOSTILE, null, 40)), "test");
        Files.writeString(dir.resolve("history.json"), HistoryJson.write(history));
        String html = Files.readString(RunReport.write(dir));
        assertFalse(html.contains(HOSTILE), "a value reached the page as markup");
        assertTrue(html.contains(Html.escape(HOSTILE)), "the reason is shown, escaped");
        Matcher scripts = Pattern.compile("<script").matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
        }
        assertEquals(2, count, "the data block and the drawing script, nothing else");
    }

    @Test
    void barsPairInvocationsWithCompletionsAndLeaveUnknownOutcomesOpen() {
        History history = new History(List.of(
                new Op(0, 0, OpType.INVOKE, "put", "a", "1", 10),
                new Op(1, 1, OpType.INVOKE, "get", "a", null, 12),
                new Op(2, 0, OpType.OK, "put", "a", "1", 20),
                new Op(3, 1, OpType.FAIL, "get", "a", null, 25),
                new Op(4, 0, OpType.INVOKE, "put", "a", "2", 30),
                new Op(5, 0, OpType.INFO, "put", "a", "2", 40),
                new Op(6, 1, OpType.INVOKE, "get", "a", null, 50)), "test");
        List<RunReport.OpBar> bars = RunReport.bars(history);
        assertEquals(4, bars.size());
        assertEquals(new RunReport.OpBar(0, 0, "put", "\"a\"", "\"1\"", "\"1\"", "ok", 10, 20),
                bars.get(0));
        assertEquals("fail", bars.get(1).type());
        assertEquals(25, bars.get(1).end());
        assertEquals("info", bars.get(2).type());
        assertEquals(40, bars.get(2).end(), "an unknown outcome ends where the client gave up");
        assertEquals("info", bars.get(3).type(), "never completed: outcome unknown");
        assertEquals(-1, bars.get(3).end());
    }

    @Test
    void anInconclusiveRunIsNotDrawnAsAFailure() throws Exception {
        writeResult("VACUOUS", "only 3 operations completed");
        String html = Files.readString(RunReport.write(dir));
        assertTrue(html.contains("Why the run is inconclusive"), html);
        assertFalse(html.contains("First violated check"));
        assertTrue(html.contains("\"failureNanos\":-1"), "no failure line");
    }

    @Test
    void aDirectoryWithoutAResultIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunReport.write(dir));
        assertTrue(e.getMessage().contains("result.json"), e.getMessage());
    }

    @Test
    void aMalformedSavedFileIsNamed() throws Exception {
        writeResult("PASS", null);
        Files.writeString(dir.resolve("timeline.json"), "{\"servers\": [");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunReport.write(dir));
        assertTrue(e.getMessage().contains("timeline.json"), e.getMessage());
        Files.writeString(dir.resolve("timeline.json"), "{\"servers\": 3, \"nodes\": 3,"
                + " \"endNanos\": 5, \"roles\": [{\"node\": 7, \"role\": \"LEADER\"}],"
                + " \"outages\": [], \"faults\": [], \"marks\": []}");
        e = assertThrows(IllegalArgumentException.class, () -> RunReport.write(dir));
        assertTrue(e.getMessage().contains("timeline.json"), e.getMessage());
        Files.delete(dir.resolve("timeline.json"));
        Files.writeString(dir.resolve("check.json"), "{\"verdict\": \"linearizable\"}");
        e = assertThrows(IllegalArgumentException.class, () -> RunReport.write(dir));
        assertTrue(e.getMessage().contains("check.json"), e.getMessage());
        Files.delete(dir.resolve("check.json"));
        Files.writeString(dir.resolve("result.json"), "[1, 2]");
        e = assertThrows(IllegalArgumentException.class, () -> RunReport.write(dir));
        assertTrue(e.getMessage().contains("result.json"), e.getMessage());
    }

    private void writeResult(String verdict, String reason) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", "swarm");
        result.put("seed", 4);
        result.put("bug", "none");
        result.put("verdict", verdict);
        result.put("reason", reason);
        result.put("traceHash", "0123456789abcdef");
        result.put("profile", "network: " + HOSTILE);
        result.put("simulatedNanos", 50);
        result.put("reproduce", "./detsim run --seed 4");
        Files.writeString(dir.resolve("result.json"), JSON.writeValueAsString(result));
    }
}
