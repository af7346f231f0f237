package io.detsim.sim.sched;

/**
 * Something that happens at one instant of virtual time. An event is scheduled once; cancelling it
 * marks it so that the scheduler skips it when it comes due (lazy deletion keeps the heap simple).
 */
public abstract class SimEvent {
    private boolean scheduled;
    private boolean cancelled;

    /** Runs the event. The scheduler's clock already reads the event's time. */
    protected abstract void fire();

    /** Stops a scheduled event from firing. Cancelling an event that already fired does nothing. */
    public void cancel() { cancelled = true; }

    public final boolean isCancelled() { return cancelled; }

    final void markScheduled() {
        if (scheduled) {
            throw new IllegalStateException("event scheduled twice: " + this);
        }
        scheduled = true;
    }

    /** Wraps a runnable as an event. */
    public static SimEvent of(Runnable action) {
        return new SimEvent() {
            @Override
            protected void fire() { action.run(); }
        };
    }
}
