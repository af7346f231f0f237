package io.detsim.raft.storage;

/**
 * The Raft state that must survive a crash besides the log (§5.1, Figure 2): the latest term seen
 * and the candidate voted for in it.
 *
 * @param term     the current term, at least 0
 * @param votedFor the node voted for in {@code term}, or {@link #NO_VOTE}
 */
public record HardState(long term, int votedFor) {
    public static final int NO_VOTE = -1;
    /** A node that never saved anything. */
    public static final HardState INITIAL = new HardState(0, NO_VOTE);

    public HardState {
        Check.argument(term >= 0, "hard state term must be >= 0, was %d", term);
        Check.argument(votedFor >= NO_VOTE, "hard state votedFor must be >= -1, was %d", votedFor);
    }

    public boolean hasVoted() {
        return votedFor != NO_VOTE;
    }
}
