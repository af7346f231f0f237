package io.detsim.raft.microraft;

/**
 * Marks a store call that failed because the disk failed (the node's fail-stop policy): MicroRaft
 * wraps it in its own exceptions and ERROR-logs it, and {@link ErrorPolicy} recognises it in the
 * cause chain, so that the node halts instead of the run failing.
 */
final class DiskHalt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DiskHalt(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
