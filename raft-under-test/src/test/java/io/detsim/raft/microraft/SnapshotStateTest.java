package io.detsim.raft.microraft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.raft.core.RaftObserver;
import io.detsim.raft.kv.ClientRequest;
import io.detsim.raft.kv.KvCommand;
import io.detsim.raft.kv.KvStateMachine;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshot chunks of the state machine, and the journal's snapshot records folded. */
class SnapshotStateTest {

    @Test
    void chunks_areFixedSlicesInOrder_identicalAcrossNodes_andInstallRoundTrips() {
        KvStateMachine kv = new KvStateMachine();
        List<ClientRequest> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(new ClientRequest(i, 1, new KvCommand.Put("key-" + i, "value-" + i)));
        }
        kv.apply(1, batch);
        kv.applyNoOp(2);
        byte[] exported = kv.exportState();
        assertTrue(exported.length > 3 * KvOpStateMachine.CHUNK_BYTES, exported.length + " bytes");

        KvOpStateMachine first = new KvOpStateMachine(0, null, RaftObserver.NONE);
        first.installSnapshot(2, List.of(new KvOpStateMachine.Chunk(exported)));
        List<Object> chunks = new ArrayList<>();
        first.takeSnapshot(2, chunks::add);
        assertEquals((exported.length + KvOpStateMachine.CHUNK_BYTES - 1)
                / KvOpStateMachine.CHUNK_BYTES, chunks.size());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < chunks.size(); i++) {
            byte[] bytes = ((KvOpStateMachine.Chunk) chunks.get(i)).bytes();
            assertTrue(i == chunks.size() - 1 ? bytes.length <= KvOpStateMachine.CHUNK_BYTES
                    : bytes.length == KvOpStateMachine.CHUNK_BYTES);
            joined.writeBytes(bytes);
        }
        assertArrayEquals(exported, joined.toByteArray());

        KvOpStateMachine second = new KvOpStateMachine(1, null, RaftObserver.NONE);
        second.installSnapshot(2, chunks);
        assertEquals(2, second.appliedIndex());
        List<Object> again = new ArrayList<>();
        second.takeSnapshot(2, again::add);
        assertEquals(chunks, again, "chunk k is byte-identical on every node");
        assertEquals("value-7", second.runOperation(2, new KvOp.Read("key-7")));

        assertThrows(IllegalStateException.class, () -> second.takeSnapshot(3, again::add));
        assertThrows(IllegalStateException.class,
                () -> new KvOpStateMachine(2, null, RaftObserver.NONE).installSnapshot(5, chunks));
    }

    @Test
    void journal_restoresTheHighestCompleteSnapshot_andOnlyTheEntriesAfterIt() {
        JournalRecords.State state = new JournalRecords.State();
        List<JournalRecords.Entry> entries = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            entries.add(new JournalRecords.Entry(i, 1, new byte[] {(byte) i}));
        }
        JournalRecords.replay(JournalRecords.entries(entries), state);
        JournalRecords.replay(JournalRecords.snapshotChunk(chunk(8, 1, 2)), state);
        JournalRecords.replay(JournalRecords.snapshotChunk(chunk(8, 0, 2)), state);
        JournalRecords.replay(JournalRecords.truncateUntil(6), state);
        // a later snapshot, partial: ignored
        JournalRecords.replay(JournalRecords.snapshotChunk(chunk(10, 0, 2)), state);
        assertEquals(8, state.snapshotIndex());
        List<JournalRecords.Chunk> snapshot = state.completeSnapshot();
        assertEquals(List.of(0, 1), snapshot.stream().map(JournalRecords.Chunk::chunkIndex)
                .toList());
        assertEquals(List.of(9L, 10L), state.entriesAfterSnapshot().stream()
                .map(JournalRecords.Entry::index).toList());
        assertEquals(6, state.base);

        // an installed snapshot beyond the log: truncation until it empties the log
        JournalRecords.replay(JournalRecords.deleteChunks(10), state);
        JournalRecords.replay(JournalRecords.snapshotChunk(chunk(20, 0, 1)), state);
        JournalRecords.replay(JournalRecords.truncateUntil(20), state);
        JournalRecords.replay(JournalRecords.entries(List.of(
                new JournalRecords.Entry(21, 2, new byte[] {21}))), state);
        assertEquals(20, state.snapshotIndex());
        assertEquals(List.of(21L), state.entriesAfterSnapshot().stream()
                .map(JournalRecords.Entry::index).toList());
        assertThrows(IllegalStateException.class, () -> JournalRecords.replay(
                JournalRecords.truncateFrom(20), state));
    }

    @Test
    void journal_truncatedBeyondItsCompleteSnapshot_isInconsistent() {
        JournalRecords.State state = new JournalRecords.State();
        JournalRecords.replay(JournalRecords.snapshotChunk(chunk(8, 0, 2)), state);
        JournalRecords.replay(JournalRecords.truncateUntil(8), state);
        assertThrows(IllegalStateException.class, state::entriesAfterSnapshot);
    }

    private static JournalRecords.Chunk chunk(long index, int chunkIndex, int count) {
        return new JournalRecords.Chunk(index, 1, chunkIndex, count, 0, List.of(0, 1, 2),
                List.of(0, 1, 2), new byte[] {(byte) chunkIndex});
    }
}
