package io.detsim.raft.core;

/**
 * Hears what a node does, so that a harness can check Raft's invariants as the run goes (one
 * leader per term, state machine safety, monotonic commit) without reading logs after every
 * event. Called synchronously from the node; must not call back into it.
 */
public interface RaftObserver {
    RaftObserver NONE = new RaftObserver() { };

    /**
     * {@code node} cast its vote in {@code term} for {@code candidate} (itself included), once the
     * vote takes effect: when it is durable (a crash before then means it was never given).
     */
    default void voted(int node, long term, int candidate) {}

    /**
     * {@code node} now has {@code role} in {@code term}: called once per change of either (at
     * start-up too), for timelines; invariants use the specific callbacks.
     */
    default void roleChanged(int node, Role role, long term) {}

    /** {@code node} became leader of {@code term}. */
    default void becameLeader(int node, long term) {}

    /**
     * {@code node} applied the entry at {@code index} (of {@code term}) whose payload digest is
     * given.
     */
    default void applied(int node, long index, long term, long entryDigest) {}

    /** Leader {@code node} appended the entry at {@code index} of {@code term} to its log. */
    default void appended(int node, long index, long term) {}

    /** {@code node} advanced its commit index to {@code commitIndex}. */
    default void committed(int node, long commitIndex) {}

    /** {@code node} reported a problem it survived (storage corruption at recovery, say). */
    default void problem(int node, String description) {}
}
