package io.detsim.raft.microraft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The records of a MicroRaft node's journal, one per {@code RaftStore} call that changes state:
 * a tag byte and a big-endian body. Fixed format, so a journal written today replays the same.
 * {@link #replay} folds a journal into the state it describes, the way MicroRaft's restore
 * expects it: the last endpoint, members and term records win, entries are kept by index, and
 * a truncation drops every entry from its index on.
 */
final class JournalRecords {
    static final byte ENDPOINT = 1;
    static final byte MEMBERS = 2;
    static final byte TERM = 3;
    static final byte ENTRIES = 4;
    static final byte TRUNCATE_FROM = 5;
    static final byte SNAPSHOT_CHUNK = 6;
    static final byte TRUNCATE_UNTIL = 7;
    static final byte DELETE_CHUNKS = 8;

    /** One log entry as persisted: index, term and the operation's bytes. */
    record Entry(long index, int term, byte[] operation) {}

    /**
     * One persisted snapshot chunk: the snapshot's index and term, the chunk's place, the group
     * members the snapshot carries, and the chunk's bytes.
     */
    record Chunk(long snapshotIndex, int term, int chunkIndex, int chunkCount,
            long membersLogIndex, List<Integer> members, List<Integer> votingMembers,
            byte[] bytes) {}

    /** What a journal says, folded. */
    static final class State {
        int endpointId = -1;
        boolean voting;
        long membersLogIndex = -1;
        List<Integer> members = List.of();
        List<Integer> votingMembers = List.of();
        int term;
        int votedFor = -1;
        /**
         * Entries by index, from {@code base + 1} without gaps (a truncation keeps it a prefix;
         * a truncation until an index moves the base).
         */
        final List<Entry> entries = new ArrayList<>();
        /** Entries at or below it were truncated after a snapshot. */
        long base;
        /** Snapshot chunks by snapshot index, then chunk index. */
        final TreeMap<Long, TreeMap<Integer, Chunk>> chunks = new TreeMap<>();

        /** The chunks of the highest complete snapshot, in order, or an empty list. */
        List<Chunk> completeSnapshot() {
            for (TreeMap<Integer, Chunk> snapshot : chunks.descendingMap().values()) {
                int count = snapshot.firstEntry().getValue().chunkCount();
                if (snapshot.size() == count) {
                    return List.copyOf(snapshot.values());
                }
            }
            return List.of();
        }

        /** The index of the highest complete snapshot, or 0. */
        long snapshotIndex() {
            List<Chunk> snapshot = completeSnapshot();
            return snapshot.isEmpty() ? 0 : snapshot.getFirst().snapshotIndex();
        }

        /**
         * The entries a restart restores: those after the highest complete snapshot.
         *
         * @throws IllegalStateException when entries were truncated beyond that snapshot
         */
        List<Entry> entriesAfterSnapshot() {
            long snapshot = snapshotIndex();
            if (base > snapshot) {
                throw new IllegalStateException("journal truncated entries until " + base
                        + " but its highest complete snapshot is at " + snapshot);
            }
            List<Entry> after = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry.index() > snapshot) {
                    after.add(entry);
                }
            }
            return after;
        }

        boolean initialStateDurable() {
            return endpointId >= 0 && membersLogIndex >= 0;
        }
    }

    private JournalRecords() {}

    static byte[] endpoint(int id, boolean voting) {
        return write(out -> {
            out.writeByte(ENDPOINT);
            out.writeInt(id);
            out.writeBoolean(voting);
        });
    }

    static byte[] members(long logIndex, List<Integer> members, List<Integer> votingMembers) {
        return write(out -> {
            out.writeByte(MEMBERS);
            out.writeLong(logIndex);
            writeIds(out, members);
            writeIds(out, votingMembers);
        });
    }

    static byte[] term(int term, int votedFor) {
        return write(out -> {
            out.writeByte(TERM);
            out.writeInt(term);
            out.writeInt(votedFor);
        });
    }

    static byte[] entries(List<Entry> entries) {
        return write(out -> {
            out.writeByte(ENTRIES);
            out.writeInt(entries.size());
            for (Entry entry : entries) {
                out.writeLong(entry.index());
                out.writeInt(entry.term());
                out.writeInt(entry.operation().length);
                out.write(entry.operation());
            }
        });
    }

    static byte[] truncateFrom(long index) {
        return write(out -> {
            out.writeByte(TRUNCATE_FROM);
            out.writeLong(index);
        });
    }

    static byte[] snapshotChunk(Chunk chunk) {
        return write(out -> {
            out.writeByte(SNAPSHOT_CHUNK);
            out.writeLong(chunk.snapshotIndex());
            out.writeInt(chunk.term());
            out.writeInt(chunk.chunkIndex());
            out.writeInt(chunk.chunkCount());
            out.writeLong(chunk.membersLogIndex());
            writeIds(out, chunk.members());
            writeIds(out, chunk.votingMembers());
            out.writeInt(chunk.bytes().length);
            out.write(chunk.bytes());
        });
    }

    static byte[] truncateUntil(long index) {
        return write(out -> {
            out.writeByte(TRUNCATE_UNTIL);
            out.writeLong(index);
        });
    }

    static byte[] deleteChunks(long snapshotIndex) {
        return write(out -> {
            out.writeByte(DELETE_CHUNKS);
            out.writeLong(snapshotIndex);
        });
    }

    /**
     * Folds one record into {@code state}.
     *
     * @throws IllegalStateException when the record does not decode or breaks the journal's
     *     rules (entries that do not continue the log): this adapter wrote something it should not
     *     have, or the disk returned data that passed its checksum but is not ours
     */
    static void replay(byte[] record, State state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            byte tag = in.readByte();
            switch (tag) {
                case ENDPOINT -> {
                    state.endpointId = in.readInt();
                    state.voting = in.readBoolean();
                }
                case MEMBERS -> {
                    state.membersLogIndex = in.readLong();
                    state.members = readIds(in);
                    state.votingMembers = readIds(in);
                }
                case TERM -> {
                    state.term = in.readInt();
                    state.votedFor = in.readInt();
                }
                case ENTRIES -> replayEntries(in, state);
                case TRUNCATE_FROM -> truncate(state, in.readLong());
                case SNAPSHOT_CHUNK -> replayChunk(in, state);
                case TRUNCATE_UNTIL -> truncateUntil(state, in.readLong());
                case DELETE_CHUNKS -> state.chunks.remove(in.readLong());
                default -> throw new IllegalStateException("unknown journal record tag " + tag);
            }
            if (in.available() != 0) {
                throw new IllegalStateException("journal record with " + in.available()
                        + " trailing bytes (tag " + tag + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("journal record does not decode: " + e, e);
        }
    }

    private static void replayEntries(DataInputStream in, State state) throws IOException {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            long index = in.readLong();
            int term = in.readInt();
            byte[] operation = new byte[in.readInt()];
            in.readFully(operation);
            // A store may be asked to overwrite a suffix only after truncating it; keep the
            // journal a prefix either way, so that a gap can never reach MicroRaft's restore.
            truncate(state, index);
            if (index != state.base + state.entries.size() + 1) {
                throw new IllegalStateException("journal entry " + index + " does not continue the"
                        + " log, whose last index is " + (state.base + state.entries.size()));
            }
            state.entries.add(new Entry(index, term, operation));
        }
    }

    private static void truncate(State state, long fromIndex) {
        if (fromIndex < 1) {
            throw new IllegalStateException("truncation from index " + fromIndex);
        }
        if (fromIndex <= state.base) {
            throw new IllegalStateException("truncation from index " + fromIndex
                    + " into entries truncated until " + state.base);
        }
        while (state.base + state.entries.size() >= fromIndex) {
            state.entries.removeLast();
        }
    }

    private static void truncateUntil(State state, long index) {
        while (!state.entries.isEmpty() && state.entries.getFirst().index() <= index) {
            state.entries.removeFirst();
        }
        state.base = Math.max(state.base, index);
    }

    private static void replayChunk(DataInputStream in, State state) throws IOException {
        long snapshotIndex = in.readLong();
        int term = in.readInt();
        int chunkIndex = in.readInt();
        int chunkCount = in.readInt();
        long membersLogIndex = in.readLong();
        List<Integer> members = readIds(in);
        List<Integer> votingMembers = readIds(in);
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        if (chunkIndex < 0 || chunkIndex >= chunkCount) {
            throw new IllegalStateException("snapshot chunk " + chunkIndex + " of " + chunkCount);
        }
        state.chunks.computeIfAbsent(snapshotIndex, i -> new TreeMap<>()).put(chunkIndex,
                new Chunk(snapshotIndex, term, chunkIndex, chunkCount, membersLogIndex, members,
                        votingMembers, bytes));
    }

    private static void writeIds(DataOutputStream out, List<Integer> ids) throws IOException {
        out.writeInt(ids.size());
        for (int id : ids) {
            out.writeInt(id);
        }
    }

    private static List<Integer> readIds(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MicroRaftConfig.SERVERS_MAX) {
            throw new IllegalStateException("journal member list of " + count);
        }
        List<Integer> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(in.readInt());
        }
        return List.copyOf(ids);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
