package io.detsim.scenario.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detsim check} on real histories with known verdicts, and on bad input. */
class CheckCommandTest {

    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome detsim(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DetsimCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Path shared(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/histories").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("../shared/histories/" + relative + " not found");
    }

    @Test
    void linearizableHistory_exitsZero() {
        Outcome o = detsim("check", shared("porcupine/test_data/kv/c10-ok.txt").toString(),
                "--model", "kv", "--init", "\"\"", "--nil-read", "value");
        assertEquals(0, o.exitCode(), o.out() + o.err());
        assertTrue(o.out().contains("verdict: LINEARIZABLE"), o.out());
        assertTrue(o.out().contains("in 10 partition(s)"), o.out());
    }

    @Test
    void violation_exitsOne_andNamesTheFailingOperation() {
        Outcome o = detsim("check",
                shared("knossos/data/cas-register/bad/bad-analysis.edn").toString(),
                "--model", "cas-register", "--init", "0");
        assertEquals(1, o.exitCode(), o.out() + o.err());
        // Knossos's own test pins this op: process 21 reading 2, completed at index 14.
        assertTrue(o.out().contains("cannot linearize: process 21 read 2 [history 13..14]"),
                o.out());
        assertTrue(o.out().contains("minimal non-linearizable sub-history"), o.out());
    }

    @Test
    void bothCheckers_agreeOnAnEtcdHistory() {
        Outcome o = detsim("check", shared("porcupine/test_data/jepsen/etcd_002.log").toString(),
                "--model", "cas-register", "--init", "nil", "--nil-read", "value",
                "--checker", "both", "--timeout", "30s");
        assertEquals(0, o.exitCode(), o.out() + o.err());
        assertTrue(o.out().contains("native: linearizable, clojure: "), o.out());
    }

    @Test
    void tinyBudget_givesUnknown_exitThree() {
        Outcome o = detsim("check", shared("porcupine/test_data/kv/c50-ok.txt").toString(),
                "--model", "kv", "--init", "\"\"", "--nil-read", "value", "--timeout", "1ns");
        assertEquals(3, o.exitCode(), o.out() + o.err());
        assertTrue(o.out().contains("verdict: UNKNOWN"), o.out());
    }

    @Test
    void badInput_exitsTwo_naming(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.edn");
        Files.writeString(broken, "[{:process 0, :type :invoke, :f :read, :value nil}\n"
                + " {:process 0, :type :bogus, :f :read, :value 1}]\n");
        Outcome bad = detsim("check", broken.toString(), "--model", "register");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("broken.edn:2: op 1"), bad.err());
        assertTrue(bad.err().contains(":type"), bad.err());
        assertFalse(bad.err().contains("Exception"), bad.err());

        Path evil = dir.resolve("evil.edn");
        Files.writeString(evil, "[#=(java.lang.System/exit 1)]");
        Outcome refused = detsim("check", evil.toString(), "--model", "register");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("reader eval"), refused.err());

        assertEquals(2, detsim("check", dir.resolve("missing.edn").toString(), "--model", "kv")
                .exitCode());
        Outcome model = detsim("check", broken.toString(), "--model", "queue");
        assertEquals(2, model.exitCode());
        assertTrue(model.err().contains("unknown --model 'queue'"), model.err());
        Outcome init = detsim("check", broken.toString(), "--model", "register", "--init", "{:x");
        assertEquals(2, init.exitCode());
        assertTrue(init.err().contains("--init"), init.err());
    }
}
