package io.detsim.raft.microraft;

import io.detsim.raft.core.RaftObserver;
import io.detsim.raft.kv.KvResult;
import io.detsim.raft.kv.KvStateMachine;
import io.microraft.impl.statemachine.InternalCommitAware;
import io.microraft.statemachine.StateMachine;
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
 * {@link InternalCommitAware} so that the applied index stays contiguous. Snapshots are not
 * supported yet: taking or installing one fails plainly.
 */
final class KvOpStateMachine implements StateMachine, InternalCommitAware {
    private final KvStateMachine kv = new KvStateMachine();
    private final int nodeId;
    private final JournalStore journal;
    private final RaftObserver observer;

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

    @Override
    public void takeSnapshot(long commitIndex, Consumer<Object> snapshotChunkConsumer) {
        throw new IllegalStateException("MicroRaft asked for a snapshot at " + commitIndex
                + ", which this adapter does not support yet: raise commitCountToTakeSnapshot");
    }

    @Override
    public void installSnapshot(long commitIndex, List<Object> snapshotChunks) {
        throw new IllegalStateException("MicroRaft installed a snapshot at " + commitIndex
                + ", which this adapter does not support yet");
    }

    @Override
    public Object getNewTermOperation() {
        return KvOp.NewTerm.INSTANCE;
    }

    long appliedIndex() {
        return kv.appliedIndex();
    }

    private void applied(long index) {
        observer.applied(nodeId, index, journal.termAt(index), journal.digestAt(index));
    }
}
