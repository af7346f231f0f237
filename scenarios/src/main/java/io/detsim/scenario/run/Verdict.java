package io.detsim.scenario.run;

/**
 * How a run ended. The four failure kinds are the simulator's ({@link
 * io.detsim.sim.FailureKind}); a run that passed its checks but proved little is {@code VACUOUS},
 * and one whose history the checker could not decide within its budget is {@code UNDECIDED}.
 * Neither counts as a pass.
 */
public enum Verdict {
    PASS, SAFETY, LIVENESS, CRASH, NONDETERMINISM, VACUOUS, UNDECIDED;

    /** True for the kinds that mean a bug (in the system or in detsim's determinism). */
    public boolean isFailure() {
        return this == SAFETY || this == LIVENESS || this == CRASH || this == NONDETERMINISM;
    }
}
