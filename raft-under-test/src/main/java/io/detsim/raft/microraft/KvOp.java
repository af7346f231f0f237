package io.detsim.raft.microraft;

import io.detsim.raft.kv.ClientRequest;

/**
 * The operations this adapter hands MicroRaft: immutable values, since MicroRaft shares log
 * entries between simulated nodes. Commands and the new-term no-op go into the log; reads are
 * queries and never do.
 */
sealed interface KvOp {
    /** A client's command, applied exactly once per session sequence. */
    record Command(ClientRequest request) implements KvOp {}

    /** A read of one key (a query: linearizable, lease or eventually consistent). */
    record Read(String key) implements KvOp {}

    /** The entry every new leader appends (§8), applied as a no-op. */
    enum NewTerm implements KvOp { INSTANCE }
}
