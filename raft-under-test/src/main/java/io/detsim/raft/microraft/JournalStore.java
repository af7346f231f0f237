package io.detsim.raft.microraft;

import io.detsim.raft.core.FailStopDisk;
import io.detsim.raft.core.RaftServer;
import io.detsim.raft.storage.LogEntry;
import io.detsim.raft.storage.SegmentedLog;
import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.ProcessHalt;
import io.microraft.RaftEndpoint;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * MicroRaft's {@link RaftStore} on the node's simulated disk: every call appends one record to a
 * journal kept in our {@link SegmentedLog} (record k is log entry k of term 1), which brings
 * framing, checksums, a torn tail cut at recovery and a flush pipeline whose crashes leave a
 * prefix of the records. {@code persistAndFlush*} and {@code flush} are barriers of the
 * {@link DurabilityGate}; the other calls only append, and are durable after the next barrier,
 * as MicroRaft's contract says.
 *
 * <p>It also mirrors the log MicroRaft persisted (term and digest per index), which is what the
 * harness compares between nodes ({@link RaftServer#entryDigest}): served from memory, never
 * from the disk. Indices at or below the last truncation point (a snapshot's) are no longer
 * held.
 *
 * <p>A disk error stops the process (as our Raft does, {@link FailStopDisk}): the call throws an
 * {@link IOException} carrying {@link DiskHalt}, MicroRaft ERROR-logs it, and the shell halts
 * the node after the event.
 */
final class JournalStore implements RaftStore {
    /** What the harness hears from the store. */
    interface Listener {
        /** A term record with a vote became durable. */
        void voted(int term, int candidate);

        /** The node appended an entry while leading. */
        void appended(long index, int term);
    }

    private final SegmentedLog journal;
    private final DurabilityGate gate;
    private final Listener listener;
    private final BooleanSupplier leading;
    private long[] digests = new long[256];
    private int[] terms = new int[256];
    private long lastIndex;
    /** Entries at or below it are no longer held (compacted into a snapshot). */
    private long base;
    private long logVersion;
    private String haltReason;

    JournalStore(SegmentedLog journal, JournalRecords.State recovered, DurabilityGate gate,
            Listener listener, BooleanSupplier leading) {
        this.journal = journal;
        this.gate = gate;
        this.listener = listener;
        this.leading = leading;
        // What MicroRaft restores: the highest complete snapshot, then the entries after it.
        base = recovered.snapshotIndex();
        lastIndex = base;
        for (JournalRecords.Entry entry : recovered.entriesAfterSnapshot()) {
            mirror(entry);
        }
    }

    // ---- RaftStore ----

    @Override
    public void persistAndFlushLocalEndpoint(RaftEndpointPersistentState state)
            throws IOException {
        append(JournalRecords.endpoint(NodeEndpoint.idOf(state.getLocalEndpoint()),
                state.isVoting()));
        barrier(() -> { });
    }

    @Override
    public void persistAndFlushInitialGroupMembers(RaftGroupMembersView view) throws IOException {
        append(JournalRecords.members(view.getLogIndex(), ids(view.getMembers()),
                ids(view.getVotingMembers())));
        barrier(() -> { });
    }

    @Override
    public void persistAndFlushTerm(RaftTermPersistentState state) throws IOException {
        int term = state.getTerm();
        int votedFor = NodeEndpoint.idOf(state.getVotedFor());
        append(JournalRecords.term(term, votedFor));
        // §5.2: a vote takes effect (the harness counts it) once it is durable.
        barrier(votedFor < 0 ? () -> { } : () -> listener.voted(term, votedFor));
    }

    @Override
    public void persistLogEntries(List<io.microraft.model.log.LogEntry> entries)
            throws IOException {
        List<JournalRecords.Entry> records = new ArrayList<>(entries.size());
        long expected = lastIndex + 1;
        for (io.microraft.model.log.LogEntry entry : entries) {
            if (entry.getIndex() != expected) {
                throw new IllegalStateException("MicroRaft persisted entry " + entry.getIndex()
                        + " where the log continues at " + expected
                        + " (the store contract allows a gap only after a snapshot)");
            }
            records.add(new JournalRecords.Entry(entry.getIndex(), entry.getTerm(),
                    KvOpCodec.encode(entry.getOperation())));
            expected++;
        }
        append(JournalRecords.entries(records));
        boolean leader = leading.getAsBoolean();
        for (JournalRecords.Entry record : records) {
            mirror(record);
            if (leader) {
                listener.appended(record.index(), record.term());
            }
        }
    }

    @Override
    public void truncateLogEntriesFrom(long logIndexInclusive) throws IOException {
        if (logIndexInclusive <= base || logIndexInclusive > lastIndex + 1) {
            throw new IllegalStateException("MicroRaft truncated from " + logIndexInclusive
                    + " but the log ends at " + lastIndex);
        }
        append(JournalRecords.truncateFrom(logIndexInclusive));
        lastIndex = logIndexInclusive - 1;
        logVersion++;
    }

    @Override
    public void flush() throws IOException {
        barrier(() -> { });
    }

    @Override
    public void persistSnapshotChunk(SnapshotChunk chunk) {
        RaftGroupMembersView view = chunk.getGroupMembersView();
        KvOpStateMachine.Chunk bytes = (KvOpStateMachine.Chunk) chunk.getOperation();
        append(JournalRecords.snapshotChunk(new JournalRecords.Chunk(chunk.getIndex(),
                chunk.getTerm(), chunk.getSnapshotChunkIndex(), chunk.getSnapshotChunkCount(),
                view.getLogIndex(), ids(view.getMembers()), ids(view.getVotingMembers()),
                bytes.bytes())));
    }

    @Override
    public void truncateLogEntriesUntil(long logIndexInclusive) {
        append(JournalRecords.truncateUntil(logIndexInclusive));
        if (logIndexInclusive > base) {
            base = logIndexInclusive;
            lastIndex = Math.max(lastIndex, base);
            logVersion++;
        }
    }

    @Override
    public void deleteSnapshotChunks(long logIndex, int snapshotChunkCount) {
        append(JournalRecords.deleteChunks(logIndex));
    }

    // ---- the mirror, for the harness ----

    long lastIndex() {
        return lastIndex;
    }

    /** Entries at or below it are no longer held. */
    long compactedUntil() {
        return base;
    }

    long logVersion() {
        return logVersion;
    }

    /** The digest of the entry at {@code index} (term and operation), or ABSENT. */
    long digestAt(long index) {
        return index <= base || index > lastIndex ? RaftServer.ABSENT : digests[(int) index];
    }

    /** The term of the entry at {@code index}, which the log holds. */
    int termAt(long index) {
        if (index <= base || index > lastIndex) {
            throw new IllegalArgumentException("no entry " + index + " (held " + (base + 1)
                    + " to " + lastIndex + ")");
        }
        return terms[(int) index];
    }

    /** Why the disk made the node stop, or null. */
    String haltReason() {
        return haltReason;
    }

    // ---- helpers ----

    private void mirror(JournalRecords.Entry entry) {
        long index = entry.index();
        if (index != lastIndex + 1) {
            throw new IllegalStateException("mirror: entry " + index + " after " + lastIndex);
        }
        if (index >= digests.length) {
            digests = Arrays.copyOf(digests, (int) Math.max(index + 1, digests.length * 2L));
            terms = Arrays.copyOf(terms, digests.length);
        }
        digests[(int) index] = RaftServer.digestOf(entry.term(), entry.operation());
        terms[(int) index] = entry.term();
        lastIndex = index;
        logVersion++;
    }

    private void append(byte[] record) {
        journal.append(List.of(new LogEntry(1, journal.lastIndex() + 1, record)));
    }

    private void barrier(Runnable onDurable) throws IOException {
        if (haltReason != null) {
            throw new IOException(new DiskHalt(haltReason, null));
        }
        try {
            gate.barrier(journal::sync, onDurable);
        } catch (ProcessHalt | DiskException e) {
            // The fail-stop disk gave up: record it; the shell halts the node after the event.
            haltReason = "journal sync failed: " + e.getMessage();
            throw new IOException(new DiskHalt(haltReason, e));
        }
    }

    private static List<Integer> ids(Collection<RaftEndpoint> endpoints) {
        List<Integer> ids = new ArrayList<>(endpoints.size());
        for (RaftEndpoint endpoint : endpoints) {
            ids.add(NodeEndpoint.idOf(endpoint));
        }
        return ids;
    }
}
