package io.detsim.scenario.junit;

import io.detsim.raft.core.RaftBug;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.Scenarios;
import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.ScenarioRun;
import io.detsim.scenario.run.Verdict;
import io.detsim.sim.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.opentest4j.AssertionFailedError;

/** The engine behind {@link DetsimTest}: one invocation per seed. */
public final class DetsimExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getRequiredTestMethod().isAnnotationPresent(DetsimTest.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
            ExtensionContext context) {
        DetsimTest spec = context.getRequiredTestMethod().getAnnotation(DetsimTest.class);
        Scenario scenario = Scenarios.load(spec.scenario());
        RaftBug bug = RaftBug.fromCliName(spec.bug());
        List<Long> seeds = new ArrayList<>();
        if (spec.pinned().length > 0) {
            for (long seed : spec.pinned()) {
                seeds.add(seed);
            }
        } else {
            if (spec.seeds() < 1) {
                throw new IllegalArgumentException("@DetsimTest seeds must be >= 1, was "
                        + spec.seeds());
            }
            for (int i = 0; i < spec.seeds(); i++) {
                seeds.add(spec.firstSeed() + i);
            }
        }
        return seeds.stream().map(seed -> new SeedInvocation(scenario, spec, bug, seed));
    }

    /** One seed: runs it when the test method asks for its result (or right before it runs). */
    private static final class SeedInvocation implements TestTemplateInvocationContext {
        private final Scenario scenario;
        private final DetsimTest spec;
        private final RaftBug bug;
        private final long seed;

        SeedInvocation(Scenario scenario, DetsimTest spec, RaftBug bug, long seed) {
            this.scenario = scenario;
            this.spec = spec;
            this.bug = bug;
            this.seed = seed;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return spec.scenario() + " seed " + seed
                    + (bug == RaftBug.NONE ? "" : " bug " + bug.cliName());
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            RunResult[] result = new RunResult[1];
            // The seed runs before the method, whatever its parameters; a failure fails the test
            // as an assertion, and the method may take the result to check more.
            BeforeTestExecutionCallback runIt = context -> result[0] = runAndJudge();
            ParameterResolver giveResult = new ParameterResolver() {
                @Override
                public boolean supportsParameter(ParameterContext parameter,
                        ExtensionContext context) {
                    return parameter.getParameter().getType() == RunResult.class;
                }

                @Override
                public Object resolveParameter(ParameterContext parameter,
                        ExtensionContext context) {
                    return result[0];
                }
            };
            return List.of(runIt, giveResult);
        }

        private RunResult runAndJudge() {
            RunResult result = new ScenarioRun(scenario, spec.scenario(), seed, bug,
                    Trace.Mode.HASH_ONLY, null).execute();
            if (result.verdict() != Verdict.PASS) {
                throw new AssertionFailedError(result.verdict() + " on seed " + seed + ": "
                        + result.reason() + "\nreproduce: " + result.reproduce());
            }
            return result;
        }
    }
}
