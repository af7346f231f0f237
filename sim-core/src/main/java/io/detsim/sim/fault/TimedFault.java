package io.detsim.sim.fault;

/** A fault action and the virtual time at which it is applied. */
public record TimedFault(long atNanos, FaultAction action) {
    public TimedFault {
        if (atNanos < 0) {
            throw new IllegalArgumentException("atNanos must be >= 0, was " + atNanos);
        }
        if (action == null) {
            throw new IllegalArgumentException("action is missing");
        }
    }

    @Override
    public String toString() {
        return Durations.format(atNanos) + " " + action;
    }
}
