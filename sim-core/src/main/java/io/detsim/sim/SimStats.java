package io.detsim.sim;

/**
 * Counters of what happened in a run. Campaigns use them for vacuity gates: a run in which no fault
 * fired proves little about fault tolerance.
 */
public final class SimStats {
    long messagesSent;
    long messagesDelivered;
    long messagesDropped;
    long messagesDuplicated;
    long timersFired;
    long syncsCompleted;
    long crashes;
    long restarts;
    long pauses;
    long faultsApplied;
    long diskFaults;
    long halts;

    public long messagesSent() { return messagesSent; }

    public long messagesDelivered() { return messagesDelivered; }

    public long messagesDropped() { return messagesDropped; }

    public long messagesDuplicated() { return messagesDuplicated; }

    public long timersFired() { return timersFired; }

    public long syncsCompleted() { return syncsCompleted; }

    public long crashes() { return crashes; }

    /** Nodes that stopped themselves ({@link io.detsim.sim.seam.ProcessHalt}). */
    public long halts() { return halts; }

    public long restarts() { return restarts; }

    public long pauses() { return pauses; }

    public long faultsApplied() { return faultsApplied; }

    public long diskFaults() { return diskFaults; }

    @Override
    public String toString() {
        return "messages sent " + messagesSent + ", delivered " + messagesDelivered + ", dropped "
                + messagesDropped + ", duplicated " + messagesDuplicated + "; timers " + timersFired
                + "; syncs " + syncsCompleted + "; crashes " + crashes + ", halts " + halts
                + ", restarts " + restarts
                + ", pauses " + pauses + "; faults applied " + faultsApplied + ", disk faults "
                + diskFaults;
    }
}
