package io.detsim.sim.seam;

/**
 * A file with page-cache semantics: writes and truncates are visible to reads at once but durable
 * only after a {@link #sync} completes. A crash before then may lose them, keep them, or tear them
 * at sector granularity. Disk faults surface as {@link DiskException}s.
 */
public interface DiskFile {
    String name();

    /** Current size as reads see it (page cache included). */
    long sizeBytes();

    /**
     * Writes {@code length} bytes of {@code source} from {@code sourceOffset} at
     * {@code offsetBytes}; writing past the end extends the file (a gap reads as zeros).
     *
     * @throws DiskException.Full when the disk has no room
     */
    void write(long offsetBytes, byte[] source, int sourceOffset, int length);

    /**
     * Reads up to {@code length} bytes at {@code offsetBytes} into {@code target}; returns how many
     * were read, fewer at the end of the file.
     *
     * @throws DiskException.ReadError when a sector in the range cannot be read
     */
    int read(long offsetBytes, byte[] target, int targetOffset, int length);

    /** Cuts the file to {@code sizeBytes} (not durable until synced). */
    void truncate(long sizeBytes);

    /**
     * Makes every write and truncate issued so far durable, asynchronously: {@code onDurable} runs
     * on the node once they are. It never runs if the node crashes first.
     */
    void sync(Runnable onDurable);
}
