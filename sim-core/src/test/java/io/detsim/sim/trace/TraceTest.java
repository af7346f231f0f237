package io.detsim.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceTest {

    private static Trace sample(Trace.Mode mode, long detailOfThird) {
        Trace trace = new Trace(mode);
        trace.record(0, TraceKind.START, 0, -1, 1);
        trace.record(10, TraceKind.SEND, 0, 1, 500, "hello");
        trace.record(500, TraceKind.DELIVER, 1, 0, detailOfThird);
        trace.record(600, TraceKind.TIMER, 1, -1, 77);
        return trace;
    }

    @Test
    void sameEvents_sameHash_anyFieldChanged_differentHash() {
        long base = sample(Trace.Mode.HASH_ONLY, 42).hash();
        assertEquals(base, sample(Trace.Mode.HASH_ONLY, 42).hash());
        assertNotEquals(base, sample(Trace.Mode.HASH_ONLY, 43).hash());
        Trace swappedNodes = new Trace(Trace.Mode.HASH_ONLY);
        swappedNodes.record(0, TraceKind.START, 0, -1, 1);
        swappedNodes.record(10, TraceKind.SEND, 1, 0, 500);
        swappedNodes.record(500, TraceKind.DELIVER, 1, 0, 42);
        swappedNodes.record(600, TraceKind.TIMER, 1, -1, 77);
        assertNotEquals(base, swappedNodes.hash());
        Trace reordered = new Trace(Trace.Mode.HASH_ONLY);
        reordered.record(10, TraceKind.SEND, 0, 1, 500);
        reordered.record(0, TraceKind.START, 0, -1, 1);
        reordered.record(500, TraceKind.DELIVER, 1, 0, 42);
        reordered.record(600, TraceKind.TIMER, 1, -1, 77);
        assertNotEquals(base, reordered.hash());
    }

    @Test
    void recording_andNotes_neverChangeTheHash() {
        Trace hashOnly = sample(Trace.Mode.HASH_ONLY, 42);
        Trace recorded = sample(Trace.Mode.RECORD, 42);
        assertEquals(hashOnly.hash(), recorded.hash());
        assertEquals(hashOnly.hash(), Trace.hashOf(recorded.events()));
        assertEquals(4, recorded.events().size());
        assertEquals("hello", recorded.events().get(1).note());
        assertEquals(16, hashOnly.hashHex().length());
    }

    @Test
    void recordedEvents_roundTripTheirFields() {
        TraceEvent deliver = sample(Trace.Mode.RECORD, 42).events().get(2);
        assertEquals(new TraceEvent(2, 500, TraceKind.DELIVER, 1, 0, 42, null), deliver);
    }

    @Test
    void events_areOnlyKeptInRecordMode() {
        assertThrows(IllegalStateException.class, () -> sample(Trace.Mode.HASH_ONLY, 1).events());
    }

    @Test
    void nodeIdsOutOfRange_areRejected() {
        Trace trace = new Trace(Trace.Mode.HASH_ONLY);
        assertThrows(IllegalArgumentException.class,
                () -> trace.record(0, TraceKind.START, -2, -1, 0));
    }

    @Test
    void diff_findsTheFirstDifferingEvent() {
        List<TraceEvent> left = sample(Trace.Mode.RECORD, 42).events();
        List<TraceEvent> right = sample(Trace.Mode.RECORD, 43).events();
        assertEquals(Optional.empty(),
                TraceDiff.firstDifference(left, sample(Trace.Mode.RECORD, 42).events()));
        TraceDiff.Difference difference = TraceDiff.firstDifference(left, right).orElseThrow();
        assertEquals(2, difference.index());
        assertEquals(42, difference.left().detail());
        assertEquals(43, difference.right().detail());
        assertTrue(difference.toString().contains("event 2"));
    }

    @Test
    void diff_ofAPrefix_pointsAtTheEndOfTheShorterTrace() {
        List<TraceEvent> full = sample(Trace.Mode.RECORD, 42).events();
        TraceDiff.Difference difference = TraceDiff.firstDifference(full.subList(0, 3), full)
                .orElseThrow();
        assertEquals(3, difference.index());
        assertNull(difference.left());
        assertEquals(TraceKind.TIMER, difference.right().kind());
    }

    @Test
    void traceFiles_roundTrip(@TempDir Path dir) {
        List<TraceEvent> events = sample(Trace.Mode.RECORD, 42).events();
        Path file = dir.resolve("trace.jsonl");
        TraceFile.write(file, events);
        List<TraceEvent> read = TraceFile.read(file);
        assertEquals(events, read);
        assertEquals(Trace.hashOf(events), Trace.hashOf(read));
    }

    @Test
    void malformedTraceLine_namesFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"step\":0,\"timeNanos\":0,\"kind\":\"START\",\"node\":0,"
                + "\"peer\":-1,\"detail\":1}\n"
                + "{\"step\":1,\"kind\":\"NOT_A_KIND\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceFile.read(file));
        assertTrue(e.getMessage().contains("bad.jsonl:2"), e.getMessage());
    }
}
