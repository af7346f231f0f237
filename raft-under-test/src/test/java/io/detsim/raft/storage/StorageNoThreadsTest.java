package io.detsim.raft.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage starts no thread, Chronicle Bytes included, checked in a fresh JVM: in this one, any
 * earlier test may already have loaded Chronicle. The second case proves the probe would see
 * Chronicle's releaser thread if {@link Buffers} did not keep it off.
 */
class StorageNoThreadsTest {
    @TempDir
    Path tempDir;

    @Test
    void storage_startsNoThread_inAFreshJvm() throws Exception {
        String output = probe(tempDir.resolve("a"), List.of());
        assertTrue(output.contains("new threads: []"), output);
    }

    @Test
    void probe_seesChronicleReleaserThread_whenItIsAllowed() throws Exception {
        String output = probe(tempDir.resolve("b"), List.of("-D" + Buffers.RELEASER_PROPERTY
                + "=true"));
        assertTrue(output.contains("background~resource~releaser"), output);
    }

    private static String probe(Path directory, List<String> extraFlags)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("--enable-native-access")
                    || argument.startsWith("--sun-misc-unsafe-memory-access")) {
                command.add(argument);
            }
        }
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StorageThreadProbe.class.getName());
        command.add(directory.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe did not finish: " + output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
