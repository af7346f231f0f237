package io.detsim.check.linear;

import io.detsim.check.history.Operation;
import io.detsim.check.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shrinks a non-linearizable set of operations by removing whole operations while it stays
 * non-linearizable (delta debugging: chunks first, then single operations), under the budget's
 * explanation time. Every candidate is re-checked by a fresh search.
 */
final class Shrinker {
    record Result(List<Operation> operations, boolean complete) {}

    private Shrinker() {}

    static Result shrink(List<Operation> failing, Model model, Budget budget) {
        long deadline = System.nanoTime() + budget.explainNanosMax();
        List<Operation> current = new ArrayList<>(failing);
        int chunk = Math.max(1, current.size() / 2);
        while (true) {
            boolean removedAny = false;
            for (int start = 0; start < current.size();) {
                if (System.nanoTime() > deadline) {
                    return new Result(List.copyOf(current), false);
                }
                int end = Math.min(current.size(), start + chunk);
                List<Operation> candidate = new ArrayList<>(current.subList(0, start));
                candidate.addAll(current.subList(end, current.size()));
                if (stillFails(candidate, model, deadline, budget.memoBytesMax())) {
                    current = candidate;
                    removedAny = true;
                } else {
                    start = end;
                }
            }
            if (chunk == 1 && !removedAny) {
                return new Result(List.copyOf(current), true);
            }
            chunk = Math.max(1, chunk / 2);
        }
    }

    private static boolean stillFails(List<Operation> ops, Model model, long deadline,
            long memoBytesMax) {
        WglSearch search = new WglSearch(ops, model, deadline, memoBytesMax, new AtomicBoolean());
        return search.run() == WglSearch.Verdict.NOT_LINEARIZABLE;
    }
}
