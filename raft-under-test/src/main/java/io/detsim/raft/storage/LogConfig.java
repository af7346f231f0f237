package io.detsim.raft.storage;

/**
 * How a {@link SegmentedLog} lays out its files.
 *
 * @param segmentSizeBytesMax a segment receives no further records once adding the next one would
 *                            take it past this size (a single larger record still gets a segment
 *                            of its own)
 */
public record LogConfig(long segmentSizeBytesMax) {
    /** Smallest segment size accepted: a few small records. */
    public static final long SEGMENT_SIZE_BYTES_MIN = 64;
    /** Largest segment size accepted: recovery reads a segment into one array. */
    public static final long SEGMENT_SIZE_BYTES_MAX = 1L << 30;

    public LogConfig {
        if (segmentSizeBytesMax < SEGMENT_SIZE_BYTES_MIN
                || segmentSizeBytesMax > SEGMENT_SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("log.segmentSizeBytesMax must be in ["
                    + SEGMENT_SIZE_BYTES_MIN + ", " + SEGMENT_SIZE_BYTES_MAX + "], was "
                    + segmentSizeBytesMax);
        }
    }

    /** 8 MiB segments. */
    public static LogConfig defaults() {
        return new LogConfig(8L << 20);
    }
}
