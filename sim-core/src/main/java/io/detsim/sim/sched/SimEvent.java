package io.detsim.sim.sched;

/**
 * Something that happens at one instant of virtual time. An event is scheduled once; cancelling it
 * marks it so that the scheduler skips it when it comes due, and lets the scheduler know, so that
 * it can drop cancelled events in bulk once they are many (timers are cancelled far more often
 * than they fire).
 */
public abstract class SimEvent {
    private boolean scheduled;
    private boolean cancelled;
    /** The scheduler whose queue holds this event; null before scheduling and once it left. */
    private Scheduler queuedIn;

    /** Runs the event. The scheduler's clock already reads the event's time. */
    protected abstract void fire();

    /** Stops a scheduled event from firing. Cancelling an event that already fired does nothing. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (queuedIn != null) {
            queuedIn.cancelledWhileQueued();
        }
    }

    public final boolean isCancelled() { return cancelled; }

    final void markScheduled(Scheduler scheduler) {
        if (scheduled) {
            throw new IllegalStateException("event scheduled twice: " + this);
        }
        scheduled = true;
        queuedIn = scheduler;
    }

    /** The event left the queue: fired, or dropped as cancelled. */
    final void markDequeued() {
        queuedIn = null;
    }

    /** Wraps a runnable as an event. */
    public static SimEvent of(Runnable action) {
        return new SimEvent() {
            @Override
            protected void fire() { action.run(); }
        };
    }
}
