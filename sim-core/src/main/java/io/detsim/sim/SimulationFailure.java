package io.detsim.sim;

/**
 * The one failure type of a run. It carries everything a user needs to replay it: the seed, the
 * failure kind, where in the run it happened, and a last line to copy and paste.
 */
public final class SimulationFailure extends RuntimeException {
    private final long seed;
    private final FailureKind kind;
    private final long step;
    private final long timeNanos;
    private final String reproduceCommand;

    public SimulationFailure(FailureKind kind, long seed, long step, long timeNanos, String message,
            String reproduceCommand, Throwable cause) {
        super(message, cause);
        this.seed = seed;
        this.kind = kind;
        this.step = step;
        this.timeNanos = timeNanos;
        this.reproduceCommand = reproduceCommand;
    }

    public long seed() { return seed; }

    public FailureKind kind() { return kind; }

    public long step() { return step; }

    public long timeNanos() { return timeNanos; }

    public String reproduceCommand() { return reproduceCommand; }

    /** The bare reason, without seed and reproduce line. */
    public String reason() { return super.getMessage(); }

    @Override
    public String getMessage() {
        return kind + " at step " + step + ", t=" + timeNanos + "ns, seed " + seed + ": "
                + super.getMessage() + "\nreproduce: " + reproduceCommand;
    }
}
