package io.detsim.scenario.campaign;

import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A campaign's {@code results.jsonl}: one run result per line, appended and flushed as each run
 * completes, so that a killed campaign loses nothing it finished. Reading tolerates the one thing
 * a kill can leave behind, a last line cut short, and cuts it off before appending again.
 */
public final class ResultsLog implements AutoCloseable {
    private final BufferedWriter writer;

    private ResultsLog(BufferedWriter writer) {
        this.writer = writer;
    }

    /** Opens {@code file} for appending, first cutting off a torn last line if there is one. */
    public static ResultsLog openForAppend(Path file) {
        try {
            if (Files.exists(file)) {
                cutTornTail(file);
            }
            return new ResultsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized void append(RunResult result) {
        try {
            writer.write(RunArtifacts.toJsonLine(result));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to results.jsonl: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every complete result in {@code file}; a torn last line (no newline) is skipped. A broken
     * line elsewhere is an error naming the line.
     */
    public static List<RunResult> read(Path file) {
        List<RunResult> results = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String[] lines = text.split("\n", -1);
        // The last element is "" after a final newline, or the torn remains of a killed write.
        for (int i = 0; i < lines.length - 1; i++) {
            if (!lines[i].isBlank()) {
                results.add(RunArtifacts.fromJson(lines[i], file + " line " + (i + 1)));
            }
        }
        return results;
    }

    private static void cutTornTail(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(end);
            }
        }
    }
}
