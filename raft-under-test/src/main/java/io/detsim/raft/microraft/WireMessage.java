package io.detsim.raft.microraft;

import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.Message;
import io.microraft.RaftEndpoint;
import io.microraft.model.log.LogEntry;
import io.microraft.model.message.AppendEntriesFailureResponse;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.AppendEntriesSuccessResponse;
import io.microraft.model.message.InstallSnapshotRequest;
import io.microraft.model.message.InstallSnapshotResponse;
import io.microraft.model.message.PreVoteRequest;
import io.microraft.model.message.PreVoteResponse;
import io.microraft.model.message.RaftMessage;
import io.microraft.model.message.TriggerLeaderElectionRequest;
import io.microraft.model.message.VoteRequest;
import io.microraft.model.message.VoteResponse;

/**
 * A MicroRaft message on the simulated network. MicroRaft's message objects are immutable once
 * built, so one instance may be delivered twice (duplication) or to several nodes. The digest
 * covers the content (type, sender, term and each type's fields; for AppendEntries each entry's
 * index and term), never a hash code.
 */
record WireMessage(RaftMessage message) implements Message {
    WireMessage {
        if (message == null) {
            throw new IllegalArgumentException("a wire message needs a MicroRaft message");
        }
    }

    @Override
    public long digest() {
        long h = mix(mix(0x3D00, NodeEndpoint.idOf(message.getSender())), message.getTerm());
        return switch (message) {
            case AppendEntriesRequest m -> {
                long e = mix(mix(mix(mix(mix(h + 1, m.getPreviousLogTerm()),
                        m.getPreviousLogIndex()), m.getCommitIndex()),
                        m.getQuerySequenceNumber()), m.getFlowControlSequenceNumber());
                for (LogEntry entry : m.getLogEntries()) {
                    e = mix(mix(e, entry.getIndex()), entry.getTerm());
                }
                yield e;
            }
            case AppendEntriesSuccessResponse m -> mix(mix(mix(h + 2, m.getLastLogIndex()),
                    m.getQuerySequenceNumber()), m.getFlowControlSequenceNumber());
            case AppendEntriesFailureResponse m -> mix(mix(mix(h + 3, m.getExpectedNextIndex()),
                    m.getQuerySequenceNumber()), m.getFlowControlSequenceNumber());
            case InstallSnapshotRequest m -> installSnapshotDigest(h + 4, m);
            case InstallSnapshotResponse m -> mix(mix(mix(mix(h + 5, m.getSnapshotIndex()),
                    m.getRequestedSnapshotChunkIndex()), m.getQuerySequenceNumber()),
                    m.getFlowControlSequenceNumber());
            case PreVoteRequest m -> mix(mix(h + 6, m.getLastLogTerm()), m.getLastLogIndex());
            case PreVoteResponse m -> mix(h + 7, m.isGranted() ? 1 : 0);
            case VoteRequest m -> mix(mix(mix(h + 8, m.getLastLogTerm()), m.getLastLogIndex()),
                    m.isSticky() ? 1 : 0);
            case VoteResponse m -> mix(h + 9, m.isGranted() ? 1 : 0);
            case TriggerLeaderElectionRequest m -> mix(mix(h + 10, m.getLastLogTerm()),
                    m.getLastLogIndex());
            default -> throw new IllegalStateException("unknown MicroRaft message "
                    + message.getClass().getName());
        };
    }

    private static long installSnapshotDigest(long h, InstallSnapshotRequest m) {
        long d = mix(mix(mix(mix(mix(mix(h, m.isSenderLeader() ? 1 : 0), m.getSnapshotTerm()),
                m.getSnapshotIndex()), m.getTotalSnapshotChunkCount()),
                m.getQuerySequenceNumber()), m.getFlowControlSequenceNumber());
        d = mix(d, m.getSnapshotChunk() == null ? -1 : m.getSnapshotChunk()
                .getSnapshotChunkIndex());
        for (RaftEndpoint member : m.getSnapshottedMembers()) {
            d = mix(d, NodeEndpoint.idOf(member));
        }
        return d;
    }

    private static long mix(long h, long value) {
        return RandomStream.mix64(h ^ value);
    }

    @Override
    public String toString() {
        return "MicroRaft " + message;
    }
}
