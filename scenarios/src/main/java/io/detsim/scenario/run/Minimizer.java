package io.detsim.scenario.run;

import io.detsim.raft.core.RaftBug;
import io.detsim.scenario.model.FaultSpec;
import io.detsim.scenario.model.NemesisSpec;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.model.ScriptStep;
import io.detsim.sim.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Shrinks a failing run: tries smaller variants of its scenario with the same seed (fewer
 * servers, clients and operations, shorter phases, fewer fault kinds and script steps, calmer
 * network, disk and clock) and keeps each change under which the same failure (same verdict and
 * same violated check) still happens, until no change helps. Every candidate is one ordinary,
 * deterministic run, so the result replays with {@code detsim run}.
 */
public final class Minimizer {
    /** One accepted step, for people. */
    public record Step(String change, RunResult result) {}

    /** The smallest failing scenario found and the steps that led there. */
    public record Outcome(Scenario scenario, RunResult result, List<Step> steps, int runs) {}

    private final long seed;
    private final RaftBug bug;
    private final String targetKey;
    private final Consumer<String> progress;
    private int runs;

    /**
     * @param failing the failing run's result (its verdict and reason are what must persist)
     * @param progress one line per candidate tried, or a no-op
     */
    public Minimizer(RunResult failing, RaftBug bug, Consumer<String> progress) {
        if (!failing.verdict().isFailure()) {
            throw new IllegalArgumentException("seed " + failing.seed() + " did not fail ("
                    + failing.verdict() + "): nothing to minimize");
        }
        this.seed = failing.seed();
        this.bug = bug;
        this.targetKey = failureKey(failing);
        this.progress = progress;
    }

    /**
     * What identifies a failure across shrinking: the verdict and the violated check (an
     * invariant's name, "linearizability", or the kind of liveness failure).
     */
    static String failureKey(RunResult result) {
        String reason = result.reason() == null ? "" : result.reason();
        String check;
        if (reason.startsWith("invariant ")) {
            check = reason.substring("invariant ".length()).split(" ", 2)[0];
        } else if (reason.startsWith("history not linearizable")) {
            check = "linearizability";
        } else if (reason.startsWith("node ") && reason.contains(" threw ")) {
            check = reason.substring(reason.indexOf(" threw ") + 7).split("[: ]", 2)[0];
        } else {
            check = reason.split(" ", 3).length > 1 ? reason.split(" ", 3)[0] + " "
                    + reason.split(" ", 3)[1] : reason;
        }
        return result.verdict() + "/" + check;
    }

    public Outcome minimize(Scenario start) {
        Scenario current = start.withCompletedOpsMin(0);
        RunResult currentResult = run(current);
        if (!failureKey(currentResult).equals(targetKey)) {
            throw new IllegalArgumentException("the failure did not reproduce: expected "
                    + targetKey + ", got " + failureKey(currentResult));
        }
        List<Step> steps = new ArrayList<>();
        boolean progressMade = true;
        while (progressMade) {
            progressMade = false;
            for (Candidate candidate : candidates(current, currentResult)) {
                Scenario smaller;
                try {
                    smaller = candidate.change().apply(current);
                } catch (IllegalArgumentException invalid) {
                    continue; // not a valid scenario (e.g. phases too short for the bound)
                }
                if (smaller.equals(current)) {
                    continue;
                }
                RunResult result = run(smaller);
                boolean same = failureKey(result).equals(targetKey);
                progress.accept((same ? "kept:    " : "dropped: ") + candidate.description()
                        + " -> " + result.verdict());
                if (same) {
                    current = smaller;
                    currentResult = result;
                    steps.add(new Step(candidate.description(), result));
                    progressMade = true;
                    break;
                }
            }
        }
        return new Outcome(current, currentResult, steps, runs);
    }

    private record Candidate(String description, UnaryOperator<Scenario> change) {}

    private List<Candidate> candidates(Scenario s, RunResult last) {
        List<Candidate> list = new ArrayList<>();
        if (s.servers() > 3) {
            list.add(new Candidate("servers " + s.servers() + " -> 3", x -> x.withServers(3)));
        }
        if (s.clients() > 1) {
            int fewer = s.clients() / 2;
            list.add(new Candidate("clients " + s.clients() + " -> " + fewer,
                    x -> x.withClients(fewer)));
        }
        int ops = s.workload().opsPerClient();
        if (ops > 1) {
            list.add(new Candidate("ops per client " + ops + " -> " + ops / 2,
                    x -> x.withWorkload(x.workload().withOpsPerClient(ops / 2))));
        }
        if (s.chaosNanos() > 500_000_000L) {
            list.add(new Candidate("chaos phase halved", x -> x.withPhases(x.chaosNanos() / 2,
                    x.healNanos())));
        }
        if (s.healNanos() > 2_000_000_000L) {
            list.add(new Candidate("heal phase halved", x -> x.withPhases(x.chaosNanos(),
                    x.healNanos() / 2)));
        }
        NemesisSpec nemesis = s.faults().nemesis() != null ? s.faults().nemesis()
                : NemesisSpec.of(s.faults().profileFor(seed).nemesis());
        for (String kind : nemesis.kinds()) {
            list.add(new Candidate("no " + kind + " faults",
                    x -> x.withFaults(x.faults().withNemesis(nemesis.without(kind)))));
        }
        for (int i = 0; i < s.script().size(); i++) {
            int drop = i;
            list.add(new Candidate("no script step " + s.script().get(i).action(), x -> {
                List<ScriptStep> fewer = new ArrayList<>(x.script());
                fewer.remove(drop);
                return x.withScript(fewer);
            }));
        }
        FaultSpec faults = s.faults();
        if (!"reliable".equals(faults.network())) {
            list.add(new Candidate("reliable network",
                    x -> x.withFaults(x.faults().withNetwork("reliable"))));
        }
        if (!"reliable".equals(faults.disk())) {
            list.add(new Candidate("reliable disk",
                    x -> x.withFaults(x.faults().withDisk("reliable"))));
        }
        if (!"perfect".equals(faults.clock())) {
            list.add(new Candidate("perfect clocks",
                    x -> x.withFaults(x.faults().withClock("perfect"))));
        }
        return list;
    }

    private RunResult run(Scenario scenario) {
        runs++;
        return new ScenarioRun(scenario, "minimized.json", seed, bug, Trace.Mode.HASH_ONLY, null)
                .execute();
    }
}
