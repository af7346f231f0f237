package io.detsim.raft.microraft;

import io.detsim.raft.core.RaftObserver;
import io.detsim.raft.kv.KvResult;
import io.detsim.raft.kv.KvStateMachine;
import io.microraft.impl.statemachine.InternalCommitAware;
import io.microraft.statemachine.StateMachine;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * MicroRaft's state machine: our KV store with client sessions ({@link KvStateMachine}), so that
 * a retried command applies once whichever leader it reaches. Log entries (commands and new-term
 * no-ops) must come strictly in index order, or {@link KvStateMachine} throws, which MicroRaft
 * logs as an ERROR and the run fails: "applied in order" is checked for free. Queries read
 * without touching sessions or the applied index.
 *
 * <p>Membership entries never reach {@code runOperation}; MicroRaft tells us through
 * {@link InternalCommitAware} so that the applied index stays contiguous. A snapshot is the
 * exported state (store, sessions and applied index) cut into {@link #CHUNK_BYTES} slices.
 */
final class KvOpStateMachine implements StateMachine, InternalCommitAware {
    /** Snapshot chunk size: slices of the exported state. */
    static final int CHUNK_BYTES = 4096;

    /**
     * One snapshot chunk: a slice of the exported state. Never mutated once made (MicroRaft
     * shares chunks between its log, its store and other nodes).
     */
    record Chunk(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Chunk c && Arrays.equals(bytes, c.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Chunk[" + bytes.length + " bytes]";
        }
    }

    private final KvStateMachine kv = new KvStateMachine();
    private final int nodeId;
    private final JournalStore journal;
    private final RaftObserver observer;
    private int snapshotsTaken;
    private int snapshotsInstalled;

    KvOpStateMachine(int nodeId, JournalStore journal, RaftObserver observer) {
        this.nodeId = nodeId;
        this.journal = journal;
        this.observer = observer;
    }

    @Override
    public Object runOperation(long commitIndex, Object operation) {
        return switch (operation) {
            case KvOp.Command c -> {
                List<KvResult> results = kv.apply(commitIndex, List.of(c.request()));
                applied(commitIndex);
                yield results.getFirst();
            }
            case KvOp.NewTerm n -> {
                kv.applyNoOp(commitIndex);
                applied(commitIndex);
                yield null;
            }
            case KvOp.Read r -> kv.read(r.key());
            default -> throw new IllegalStateException("unknown operation "
                    + operation.getClass().getName() + " at " + commitIndex);
        };
    }

    @Override
    public void onInternalCommit(long commitIndex) {
        kv.applyNoOp(commitIndex);
        applied(commitIndex);
    }

    /**
     * The state at {@code commitIndex} (the last applied index) as fixed-size slices of
     * {@link KvStateMachine#exportState}, in order: the same chunks on every node.
     */
    @Override
    public void takeSnapshot(long commitIndex, Consumer<Object> snapshotChunkConsumer) {
        if (kv.appliedIndex() != commitIndex) {
            throw new IllegalStateException("snapshot at " + commitIndex + " but the state"
                    + " machine applied up to " + kv.appliedIndex());
        }
        byte[] state = kv.exportState();
        snapshotsTaken++;
        for (int from = 0; from < state.length; from += CHUNK_BYTES) {
            snapshotChunkConsumer.accept(new Chunk(Arrays.copyOfRange(state, from,
                    Math.min(state.length, from + CHUNK_BYTES))));
        }
    }

    /** Replaces the state with the snapshot's; the next entry applied is commitIndex + 1. */
    @Override
    public void installSnapshot(long commitIndex, List<Object> snapshotChunks) {
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        for (Object chunk : snapshotChunks) {
            state.writeBytes(((Chunk) chunk).bytes());
        }
        byte[] bytes = state.toByteArray();
        KvStateMachine installed = KvStateMachine.fromExport(bytes);
        if (installed.appliedIndex() != commitIndex) {
            throw new IllegalStateException("snapshot installed at " + commitIndex
                    + " holds a state applied up to " + installed.appliedIndex());
        }
        kv.importState(bytes);
        snapshotsInstalled++;
    }

    @Override
    public Object getNewTermOperation() {
        return KvOp.NewTerm.INSTANCE;
    }

    int snapshotsTaken() {
        return snapshotsTaken;
    }

    /** Snapshots installed: received from a leader, or restored at a start. */
    int snapshotsInstalled() {
        return snapshotsInstalled;
    }

    long appliedIndex() {
        return kv.appliedIndex();
    }

    private void applied(long index) {
        observer.applied(nodeId, index, journal.termAt(index), journal.digestAt(index));
    }
}
