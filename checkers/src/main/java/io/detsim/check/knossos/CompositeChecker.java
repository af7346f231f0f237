package io.detsim.check.knossos;

import io.detsim.check.history.History;
import io.detsim.check.linear.Budget;
import io.detsim.check.linear.CheckResult;
import io.detsim.check.linear.LinearizabilityChecker;
import io.detsim.check.model.Models;

/**
 * Runs the native checker and the Clojure (Knossos) checker on the same history and fails loudly
 * when both decide and disagree: one of them has a bug, and no verdict can be trusted until it is
 * found. When they agree, the native result (with its richer counterexample) is returned; when
 * only one decides, its verdict is.
 */
public final class CompositeChecker {
    private final Budget budget;
    private final ClojureChecker clojure;

    public CompositeChecker(Budget budget, ClojureChecker clojure) {
        this.budget = budget;
        this.clojure = clojure;
    }

    /** Both checkers' verdicts. */
    public record Verdicts(CheckResult nativeResult, CheckResult clojureResult) {
        /** The verdict to report: native when it decided, else Clojure's. */
        public CheckResult combined() {
            return nativeResult instanceof CheckResult.Unknown ? clojureResult : nativeResult;
        }
    }

    /**
     * @throws CheckerDisagreement when both decide and disagree
     */
    public Verdicts check(History history, String modelName, String initEdn,
            boolean nilReadIsUnknown) {
        CheckResult nativeResult = new LinearizabilityChecker(budget)
                .check(history, Models.create(modelName, initEdn, nilReadIsUnknown));
        CheckResult clojureResult = clojure.check(history, modelName, initEdn, nilReadIsUnknown);
        if (decided(nativeResult) && decided(clojureResult)
                && nativeResult.getClass() != clojureResult.getClass()) {
            throw new CheckerDisagreement(history.source(), nativeResult, clojureResult);
        }
        return new Verdicts(nativeResult, clojureResult);
    }

    private static boolean decided(CheckResult result) {
        return !(result instanceof CheckResult.Unknown);
    }

    /** The two checkers decided differently: a checker bug. */
    public static final class CheckerDisagreement extends RuntimeException {
        public CheckerDisagreement(String source, CheckResult nativeResult,
                CheckResult clojureResult) {
            super("CHECKERS DISAGREE on " + source + ": native says " + name(nativeResult)
                    + ", clojure says " + name(clojureResult)
                    + " - one of them has a bug; report this history");
        }

        private static String name(CheckResult result) {
            return result.getClass().getSimpleName();
        }
    }
}
