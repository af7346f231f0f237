package io.detsim.raft.microraft;

import java.util.List;

/**
 * What a MicroRaft ERROR line means, pinned to MicroRaft 0.7 (all 22 {@code .error(} sites read).
 * An ERROR is a failure of the run (CRASH) unless it carries our {@link DiskHalt} marker (the disk
 * failed and the node halts, as our Raft does) or it is one of the {@link #BENIGN} lines: races
 * that MicroRaft resolves by itself under duplication, reordering and retries, which a node
 * survives and which are only recorded as problems. Keep the table small: every row has a test.
 */
final class ErrorPolicy {
    /** How one ERROR line is judged. */
    enum Verdict { FAILURE, DISK_HALT, BENIGN }

    /** An ERROR without a throwable, by logger (class) and unformatted pattern. */
    record Benign(String loggerName, String pattern, String why) {}

    static final List<Benign> BENIGN = List.of(
            new Benign("io.microraft.impl.handler.AppendEntriesFailureResponseHandler",
                    "{} Cannot decrement next index: {} below match index: {} for follower: {}",
                    "a duplicated or late failure response for a next index that a success"
                            + " response has since moved past; MicroRaft ignores it"),
            new Benign("io.microraft.impl.task.TransferLeadershipTask",
                    "{} no leadership transfer state for target endpoint: {}",
                    "a transfer's retry timer firing after the transfer ended (the leader stepped"
                            + " down and was elected again); MicroRaft drops the retry"));

    private ErrorPolicy() {}

    static Verdict judge(String loggerName, String pattern, Throwable throwable) {
        if (throwable != null) {
            for (Throwable t = throwable; t != null; t = t.getCause()) {
                if (t instanceof DiskHalt) {
                    return Verdict.DISK_HALT;
                }
            }
            return Verdict.FAILURE;
        }
        for (Benign row : BENIGN) {
            if (row.loggerName().equals(loggerName) && row.pattern().equals(pattern)) {
                return Verdict.BENIGN;
            }
        }
        return Verdict.FAILURE;
    }
}
