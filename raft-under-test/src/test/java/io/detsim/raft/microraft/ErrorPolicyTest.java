package io.detsim.raft.microraft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** One test per row of MicroRaft's ERROR policy, and the default that every other ERROR fails. */
class ErrorPolicyTest {
    @Test
    void decrementBelowMatchIndex_isBenign() {
        assertEquals(ErrorPolicy.Verdict.BENIGN, ErrorPolicy.judge(
                "io.microraft.impl.handler.AppendEntriesFailureResponseHandler",
                "{} Cannot decrement next index: {} below match index: {} for follower: {}",
                null));
    }

    @Test
    void missingLeadershipTransferState_isBenign() {
        assertEquals(ErrorPolicy.Verdict.BENIGN, ErrorPolicy.judge(
                "io.microraft.impl.task.TransferLeadershipTask",
                "{} no leadership transfer state for target endpoint: {}", null));
    }

    @Test
    void benignPattern_fromAnotherLogger_fails() {
        assertEquals(ErrorPolicy.Verdict.FAILURE, ErrorPolicy.judge(
                "io.microraft.RaftNode",
                "{} no leadership transfer state for target endpoint: {}", null));
    }

    @Test
    void benignPattern_withAThrowable_fails() {
        assertEquals(ErrorPolicy.Verdict.FAILURE, ErrorPolicy.judge(
                "io.microraft.impl.task.TransferLeadershipTask",
                "{} no leadership transfer state for target endpoint: {}",
                new IllegalStateException("boom")));
    }

    @Test
    void mustNeverHappen_fails() {
        assertEquals(ErrorPolicy.Verdict.FAILURE, ErrorPolicy.judge(
                "io.microraft.impl.handler.TriggerLeaderElectionHandler",
                "{} Could start leader election because the role is: {}. You should not see this"
                        + " log!", null));
    }

    @Test
    void errorCausedByADiskHalt_halts() {
        IOException io = new IOException(new DiskHalt("journal sync failed", null));
        assertEquals(ErrorPolicy.Verdict.DISK_HALT, ErrorPolicy.judge(
                "io.microraft.impl.handler.AppendEntriesRequestHandler", "x got a failure",
                new RuntimeException("Flush failed", io)));
    }
}
