package io.detsim.raft.kv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key-value store Raft replicates. Commands are applied strictly in log order (every applied
 * index is the previous one plus one), and client sessions make retries exactly-once: a request
 * whose sequence number its session has already applied returns the cached result and changes
 * nothing.
 *
 * <p>Sorted maps only, so that nothing here depends on hash iteration order.
 */
public final class KvStateMachine {
    /** What a session remembers: its latest applied request and that request's result. */
    private record Session(long sequence, KvResult result) {}

    private final TreeMap<String, String> store = new TreeMap<>();
    private final TreeMap<Long, Session> sessions = new TreeMap<>();
    private final boolean plantedBugNoDedup;
    private long appliedIndex;
    private long commandsApplied;

    public KvStateMachine() {
        this(false);
    }

    /**
     * @param plantedBugNoDedup PLANTED BUG when true: a retried command is applied again instead
     *     of answered from its session (the classic missing-dedup bug; an append lands twice)
     */
    public KvStateMachine(boolean plantedBugNoDedup) {
        this.plantedBugNoDedup = plantedBugNoDedup;
    }

    /** The index of the last applied log entry. */
    public long appliedIndex() {
        return appliedIndex;
    }

    public long commandsApplied() {
        return commandsApplied;
    }

    /**
     * Applies the batch of the log entry at {@code index}, which must be the next one, and returns
     * one result per request, in order.
     */
    public List<KvResult> apply(long index, List<ClientRequest> batch) {
        if (index != appliedIndex + 1) {
            throw new IllegalStateException(
                    "entries must be applied in log order: expected " + (appliedIndex + 1)
                            + ", got " + index);
        }
        List<KvResult> results = new ArrayList<>(batch.size());
        for (ClientRequest request : batch) {
            results.add(applyOne(request));
        }
        appliedIndex = index;
        return results;
    }

    /** Marks an entry with no commands (a leader's no-op, §8) as applied. */
    public void applyNoOp(long index) {
        apply(index, List.of());
    }

    /** Reads without a log entry (ReadIndex or stale reads); never touches sessions. */
    public String read(String key) {
        return store.get(key);
    }

    /** An unmodifiable view of the store, for invariants and tests. */
    public Map<String, String> snapshot() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(store));
    }

    /**
     * The whole state (applied index, commands applied, store and sessions) as bytes, in a fixed
     * format and sorted key order: equal states export equal bytes on every node.
     */
    public byte[] exportState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(EXPORT_VERSION);
            out.writeLong(appliedIndex);
            out.writeLong(commandsApplied);
            out.writeInt(store.size());
            for (Map.Entry<String, String> entry : store.entrySet()) {
                writeString(out, entry.getKey());
                writeString(out, entry.getValue());
            }
            out.writeInt(sessions.size());
            for (Map.Entry<Long, Session> entry : sessions.entrySet()) {
                out.writeLong(entry.getKey());
                out.writeLong(entry.getValue().sequence());
                KvResult result = entry.getValue().result();
                out.writeBoolean(result.ok());
                writeString(out, result.value());
                writeString(out, result.error());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Replaces this state with one {@link #exportState} produced (a snapshot installed): the
     * next entry to apply is the exported applied index plus one.
     */
    public void importState(byte[] exported) {
        TreeMap<String, String> newStore = new TreeMap<>();
        TreeMap<Long, Session> newSessions = new TreeMap<>();
        long newApplied;
        long newCommands;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(exported))) {
            int version = in.readInt();
            if (version != EXPORT_VERSION) {
                throw new IllegalArgumentException("KV state export version " + version);
            }
            newApplied = in.readLong();
            newCommands = in.readLong();
            int keys = in.readInt();
            for (int i = 0; i < keys; i++) {
                newStore.put(readString(in), readString(in));
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                long client = in.readLong();
                long sequence = in.readLong();
                KvResult result = new KvResult(in.readBoolean(), readString(in), readString(in));
                newSessions.put(client, new Session(sequence, result));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("KV state export with " + in.available()
                        + " trailing bytes");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("KV state export does not decode: " + e, e);
        }
        store.clear();
        store.putAll(newStore);
        sessions.clear();
        sessions.putAll(newSessions);
        appliedIndex = newApplied;
        commandsApplied = newCommands;
    }

    /** A state machine holding what {@link #exportState} exported. */
    public static KvStateMachine fromExport(byte[] exported) {
        KvStateMachine kv = new KvStateMachine();
        kv.importState(exported);
        return kv;
    }

    private static final int EXPORT_VERSION = 1;

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private KvResult applyOne(ClientRequest request) {
        Session session = sessions.get(request.clientId());
        if (session != null && !plantedBugNoDedup) {
            if (request.sequence() == session.sequence()) {
                return session.result(); // a retry: answered, not applied again
            }
            if (request.sequence() < session.sequence()) {
                return KvResult.failed(null, "request " + request.sequence()
                        + " is older than session's latest " + session.sequence());
            }
        }
        KvResult result = execute(request.command());
        commandsApplied++;
        sessions.put(request.clientId(), new Session(request.sequence(), result));
        return result;
    }

    private KvResult execute(KvCommand command) {
        String key = command.key();
        String current = store.get(key);
        return switch (command) {
            case KvCommand.Get g -> KvResult.ok(current);
            case KvCommand.Put p -> {
                store.put(key, p.value());
                yield KvResult.ok(p.value());
            }
            case KvCommand.Delete d -> {
                store.remove(key);
                yield KvResult.ok(null);
            }
            case KvCommand.Cas c -> {
                boolean matches = c.expected() == null ? current == null
                        : c.expected().equals(current);
                if (!matches) {
                    yield KvResult.failed(current, "expected " + c.expected() + ", found "
                            + current);
                }
                store.put(key, c.update());
                yield KvResult.ok(c.update());
            }
            case KvCommand.Append a -> {
                String next = (current == null ? "" : current) + a.suffix();
                store.put(key, next);
                yield KvResult.ok(next);
            }
        };
    }
}
