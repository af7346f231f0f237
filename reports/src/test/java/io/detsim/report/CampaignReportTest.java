package io.detsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignReportTest {
    @TempDir
    Path dir;

    @Test
    void failuresAreGroupedByWhatCaughtThem() {
        assertEquals("invariant leader-completeness violated", CampaignReport.signature(
                "invariant leader-completeness violated: new leader 1 (term 6) lacks entry 47"));
        assertEquals(CampaignReport.signature("no leader 5s after the heal at 20s: [...]"),
                CampaignReport.signature("no leader 5s after the heal at 21.5s: [...]"));
        assertEquals("(no reason given)", CampaignReport.signature(null));
        assertEquals(CampaignReport.signature("the same seed gave trace hashes 0123456789abcdef"
                + " and fedcba9876543210; first difference between two recorded re-runs: x"),
                CampaignReport.signature("the same seed gave trace hashes 00000000000000ff and"
                        + " 40830b8ef1deda60; two recorded re-runs agree with each other"));
    }

    @Test
    void rendersGroupsLinksAndSkipsATornLastLine() throws Exception {
        Files.writeString(dir.resolve("campaign.json"), "{\"scenario\":\"swarm\",\"knobs\":\"\","
                + "\"bug\":\"stale-leader-read\",\"firstSeed\":1,\"seedCount\":4,"
                + "\"shardIndex\":1,\"shardCount\":1}");
        Files.writeString(dir.resolve("results.jsonl"), line(1, "PASS", null)
                + line(2, "SAFETY", "history not linearizable: at <b>op</b>")
                + line(3, "SAFETY", "history not linearizable: elsewhere")
                + line(4, "LIVENESS", "no leader 5s after the heal at 20s: x")
                + "{\"seed\":5,\"verd");
        Path run = dir.resolve("failures/seed-2");
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunReport.FILE_NAME), "<html></html>");
        String html = Files.readString(CampaignReport.write(dir));
        assertTrue(html.contains("<th>seeds run</th><td>4: 1 LIVENESS, 1 PASS, 2 SAFETY"), html);
        assertTrue(html.contains("href=\"failures/seed-2/report.html\""), "a saved run is linked");
        assertFalse(html.contains("href=\"failures/seed-3/"), "no link to a report not saved");
        assertTrue(html.contains("history not linearizable</td>"), "one group for both seeds");
        assertTrue(html.contains("at &lt;b&gt;op&lt;/b&gt;"), "reasons are escaped");
        assertTrue(html.contains("stale-leader-read"));
    }

    @Test
    void aMalformedLineBeforeTheLastIsAnErrorNamingIt() throws Exception {
        Files.writeString(dir.resolve("results.jsonl"), "{oops\n" + line(1, "PASS", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CampaignReport.write(dir));
        assertTrue(e.getMessage().contains("results.jsonl:1"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutResultsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CampaignReport.write(dir));
        assertTrue(e.getMessage().contains("results.jsonl"), e.getMessage());
    }

    private static String line(long seed, String verdict, String reason) {
        return "{\"scenario\":\"swarm\",\"seed\":" + seed + ",\"bug\":\"stale-leader-read\","
                + "\"verdict\":\"" + verdict + "\",\"reason\":" + (reason == null ? "null"
                : "\"" + reason + "\"") + ",\"reproduce\":\"./detsim run --seed " + seed
                + "\",\"wallNanos\":1000000,\"simulatedNanos\":20000000000}\n";
    }
}
