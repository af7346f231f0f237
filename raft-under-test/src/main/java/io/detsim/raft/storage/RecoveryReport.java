package io.detsim.raft.storage;

/**
 * What {@link SegmentedLog#open} found on disk.
 *
 * @param entryCount    entries recovered (above the purge marker)
 * @param tornTailBytes bytes cut from the end of the log: a record the crash left half written,
 *                      or unreadable leftovers of an unsynced write
 * @param corruption    null, or what was corrupt and where: synced data that fails its checksum,
 *                      an index gap, an unreadable sector. The log stops at the last good entry
 *                      before it; nothing at or after it is ever returned
 */
public record RecoveryReport(long entryCount, long tornTailBytes, String corruption) {

    public RecoveryReport {
        Check.argument(entryCount >= 0, "entryCount must be >= 0, was %d", entryCount);
        Check.argument(tornTailBytes >= 0, "tornTailBytes must be >= 0, was %d", tornTailBytes);
    }

    /** True when nothing was truncated and nothing was corrupt. */
    public boolean clean() {
        return tornTailBytes == 0 && corruption == null;
    }
}
