package io.detsim.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.detsim.raft.core.RaftBug;
import org.junit.jupiter.api.Test;

/**
 * The planted bugs that random swarm seeds miss (150+ seeds each), each caught by the targeted
 * schedule aimed at it ({@link TargetedSchedules}) within a bounded seed search, while the
 * correct Raft passes the same seeds (and at least {@code detsim.bugs.correctSeeds} of them).
 * The search stops at the first seed that catches the bug; {@code -Ddetsim.bugs.seedsMax=N}
 * bounds it (default 60), and {@code -Ddetsim.bugs.correctSeeds=N} runs more correct-Raft seeds
 * as a regression search of each pattern.
 */
class TargetedBugsTest {
    private static final int SEEDS_MAX = Integer.getInteger("detsim.bugs.seedsMax", 60);
    private static final int CORRECT_SEEDS = Integer.getInteger("detsim.bugs.correctSeeds", 10);

    /** One targeted scenario: a seed and a planted bug in, an outcome out. */
    interface Scenario {
        TargetedSchedules.Outcome run(long seed, RaftBug bug);
    }

    @Test
    void commitPreviousTerm_isCaughtByLeaderChurn_andCorrectRaftPassesTheSameSeeds() {
        assertCaughtAndCorrectRaftPasses(RaftBug.COMMIT_PREVIOUS_TERM, "leader churn",
                TargetedSchedules::leaderChurn);
    }

    @Test
    void voteNotPersisted_isCaughtBySplitElections_andCorrectRaftPassesTheSameSeeds() {
        assertCaughtAndCorrectRaftPasses(RaftBug.VOTE_NOT_PERSISTED, "split elections",
                TargetedSchedules::splitElection);
    }

    @Test
    void ackBeforeDurable_isCaughtByCrashesAfterAcks_andCorrectRaftPassesTheSameSeeds() {
        assertCaughtAndCorrectRaftPasses(RaftBug.ACK_BEFORE_DURABLE, "ack then crash",
                TargetedSchedules::ackThenCrash);
    }

    /**
     * A majority up and connected must elect a leader. Failed on correct Raft (17 of the first 20
     * seeds) until a pre-vote denial carried the voter's own term: a pre-candidate whose term was
     * behind never learned the newer term, while the servers ahead in term were behind in log.
     */
    @Test
    void minorityDown_correctRaftElectsALeader() {
        for (long seed = 1; seed <= 20; seed++) {
            TargetedSchedules.Outcome outcome =
                    TargetedSchedules.minorityDownLiveness(seed, RaftBug.NONE);
            assertFalse(outcome.caught(), outcome::describe);
        }
    }

    private static void assertCaughtAndCorrectRaftPasses(RaftBug bug, String name,
            Scenario scenario) {
        TargetedSchedules.Outcome caught = null;
        for (long seed = 1; seed <= SEEDS_MAX && caught == null; seed++) {
            TargetedSchedules.Outcome outcome = scenario.run(seed, bug);
            if (outcome.caught()) {
                caught = outcome;
            }
        }
        assertNotNull(caught, bug + " went unnoticed by " + name + " for " + SEEDS_MAX + " seeds");
        TargetedSchedules.Outcome found = caught;
        System.out.println(bug + " caught by " + name + " at " + found.describe());
        assertFalse(found.failure().startsWith("LIVENESS"),
                () -> "caught by a liveness failure, not a safety check: " + found.describe());
        TargetedSchedules.Outcome again = scenario.run(found.seed(), bug);
        assertEquals(found.failure(), again.failure(), "the seed reproduces the failure");
        assertEquals(found.faults(), again.faults(), "the seed reproduces the schedule");
        for (long seed = 1; seed <= Math.max(found.seed(), CORRECT_SEEDS); seed++) {
            TargetedSchedules.Outcome correct = scenario.run(seed, RaftBug.NONE);
            assertFalse(correct.caught(), () -> "correct Raft failed " + name + " "
                    + correct.describe());
        }
    }
}
