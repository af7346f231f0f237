package io.detsim.sim.disk;

/**
 * A disk fault that fired, kept so that tests and reports can tell corruption a fault explains
 * from corruption nothing explains (a simulator bug, or a bug in the code under test).
 *
 * @param kind what happened
 * @param file the file it happened to
 * @param offsetBytes where (a misdirected write records two faults: MISDIRECTED_WRITE at the
 *     intended range, left stale, and MISDIRECTED_LANDING at the range it overwrote)
 * @param lengthBytes how much of the file it touched
 * @param timeNanos virtual time
 */
public record DiskFault(Kind kind, String file, long offsetBytes, long lengthBytes,
        long timeNanos) {

    public enum Kind {
        BIT_FLIP_ON_WRITE(1), BIT_FLIP_ON_READ(2), LATENT_SECTOR_ERROR(3), MISDIRECTED_WRITE(4),
        DISK_FULL(5), TORN_WRITE(6), LOST_WRITE(7), MISDIRECTED_LANDING(8);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() { return code; }
    }
}
