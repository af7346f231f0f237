package io.detsim.scenario.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.detsim.raft.core.RaftBug;
import io.detsim.scenario.model.Scenario;
import io.detsim.scenario.run.RunArtifacts;
import io.detsim.scenario.run.RunResult;
import io.detsim.scenario.run.ScenarioRun;
import io.detsim.scenario.run.Verdict;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.trace.Trace;
import io.detsim.sim.trace.TraceDiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many seeds of one scenario on worker threads, one seed per worker at a time (each run is
 * single-threaded and deterministic by itself). Every result is appended to
 * {@code results.jsonl} as it completes; {@code resume} skips seeds already there. A sample of
 * seeds, and every failing one, is run a second time with its trace recorded: a different trace
 * hash is a NONDETERMINISM failure, and a failing seed's artifacts are saved under
 * {@code failures/seed-N/}.
 */
public final class Campaign {
    private static final ObjectMapper JSON = RunArtifacts.PRETTY_JSON;

    /** Hears the campaign's progress; called from worker threads. */
    public interface Listener {
        default void started(int seedsToRun, int seedsAlreadyDone) {}

        default void finished(RunResult result) {}
    }

    private final CampaignSpec spec;
    private final Scenario scenario;
    private final Path dir;
    private final int jobs;
    private final long timeBudgetNanos;
    private final int recheckPercent;
    private final Listener listener;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private boolean reports = true;

    /**
     * @param timeBudgetNanos 0 for none; otherwise no new seed starts after it (running ones
     *                        finish)
     * @param recheckPercent share of seeds run twice to check determinism (failing seeds always)
     */
    public Campaign(CampaignSpec spec, Scenario scenario, Path dir, int jobs, long timeBudgetNanos,
            int recheckPercent, Listener listener) {
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be >= 1, was " + jobs);
        }
        if (recheckPercent < 0 || recheckPercent > 100) {
            throw new IllegalArgumentException("--recheck must be a percentage in [0, 100], was "
                    + recheckPercent);
        }
        this.spec = spec;
        this.scenario = scenario;
        this.dir = dir;
        this.jobs = jobs;
        this.timeBudgetNanos = timeBudgetNanos;
        this.recheckPercent = recheckPercent;
        this.listener = listener;
    }

    /** Asks the workers to start no new seed; results already written stay. */
    public void stop() {
        stopping.set(true);
    }

    /** Whether the campaign was stopped before its seeds ran out (not by its time budget). */
    public boolean stopped() {
        return stopping.get();
    }

    /**
     * Runs the campaign (or the rest of it, with {@code resume}) and returns every result in the
     * results file, old and new.
     *
     * @throws IllegalArgumentException when the directory holds another campaign, or holds
     *                                  results and {@code resume} is off
     */
    public List<RunResult> run(boolean resume) {
        Path results = dir.resolve("results.jsonl");
        Set<Long> done = prepareDirectory(results, resume);
        long total = spec.shardSeedCount();
        int alreadyDone = 0;
        for (long seed : done) {
            alreadyDone += isOurs(seed) ? 1 : 0;
        }
        listener.started((int) Math.min(Integer.MAX_VALUE, total - alreadyDone), alreadyDone);
        long deadline = timeBudgetNanos > 0 ? System.nanoTime() + timeBudgetNanos : Long.MAX_VALUE;
        AtomicLong next = new AtomicLong();
        List<Throwable> errors = new ArrayList<>();
        try (ResultsLog log = ResultsLog.openForAppend(results)) {
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < Math.min(jobs, Math.max(1, total - alreadyDone)); w++) {
                Thread worker = new Thread(() -> {
                    try {
                        for (long i = next.getAndIncrement(); i < total
                                && !stopping.get() && System.nanoTime() < deadline;
                                i = next.getAndIncrement()) {
                            long seed = spec.seedAt(i);
                            if (done.contains(seed)) {
                                continue;
                            }
                            RunResult result = runSeed(seed);
                            log.append(result);
                            listener.finished(result);
                        }
                    } catch (RuntimeException | Error e) {
                        stopping.set(true);
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                }, "detsim-campaign-" + w);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            stopping.set(true);
            Thread.currentThread().interrupt();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a campaign worker failed: " + errors.getFirst(),
                    errors.getFirst());
        }
        return ResultsLog.read(results);
    }

    private boolean isOurs(long seed) {
        long offset = seed - spec.firstSeed() - (spec.shardIndex() - 1);
        return offset >= 0 && offset % spec.shardCount() == 0
                && offset / spec.shardCount() < spec.shardSeedCount();
    }

    private Set<Long> prepareDirectory(Path results, boolean resume) {
        try {
            Files.createDirectories(dir);
            Path specFile = dir.resolve("campaign.json");
            Set<Long> done = new TreeSet<>();
            if (Files.exists(specFile)) {
                CampaignSpec saved = JSON.readValue(specFile.toFile(), CampaignSpec.class);
                if (!saved.equals(spec)) {
                    throw new IllegalArgumentException(dir + " holds another campaign (" + saved
                            + "); use another --out");
                }
            }
            if (Files.exists(results)) {
                List<RunResult> earlier = ResultsLog.read(results);
                if (!earlier.isEmpty() && !resume) {
                    throw new IllegalArgumentException(dir + " already holds " + earlier.size()
                            + " results: add --resume to continue that campaign, or use"
                            + " another --out");
                }
                earlier.forEach(r -> done.add(r.seed()));
            }
            RunArtifacts.writeAtomically(specFile, JSON.writeValueAsString(spec) + "\n");
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether failing seeds get their HTML report (default: yes); call before {@link #run}. */
    public Campaign reports(boolean value) {
        this.reports = value;
        return this;
    }

    private RunResult runSeed(long seed) {
        RaftBug bug = RaftBug.fromCliName(spec.bug());
        RunResult first = newRun(seed, bug, Trace.Mode.HASH_ONLY).execute();
        boolean sampled = Math.floorMod(RandomStream.mix64(seed), 100) < recheckPercent;
        if (!first.verdict().isFailure() && !sampled) {
            return first;
        }
        // A failing seed is re-run recorded (its artifacts and report are saved); a sampled
        // passing one only needs the hash, and a mismatch is then re-run recorded to explain it.
        ScenarioRun recordedRun = newRun(seed, bug, first.verdict().isFailure()
                ? Trace.Mode.RECORD : Trace.Mode.HASH_ONLY);
        RunResult again = recordedRun.execute();
        if (!again.traceHash().equals(first.traceHash())) {
            if (recordedRun.simulation().trace().mode() != Trace.Mode.RECORD) {
                recordedRun = newRun(seed, bug, Trace.Mode.RECORD);
                again = recordedRun.execute();
            }
            return nondeterminism(first, again, recordedRun, seed, bug);
        }
        if (first.verdict().isFailure()) {
            RunArtifacts.write(dir.resolve("failures").resolve("seed-" + seed), scenario,
                    recordedRun, again, reports);
        }
        return first;
    }

    private RunResult nondeterminism(RunResult first, RunResult again, ScenarioRun recorded,
            long seed, RaftBug bug) {
        ScenarioRun third = newRun(seed, bug, Trace.Mode.RECORD);
        third.execute();
        String where = TraceDiff.firstDifference(recorded.simulation().trace().events(),
                third.simulation().trace().events())
                .map(d -> "first difference between two recorded re-runs: " + d)
                .orElse("two recorded re-runs agree with each other, so the difference came"
                        + " from the first run");
        RunArtifacts.write(dir.resolve("failures").resolve("seed-" + seed), scenario, recorded,
                again, reports);
        return new RunResult(first.scenario(), seed, first.bug(), Verdict.NONDETERMINISM,
                "the same seed gave trace hashes " + first.traceHash() + " and "
                        + again.traceHash() + "; " + where, first.traceHash(), first.profile(),
                first.simulatedNanos(), first.events(), first.opsInvoked(), first.opsOk(),
                first.opsFail(), first.opsInfo(), first.faultsApplied(), first.halts(),
                first.checker(), first.counterexample(), first.metrics(), first.leaseChecker(),
                first.reproduce(),
                first.wallNanos());
    }

    private ScenarioRun newRun(long seed, RaftBug bug, Trace.Mode mode) {
        return new ScenarioRun(scenario, spec.scenario(), spec.knobs(), seed, bug, mode, null);
    }
}
