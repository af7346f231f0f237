package io.detsim.scenario.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetsimCliTest {
    private static final Pattern HASH = Pattern.compile("(?m)^trace-hash: ([0-9a-f]{16})$");

    private record Outcome(int exitCode, String out, String err) {
        String hash() {
            Matcher m = HASH.matcher(out);
            assertTrue(m.find(), "no trace-hash line in:\n" + out);
            return m.group(1);
        }
    }

    private static Outcome detsim(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DetsimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void run_printsProfileSummaryVerdictAndHash_andExitsZero() {
        Outcome o = detsim("demo", "--seed", "42", "--chaos", "2s", "--heal", "3s");
        assertEquals(0, o.exitCode(), o.out() + o.err());
        assertTrue(o.out().contains("fault profile (swarm):"));
        assertTrue(o.out().contains("network:") && o.out().contains("disk:")
                && o.out().contains("clock:"));
        assertTrue(o.out().contains("nemesis schedule"));
        assertTrue(o.out().contains("summary: simulated"));
        assertTrue(o.out().contains("verdict: PASS"));
        assertEquals(o.hash(),
                detsim("demo", "--seed", "42", "--chaos", "2s", "--heal", "3s", "--quiet").hash());
    }

    @Test
    void differentSeeds_printDifferentHashes() {
        assertNotEquals(detsim("demo", "--seed", "1", "--quiet", "--chaos", "1s").hash(),
                detsim("demo", "--seed", "2", "--quiet", "--chaos", "1s").hash());
        assertEquals(detsim("demo", "--seed", "0x10", "--quiet", "--chaos", "1s").hash(),
                detsim("demo", "--seed", "16", "--quiet", "--chaos", "1s").hash());
    }

    @Test
    void badInput_exitsTwo_withAMessageNamingTheProblem() {
        Outcome badSeed = detsim("demo", "--seed", "forty-two");
        assertEquals(2, badSeed.exitCode());
        assertTrue(badSeed.err().contains("'forty-two' is not a seed"), badSeed.err());
        Outcome badNodes = detsim("demo", "--seed", "1", "--nodes", "0");
        assertEquals(2, badNodes.exitCode());
        assertTrue(badNodes.err().contains("--nodes must be in [1, 64]"), badNodes.err());
        Outcome badDuration = detsim("demo", "--seed", "1", "--chaos", "10");
        assertEquals(2, badDuration.exitCode());
        assertTrue(badDuration.err().contains("not a duration"), badDuration.err());
        Outcome missingSeed = detsim("run");
        assertEquals(2, missingSeed.exitCode());
        assertTrue(missingSeed.err().contains("--seed"), missingSeed.err());
        assertEquals(2, detsim("no-such-command").exitCode());
        assertEquals(2, detsim().exitCode());
    }

    @Test
    void help_isAvailableEverywhere() {
        Outcome top = detsim("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("run") && top.out().contains("trace-diff"));
        Outcome run = detsim("demo", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("--seed") && run.out().contains("Exit codes"));
    }

    @Test
    void traceOut_andTraceDiff_findTheFirstDifference(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Path c = dir.resolve("c.jsonl");
        assertEquals(0, detsim("demo", "--seed", "5", "--chaos", "1s", "--quiet", "--trace-out",
                a.toString()).exitCode());
        assertEquals(0, detsim("demo", "--seed", "5", "--chaos", "1s", "--quiet", "--trace-out",
                b.toString()).exitCode());
        assertEquals(0, detsim("demo", "--seed", "6", "--chaos", "1s", "--quiet", "--trace-out",
                c.toString()).exitCode());
        assertTrue(Files.size(a) > 1000);
        Outcome same = detsim("trace-diff", a.toString(), b.toString());
        assertEquals(0, same.exitCode(), same.out());
        assertTrue(same.out().contains("traces are equal"));
        Outcome different = detsim("trace-diff", a.toString(), c.toString());
        assertEquals(1, different.exitCode());
        assertTrue(different.out().contains("traces differ at event"));
        Outcome missing = detsim("trace-diff", a.toString(), dir.resolve("nope.jsonl").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such trace file"));
        assertFalse(missing.err().contains("Exception"));
    }
}
