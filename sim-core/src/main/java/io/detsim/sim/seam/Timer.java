package io.detsim.sim.seam;

/** A pending timer. Cancelling one that already fired or was cancelled does nothing. */
public interface Timer {
    void cancel();

    /** True until the timer fires or is cancelled. */
    boolean isPending();
}
