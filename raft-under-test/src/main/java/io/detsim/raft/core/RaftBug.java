package io.detsim.raft.core;

/**
 * The known Raft bugs that can be planted, one at a time, to prove detsim finds them. Each is a
 * small, clearly marked deviation in the code (search for {@code PLANTED BUG}).
 */
public enum RaftBug {
    NONE("none"),
    /** Commit an entry of a previous term by counting replicas (Raft paper, Figure 8, §5.4.2). */
    COMMIT_PREVIOUS_TERM("commit-previous-term"),
    /** Grant a vote without persisting it first: after a crash the node can vote twice. */
    VOTE_NOT_PERSISTED("vote-not-persisted"),
    /** Acknowledge appended entries before they are durable. */
    ACK_BEFORE_DURABLE("ack-before-durable"),
    /**
     * Serve leader reads from local state without a ReadIndex round: a deposed leader reads stale.
     */
    STALE_LEADER_READ("stale-leader-read"),
    /** Truncate the log on an AppendEntries whose entries already match (§5.3 says keep them). */
    TRUNCATE_ON_MATCH("truncate-on-match"),
    /** Apply a retried command twice (no session deduplication). */
    NO_SESSION_DEDUP("no-session-dedup"),
    /**
     * Vote right after recovery cut the log at corrupt synced data, as if nothing had been lost:
     * the node may help elect a leader that lacks entries it had acknowledged (the
     * protocol-aware recovery problem: Alagappan et al., FAST 2018).
     */
    VOTE_AFTER_DATA_LOSS("vote-after-data-loss");

    private final String cliName;

    RaftBug(String cliName) {
        this.cliName = cliName;
    }

    /** The name used by {@code --bug}. */
    public String cliName() {
        return cliName;
    }

    /** The bug named {@code name}; the message lists the known names. */
    public static RaftBug fromCliName(String name) {
        for (RaftBug bug : values()) {
            if (bug.cliName.equals(name)) {
                return bug;
            }
        }
        StringBuilder known = new StringBuilder();
        for (RaftBug bug : values()) {
            known.append(known.isEmpty() ? "" : ", ").append(bug.cliName);
        }
        throw new IllegalArgumentException("unknown bug '" + name + "' (known: " + known + ")");
    }
}
