package io.detsim.sim.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Traces as JSON lines: one {@link TraceEvent} object per line, in order. */
public final class TraceFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceFile() {}

    public static void write(Path file, List<TraceEvent> events) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (TraceEvent event : events) {
                out.write(JSON.writeValueAsString(event));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + file, e);
        }
    }

    /** Reads a trace; a malformed line fails with its file and line number. */
    public static List<TraceEvent> read(Path file) {
        List<TraceEvent> events = new ArrayList<>();
        forEach(file, events::add);
        return events;
    }

    /**
     * Hands each event of a trace to {@code sink} in order without holding the whole trace (a
     * long run's trace is many megabytes); a malformed line fails with its file and line number.
     */
    public static void forEach(Path file, java.util.function.Consumer<TraceEvent> sink) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                sink.accept(parse(file, lineNumber, line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file, e);
        }
    }

    private static TraceEvent parse(Path file, int lineNumber, String line) {
        try {
            TraceEvent event = JSON.readValue(line, TraceEvent.class);
            if (event.kind() == null) {
                throw new IllegalArgumentException(file + ":" + lineNumber
                        + ": trace event has no kind");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    file + ":" + lineNumber + ": not a trace event: " + e.getOriginalMessage(), e);
        }
    }
}
