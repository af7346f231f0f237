package io.detsim.raft.microraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checked in a fresh JVM: a MicroRaft cluster run starts no thread (MicroRaft's default executor
 * would start one per node; nothing an earlier test started can hide or fake one there), and it
 * gives the same trace hash as in this JVM (no identity hash or hidden-class name reaches it).
 */
class MicroRaftNoThreadsTest {
    @Test
    void microRaftRun_startsNoThread_inAFreshJvm() throws Exception {
        String output = probe();
        assertTrue(output.contains("new threads: []"), output);
        assertFalse(output.contains("restarts: 0"), "the run should restart nodes: " + output);
    }

    @Test
    void probe_seesMicroRaftsOwnThread_whenItsDefaultExecutorIsLeftIn() throws Exception {
        String output = probe("default-executor");
        assertFalse(output.contains("new threads: []"), output);
    }

    @Test
    void sameSeed_sameTraceHash_inAFreshJvm() throws Exception {
        String output = probe("trace-hash");
        assertTrue(output.contains("trace hash: " + MicroRaftClusterTest.traceHash(23)), output);
    }

    private static String probe(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("--enable-native-access")
                    || argument.startsWith("--sun-misc-unsafe-memory-access")) {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MicroRaftThreadProbe.class.getName());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "probe did not finish: " + output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
