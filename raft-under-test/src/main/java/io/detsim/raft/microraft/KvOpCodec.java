package io.detsim.raft.microraft;

import io.detsim.raft.kv.ClientRequest;
import io.detsim.raft.kv.CommandCodec;
import java.util.Arrays;
import java.util.List;

/**
 * Log entry operations to bytes and back, for the journal and for entry digests: a tag byte, then
 * for a command our own command codec's encoding of it. Deterministic, so equal entries have
 * equal bytes on every node.
 */
final class KvOpCodec {
    private static final byte COMMAND = 1;
    private static final byte NEW_TERM = 2;

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
            default -> throw new IllegalStateException("cannot persist MicroRaft operation "
                    + operation.getClass().getName() + " (membership changes are not supported"
                    + " by this adapter yet): " + operation);
        };
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
            default -> throw new IllegalStateException("unknown operation tag " + bytes[0]);
        };
    }
}
