package io.detsim.check.linear;

/**
 * Limits on a check. Past {@code verdictNanosMax} of wall time or {@code memoBytesMax} of search
 * memory the verdict is {@link CheckResult.Unknown}. The explanation (shrinking a counterexample)
 * has its own time limit, so building it can never cost a verdict already found.
 */
public record Budget(long verdictNanosMax, long memoBytesMax, long explainNanosMax) {
    public Budget {
        if (verdictNanosMax <= 0 || memoBytesMax <= 0 || explainNanosMax < 0) {
            throw new IllegalArgumentException("budget limits must be positive: " + verdictNanosMax
                    + "ns, " + memoBytesMax + "B, " + explainNanosMax + "ns");
        }
    }

    /** 60 s for the verdict, 2 GiB of search memory, 10 s to shrink a counterexample. */
    public static Budget defaults() {
        return new Budget(60_000_000_000L, 2L << 30, 10_000_000_000L);
    }

    public Budget withVerdictNanosMax(long nanos) {
        return new Budget(nanos, memoBytesMax, explainNanosMax);
    }

    public Budget withExplainNanosMax(long nanos) {
        return new Budget(verdictNanosMax, memoBytesMax, nanos);
    }
}
