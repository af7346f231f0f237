package io.detsim.scenario.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs seeds of a detsim scenario as JUnit 5 tests, one test per seed: each must pass (Raft
 * invariants, liveness, a linearizable history, not vacuous), and a failure's message ends with
 * the one line that reproduces it. The method may take the seed's {@link
 * io.detsim.scenario.run.RunResult} to assert more.
 *
 * <pre>{@code
 * @DetsimTest(scenario = "partitions", seeds = 50)
 * void partitionsKeepRaftSafe(RunResult result) {
 *     assertTrue(result.opsOk() > 100);
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(DetsimExtension.class)
public @interface DetsimTest {
    /** A built-in scenario name or a path to a scenario {@code .json} file. */
    String scenario() default "swarm";

    /** How many seeds, from {@link #firstSeed()} on (ignored when {@link #pinned()} is set). */
    int seeds() default 20;

    long firstSeed() default 1;

    /** A fixed list of seeds to run instead (a regression suite of seeds that once failed). */
    long[] pinned() default {};

    /** A planted bug's name, {@code none} for the correct Raft. */
    String bug() default "none";
}
