package io.detsim.check.linear;

import io.detsim.check.edn.EdnWriter;
import io.detsim.check.history.History;
import io.detsim.check.history.Operation;
import io.detsim.check.model.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The native linearizability checker. Splits the history per key where the model allows
 * (P-compositionality), checks partitions in parallel with a WGL search each, and stops the others
 * on the first violation. The verdict comes first; the counterexample is shrunk afterwards under
 * its own budget, so explaining can never cost a verdict. Likewise the witnesses of a
 * linearizable verdict (each partition's order with its model states) are built only once every
 * partition has passed, by replaying the orders the searches found.
 */
public final class LinearizabilityChecker {
    private final Budget budget;
    private final int threads;

    public LinearizabilityChecker(Budget budget) {
        this(budget, Runtime.getRuntime().availableProcessors());
    }

    public LinearizabilityChecker(Budget budget, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.budget = budget;
        this.threads = threads;
    }

    public CheckResult check(History history, Model model) {
        return check(history.operations(), model);
    }

    public CheckResult check(List<Operation> operations, Model model) {
        long deadline = System.nanoTime() + budget.verdictNanosMax();
        Map<Object, List<Operation>> partitions = partition(relevant(operations, model), model);
        AtomicBoolean cancelled = new AtomicBoolean();
        List<PartitionRun> runs = new ArrayList<>();
        partitions.forEach((key, ops) -> runs.add(new PartitionRun(key,
                key == NO_PARTITION ? model : model.forPartition(key), ops)));
        runAll(runs, deadline, cancelled);
        return verdict(runs, operations.size());
    }

    private static final Object NO_PARTITION = new Object();

    /** Crashed read-only operations constrain nothing: dropping them shrinks the search. */
    private static List<Operation> relevant(List<Operation> operations, Model model) {
        List<Operation> kept = new ArrayList<>(operations.size());
        for (Operation op : operations) {
            if (op.completed() || !model.isReadOnly(op)) {
                kept.add(op);
            }
        }
        return kept;
    }

    private static Map<Object, List<Operation>> partition(List<Operation> ops, Model model) {
        Map<Object, List<Operation>> partitions = new LinkedHashMap<>();
        for (Operation op : ops) {
            Object key = model.partitionKey(op);
            partitions.computeIfAbsent(key == null ? NO_PARTITION : key, k
                    -> new ArrayList<>()).add(op);
        }
        if (partitions.isEmpty()) {
            partitions.put(NO_PARTITION, List.of());
        }
        return partitions;
    }

    private void runAll(List<PartitionRun> runs, long deadline, AtomicBoolean cancelled) {
        if (runs.size() == 1 || threads == 1) {
            for (PartitionRun run : runs) {
                run.search(deadline, budget.memoBytesMax(), cancelled);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, runs.size()), r -> {
            Thread t = new Thread(r, "detsim-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (PartitionRun run : runs) {
                futures.add(pool.submit(() -> run.search(deadline, budget.memoBytesMax(),
                        cancelled)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled.set(true);
        } catch (ExecutionException e) {
            throw new IllegalStateException("partition check failed: " + e.getCause(),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private CheckResult verdict(List<PartitionRun> runs, int operationCount) {
        PartitionRun failed = null;
        String unknown = null;
        for (PartitionRun run : runs) {
            WglSearch.Verdict verdict = run.verdict;
            if (verdict == WglSearch.Verdict.NOT_LINEARIZABLE) {
                failed = failed == null ? run : failed;
            } else if (verdict != WglSearch.Verdict.LINEARIZABLE && unknown == null) {
                // Without a failure, a cancelled or unfinished search means the caller's thread
                // was interrupted: that partition is undecided, so the history is too.
                unknown = describe(run) + ": " + (verdict == null
                        ? "interrupted before its search finished"
                        : run.search.unknownReason());
            }
        }
        if (failed != null) {
            return new CheckResult.NotLinearizable(explain(failed));
        }
        if (unknown != null) {
            return new CheckResult.Unknown(unknown);
        }
        return new CheckResult.Linearizable(operationCount, runs.size(), witnesses(runs));
    }

    /** One per partition, sorted by the key's EDN text (ties keep history order). */
    private static List<PartitionWitness> witnesses(List<PartitionRun> runs) {
        List<PartitionWitness> witnesses = new ArrayList<>(runs.size());
        for (PartitionRun run : runs) {
            witnesses.add(new PartitionWitness(partitionOf(run), run.model.name(),
                    run.search.linearizedSteps()));
        }
        witnesses.sort(Comparator.comparing(w -> EdnWriter.write(w.partition())));
        return witnesses;
    }

    private CheckResult.Counterexample explain(PartitionRun run) {
        Shrinker.Result minimal = Shrinker.shrink(run.ops, run.model, budget);
        return new CheckResult.Counterexample(partitionOf(run), run.model.name(),
                run.search.blockingOperation(), run.search.longestPrefix(),
                run.search.stateAfterPrefix(), minimal.operations(), minimal.complete(),
                run.search.prefixSteps());
    }

    /** The key as reported: null when the model does not split. */
    private static Object partitionOf(PartitionRun run) {
        return run.key == NO_PARTITION ? null : run.key;
    }

    private static String describe(PartitionRun run) {
        return run.key == NO_PARTITION ? "history" : "partition " + run.model.name();
    }

    /** One partition's search and its outcome. */
    private static final class PartitionRun {
        final Object key;
        final Model model;
        final List<Operation> ops;
        WglSearch search;
        volatile WglSearch.Verdict verdict;

        PartitionRun(Object key, Model model, List<Operation> ops) {
            this.key = key;
            this.model = model;
            this.ops = ops;
        }

        void search(long deadline, long memoBytesMax, AtomicBoolean cancelled) {
            search = new WglSearch(ops, model, deadline, memoBytesMax, cancelled);
            verdict = search.run();
            if (verdict == WglSearch.Verdict.NOT_LINEARIZABLE) {
                cancelled.set(true);
            }
        }
    }
}
