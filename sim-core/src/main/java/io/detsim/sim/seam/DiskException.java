package io.detsim.sim.seam;

/** A failed disk operation, as a real disk can fail. */
public abstract sealed class DiskException extends RuntimeException {
    protected DiskException(String message) {
        super(message);
    }

    /** No room left for a write. */
    public static final class Full extends DiskException {
        public Full(String message) {
            super(message);
        }
    }

    /** A sector could not be read (latent sector error). */
    public static final class ReadError extends DiskException {
        public ReadError(String message) {
            super(message);
        }
    }
}
