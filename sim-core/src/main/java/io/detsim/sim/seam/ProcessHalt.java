package io.detsim.sim.seam;

/**
 * Thrown by node code to stop its own process on purpose (fail-stop), the way a real server exits
 * after an I/O error it cannot trust itself past (an fsync that failed, a record that read back
 * corrupt). The simulator does not count it as a bug: it crashes the node there and then (unsynced
 * writes meet crash semantics, in-memory state is gone) and a supervisor restarts it from its disk
 * after a delay. Any other exception that escapes node code is a CRASH failure.
 */
public final class ProcessHalt extends RuntimeException {
    public ProcessHalt(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }

    public ProcessHalt(String reason) {
        this(reason, null);
    }
}
