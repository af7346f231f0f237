package io.detsim.raft.microraft;

import io.detsim.raft.kv.ClientRequest;
import io.detsim.raft.kv.CommandCodec;
import io.microraft.MembershipChangeMode;
import io.microraft.RaftEndpoint;
import io.microraft.model.groupop.UpdateRaftGroupMembersOp;
import io.microraft.model.impl.DefaultRaftModelFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Log entry operations to bytes and back, for the journal and for entry digests: a tag byte, then
 * for a command our own command codec's encoding of it. Deterministic, so equal entries have
 * equal bytes on every node.
 */
final class KvOpCodec {
    private static final byte COMMAND = 1;
    private static final byte NEW_TERM = 2;
    private static final byte MEMBERS = 3;
    private static final DefaultRaftModelFactory MODEL = new DefaultRaftModelFactory();

    private KvOpCodec() {}

    static byte[] encode(Object operation) {
        return switch (operation) {
            case KvOp.Command c -> {
                byte[] body = CommandCodec.encode(List.of(c.request()));
                byte[] bytes = new byte[body.length + 1];
                bytes[0] = COMMAND;
                System.arraycopy(body, 0, bytes, 1, body.length);
                yield bytes;
            }
            case KvOp.NewTerm n -> new byte[] {NEW_TERM};
            case KvOp.Read r -> throw new IllegalStateException("a read reached the log: " + r);
            case UpdateRaftGroupMembersOp m -> encodeMembers(m);
            default -> throw new IllegalStateException("cannot persist MicroRaft operation "
                    + operation.getClass().getName() + ": " + operation);
        };
    }

    /**
     * A membership change: tag, mode, endpoint, then the members and the voting members, each as
     * a count and ids in MicroRaft's order (its broadcast order, so it is kept, not sorted).
     */
    private static byte[] encodeMembers(UpdateRaftGroupMembersOp op) {
        ByteBuffer out = ByteBuffer.allocate(16 + 4 * (op.getMembers().size()
                + op.getVotingMembers().size()));
        out.put(MEMBERS).put((byte) op.getMode().ordinal())
                .putInt(NodeEndpoint.idOf(op.getEndpoint()));
        putIds(out, op.getMembers());
        putIds(out, op.getVotingMembers());
        return Arrays.copyOf(out.array(), out.position());
    }

    private static void putIds(ByteBuffer out, Collection<RaftEndpoint> endpoints) {
        out.putInt(endpoints.size());
        for (RaftEndpoint endpoint : endpoints) {
            out.putInt(NodeEndpoint.idOf(endpoint));
        }
    }

    private static UpdateRaftGroupMembersOp decodeMembers(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        MembershipChangeMode mode = MembershipChangeMode.values()[in.get()];
        RaftEndpoint endpoint = NodeEndpoint.of(in.getInt());
        return MODEL.createUpdateRaftGroupMembersOpBuilder().setMode(mode).setEndpoint(endpoint)
                .setMembers(ids(in)).setVotingMembers(ids(in)).build();
    }

    private static List<RaftEndpoint> ids(ByteBuffer in) {
        int count = in.getInt();
        List<RaftEndpoint> endpoints = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            endpoints.add(NodeEndpoint.of(in.getInt()));
        }
        return endpoints;
    }

    static Object decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalStateException("empty operation");
        }
        return switch (bytes[0]) {
            case COMMAND -> {
                List<ClientRequest> batch = CommandCodec.decode(Arrays.copyOfRange(bytes, 1,
                        bytes.length));
                if (batch.size() != 1) {
                    throw new IllegalStateException("a command entry holds " + batch.size()
                            + " requests");
                }
                yield new KvOp.Command(batch.getFirst());
            }
            case NEW_TERM -> KvOp.NewTerm.INSTANCE;
            case MEMBERS -> decodeMembers(bytes);
            default -> throw new IllegalStateException("unknown operation tag " + bytes[0]);
        };
    }
}
