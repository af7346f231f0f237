package io.detsim.raft.microraft;

import io.detsim.raft.core.FailStopDisk;
import io.detsim.raft.storage.LogConfig;
import io.detsim.raft.storage.LogEntry;
import io.detsim.raft.storage.RecoveryReport;
import io.detsim.raft.storage.SegmentedLog;
import io.detsim.raft.storage.StorageCorruptionException;
import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.NodeDisk;
import io.microraft.RaftEndpoint;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.log.SnapshotEntry;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RestoredRaftState;
import java.util.ArrayList;
import java.util.List;

/**
 * A MicroRaft node's start from its disk: the journal is recovered (a torn tail cut off) and
 * replayed into the state MicroRaft restores from, durable data only.
 *
 * <p>MicroRaft cannot survive losing data it synced (a lost vote can become a second vote in the
 * same term, a lost acknowledged entry a lost write), and unlike our Raft it has no way to abstain
 * until caught up. So when recovery finds synced data damaged, the node is quarantined: a marker
 * file (durable at once) keeps it down at every later start, and the harness hears of it as a
 * problem. A read that fails may be a transient bit flip, so a damaged look is retried before it
 * counts.
 */
final class JournalRecovery {
    static final String QUARANTINE_FILE = "microraft-quarantined";
    private static final int LOOKS_MAX = 3;
    private static final long READ_BYTES_MAX = 1 << 20;

    /**
     * What a start found: the open journal and its state, or why the node stays down.
     *
     * @param journal the recovered journal, or null when quarantined
     * @param state the durable state it describes, or null when quarantined
     * @param quarantine why the node stays down, or null
     */
    record Result(SegmentedLog journal, JournalRecords.State state, String quarantine) {}

    private JournalRecovery() {}

    static Result recover(NodeDisk rawDisk) {
        if (rawDisk.exists(QUARANTINE_FILE)) {
            return new Result(null, null, "quarantined at an earlier start");
        }
        FailStopDisk disk = new FailStopDisk(rawDisk);
        String damage = null;
        for (int look = 0; look < LOOKS_MAX; look++) {
            RecoveryReport preview = SegmentedLog.inspect(disk);
            damage = preview.corruption();
            if (damage == null) {
                break;
            }
        }
        if (damage != null) {
            return quarantine(rawDisk, "journal corrupt at recovery: " + damage);
        }
        SegmentedLog journal = SegmentedLog.open(disk, LogConfig.defaults());
        if (journal.recoveryReport().corruption() != null) {
            return quarantine(rawDisk, "journal corrupt at recovery: "
                    + journal.recoveryReport().corruption());
        }
        JournalRecords.State state = new JournalRecords.State();
        String unreadable = replay(journal, state);
        if (unreadable != null) {
            return quarantine(rawDisk, unreadable);
        }
        try {
            state.entriesAfterSnapshot();
        } catch (IllegalStateException e) {
            return quarantine(rawDisk, "journal inconsistent at recovery: " + e.getMessage());
        }
        disk.arm();
        return new Result(journal, state, null);
    }

    /**
     * The state MicroRaft restores from, or null for a fresh start (nothing made durable yet: a
     * crash before the first start finished its initial barriers). The term record defaults to
     * term 0 and no vote when none was persisted.
     */
    static RestoredRaftState restoredState(JournalRecords.State state, RaftModelFactory models) {
        if (!state.initialStateDurable()) {
            return null;
        }
        RaftEndpointPersistentState endpoint = models.createRaftEndpointPersistentStateBuilder()
                .setLocalEndpoint(NodeEndpoint.of(state.endpointId)).setVoting(state.voting)
                .build();
        RaftGroupMembersView members = models.createRaftGroupMembersViewBuilder()
                .setLogIndex(state.membersLogIndex).setMembers(endpoints(state.members))
                .setVotingMembers(endpoints(state.votingMembers)).build();
        RaftTermPersistentState term = models.createRaftTermPersistentStateBuilder()
                .setTerm(state.term)
                .setVotedFor(state.votedFor < 0 ? null : NodeEndpoint.of(state.votedFor)).build();
        List<io.microraft.model.log.LogEntry> entries = new ArrayList<>();
        for (JournalRecords.Entry entry : state.entriesAfterSnapshot()) {
            entries.add(models.createLogEntryBuilder().setIndex(entry.index())
                    .setTerm(entry.term()).setOperation(KvOpCodec.decode(entry.operation()))
                    .build());
        }
        return new RestoredRaftState(endpoint, members, term, snapshotEntry(state, models),
                entries);
    }

    /** The highest complete snapshot, chunks in order, or null. A partial one is ignored. */
    private static SnapshotEntry snapshotEntry(JournalRecords.State state,
            RaftModelFactory models) {
        List<JournalRecords.Chunk> chunks = state.completeSnapshot();
        if (chunks.isEmpty()) {
            return null;
        }
        JournalRecords.Chunk first = chunks.getFirst();
        RaftGroupMembersView view = models.createRaftGroupMembersViewBuilder()
                .setLogIndex(first.membersLogIndex()).setMembers(endpoints(first.members()))
                .setVotingMembers(endpoints(first.votingMembers())).build();
        List<SnapshotChunk> built = new ArrayList<>(chunks.size());
        for (JournalRecords.Chunk chunk : chunks) {
            built.add(models.createSnapshotChunkBuilder().setIndex(chunk.snapshotIndex())
                    .setTerm(chunk.term()).setOperation(new KvOpStateMachine.Chunk(chunk.bytes()))
                    .setSnapshotChunkIndex(chunk.chunkIndex())
                    .setSnapshotChunkCount(chunk.chunkCount()).setGroupMembersView(view)
                    .build());
        }
        return models.createSnapshotEntryBuilder().setIndex(first.snapshotIndex())
                .setTerm(first.term()).setSnapshotChunks(built).setGroupMembersView(view).build();
    }

    /** Folds every record into {@code state}; returns why the journal is unreadable, or null. */
    private static String replay(SegmentedLog journal, JournalRecords.State state) {
        long next = journal.firstIndex();
        while (next <= journal.lastIndex()) {
            List<LogEntry> records = readWithRetries(journal, next);
            if (records == null) {
                return "journal unreadable at record " + next + " after " + LOOKS_MAX
                        + " attempts";
            }
            for (LogEntry record : records) {
                JournalRecords.replay(record.payload(), state);
            }
            next += records.size();
        }
        return null;
    }

    private static List<LogEntry> readWithRetries(SegmentedLog journal, long from) {
        for (int attempt = 0; attempt < LOOKS_MAX; attempt++) {
            try {
                return journal.read(from, journal.lastIndex(), READ_BYTES_MAX);
            } catch (StorageCorruptionException | DiskException.ReadError e) {
                // A bit flipped on the way or a sector did not read: read it again.
            }
        }
        return null;
    }

    private static Result quarantine(NodeDisk rawDisk, String reason) {
        rawDisk.open(QUARANTINE_FILE);
        return new Result(null, null, reason);
    }

    private static List<RaftEndpoint> endpoints(List<Integer> ids) {
        List<RaftEndpoint> endpoints = new ArrayList<>(ids.size());
        for (int id : ids) {
            endpoints.add(NodeEndpoint.of(id));
        }
        return endpoints;
    }
}
