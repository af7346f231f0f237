package io.detsim.sim;

/** Why a run failed. Typed so that campaigns can group failures and minimizers keep the kind. */
public enum FailureKind {
    /** An invariant or a checker found a wrong result. */
    SAFETY,
    /**
     * The system did not make progress in time: a step budget ran out, or pending work never
     * completed.
     */
    LIVENESS,
    /** Node code threw an exception. */
    CRASH,
    /** The same seed gave a different trace. */
    NONDETERMINISM
}
