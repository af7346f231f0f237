package io.detsim.raft.storage;

/**
 * How a {@link SegmentedLog} lays out its files and how much of it stays in memory.
 *
 * @param segmentSizeBytesMax a segment receives no further records once adding the next one would
 *                            take it past this size (a single larger record still gets a segment
 *                            of its own)
 * @param entryCacheBytesMax  the decoded tail of the log kept in memory for reads (payloads plus
 *                            {@value EntryCache#ENTRY_OVERHEAD_BYTES} bytes per entry); 0 reads
 *                            every entry back from its segment file (see {@link EntryCache})
 */
public record LogConfig(long segmentSizeBytesMax, long entryCacheBytesMax) {
    /** Smallest segment size accepted: a few small records. */
    public static final long SEGMENT_SIZE_BYTES_MIN = 64;
    /** Largest segment size accepted: recovery reads a segment into one array. */
    public static final long SEGMENT_SIZE_BYTES_MAX = 1L << 30;
    /** The default in-memory tail: thousands of typical entries. */
    public static final long ENTRY_CACHE_BYTES_DEFAULT = 1L << 20;

    public LogConfig {
        if (segmentSizeBytesMax < SEGMENT_SIZE_BYTES_MIN
                || segmentSizeBytesMax > SEGMENT_SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("log.segmentSizeBytesMax must be in ["
                    + SEGMENT_SIZE_BYTES_MIN + ", " + SEGMENT_SIZE_BYTES_MAX + "], was "
                    + segmentSizeBytesMax);
        }
        if (entryCacheBytesMax < 0) {
            throw new IllegalArgumentException("log.entryCacheBytesMax must be >= 0, was "
                    + entryCacheBytesMax);
        }
    }

    /** Segments of {@code segmentSizeBytesMax} with the default entry cache. */
    public LogConfig(long segmentSizeBytesMax) {
        this(segmentSizeBytesMax, ENTRY_CACHE_BYTES_DEFAULT);
    }

    /** 8 MiB segments, a 1 MiB entry cache. */
    public static LogConfig defaults() {
        return new LogConfig(8L << 20);
    }

    /** This layout with an entry cache of {@code bytesMax} (0: none). */
    public LogConfig withEntryCacheBytesMax(long bytesMax) {
        return new LogConfig(segmentSizeBytesMax, bytesMax);
    }
}
