package io.detsim.report;

import io.detsim.check.edn.EdnWriter;
import io.detsim.check.history.Operation;
import io.detsim.check.linear.CheckResult;
import io.detsim.check.linear.LinearizedStep;
import io.detsim.check.linear.PartitionWitness;
import java.util.ArrayList;
import java.util.List;

/**
 * The linearizability checker's result in the form the run report draws it, saved as
 * {@code check.json}: for each key, the order the checker linearized its operations in, with the
 * model state before and after each; for the failing key, the longest prefix it could linearize,
 * the operation it could not place and a minimal non-linearizable sub-history. Operations are
 * named by the history index of their invocation.
 *
 * @param verdict {@code linearizable}, {@code not-linearizable} or {@code unknown}
 * @param summary the checker's verdict in words
 * @param partitions one per key (one in all when the model does not split by key)
 */
public record CheckReport(String verdict, String summary, List<Partition> partitions) {
    public CheckReport {
        require(verdict != null, "a check report needs a verdict");
        require(partitions != null, "a check report needs its partitions (may be empty)");
    }

    /**
     * @param key the key as EDN text, or null when the model does not split by key
     * @param model the key's model
     * @param linearizable whether this key's operations could be linearized
     * @param steps the linearization found, or for a failing key the longest linearizable prefix
     * @param failingOp the operation no order could place (failing key only), else -1
     * @param stateAfterPrefix the state the failing operation met (failing key only)
     * @param minimalOps a minimal non-linearizable sub-history (failing key only)
     * @param minimalComplete whether shrinking finished (false: it may shrink further)
     */
    public record Partition(String key, String model, boolean linearizable, List<Step> steps,
            long failingOp, String stateAfterPrefix, List<Long> minimalOps,
            boolean minimalComplete) {
        public Partition {
            require(steps != null, "partition " + key + " has no steps (may be empty)");
            require(minimalOps != null, "partition " + key + " has no minimalOps (may be empty)");
        }
    }

    /** One linearized operation and the model state around it. */
    public record Step(long op, String before, String after) {}

    /** The report form of {@code result}; {@code summary} is how the run described it. */
    public static CheckReport of(CheckResult result, String summary) {
        return switch (result) {
            case CheckResult.Linearizable ok -> new CheckReport("linearizable", summary,
                    ok.witnesses().stream().map(CheckReport::partition).toList());
            case CheckResult.NotLinearizable bad -> new CheckReport("not-linearizable", summary,
                    List.of(failing(bad.counterexample())));
            case CheckResult.Unknown u -> new CheckReport("unknown", summary, List.of());
        };
    }

    private static Partition partition(PartitionWitness witness) {
        return new Partition(keyText(witness.partition()), witness.model(), true,
                steps(witness.steps()), -1, null, List.of(), true);
    }

    private static Partition failing(CheckResult.Counterexample c) {
        List<Long> minimal = new ArrayList<>();
        for (Operation op : c.minimal()) {
            minimal.add(op.invokeIndex());
        }
        return new Partition(keyText(c.partition()), c.model(), false, steps(c.prefixSteps()),
                c.firstUnlinearizable().invokeIndex(), c.stateAfterPrefix(), minimal,
                c.minimalComplete());
    }

    private static List<Step> steps(List<LinearizedStep> linearized) {
        List<Step> steps = new ArrayList<>(linearized.size());
        for (LinearizedStep s : linearized) {
            steps.add(new Step(s.op().invokeIndex(), s.stateBefore(), s.stateAfter()));
        }
        return steps;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** How reports show a key: its EDN text, the same as the history's. */
    static String keyText(Object key) {
        return key == null ? null : EdnWriter.write(key);
    }
}
