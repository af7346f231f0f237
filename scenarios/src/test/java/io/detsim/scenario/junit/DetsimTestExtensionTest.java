package io.detsim.scenario.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** The {@link DetsimTest} extension, run through the JUnit engine as a user's tests would be. */
class DetsimTestExtensionTest {

    /** What a user writes; run only through the test kit below. */
    static class UserTests {
        @DetsimTest(scenario = "steady-state", seeds = 3, firstSeed = 5)
        void steadyStatePasses(RunResult result) {
            assertEquals(Verdict.PASS, result.verdict());
            assertTrue(result.seed() >= 5 && result.seed() <= 7);
        }

        @DetsimTest(scenario = "swarm", pinned = {4}, bug = "stale-leader-read")
        void pinnedSeedWithAPlantedBug() { }
    }

    @Test
    void seedsRunAsTests_andAFailureEndsWithItsReproduceLine() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.conditions.deactivate", "*")
                .selectors(selectClass(UserTests.class)).execute().testEvents();
        assertEquals(3, tests.succeeded().count(), () -> tests.list().toString());
        List<Event> failed = tests.failed().list();
        assertEquals(1, failed.size());
        Throwable failure = failed.getFirst().getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertTrue(failure.getMessage().startsWith("SAFETY on seed 4"), failure.getMessage());
        assertTrue(failure.getMessage().endsWith(
                "reproduce: ./detsim run --seed 4 --scenario swarm --bug stale-leader-read"),
                failure.getMessage());
    }
}
