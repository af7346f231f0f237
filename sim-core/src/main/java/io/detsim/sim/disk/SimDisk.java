package io.detsim.sim.disk;

import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.DiskFile;
import io.detsim.sim.seam.NodeDisk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * One node's simulated disk. Every file has two images: the page cache (what reads see) and the
 * durable image (what survives a crash). Writes go to the cache and to a pending list; a sync makes
 * the pending writes issued before it durable once its simulated latency has passed. A crash
 * decides, per pending write, whether it was lost, kept, or torn at sector granularity, then
 * rebuilds the cache from the durable image.
 *
 * <p>Corruption faults (bit flips, latent sector errors, misdirected writes) fire only when this
 * disk is {@linkplain #corruptible() corruptible}; the simulation makes that true for a minority of
 * nodes.
 */
public final class SimDisk implements NodeDisk {

    /** What the disk needs from the world: time, a way to complete syncs later, a fault log. */
    public interface Host {
        long nowNanos();

        /**
         * After {@code delayNanos}, run {@code makeDurable} (disk side, always) and then hand
         * {@code onDurable} to the node (only if the node has not crashed since).
         */
        void completeSync(long delayNanos, Runnable makeDurable, Runnable onDurable);

        void faultFired(DiskFault fault);
    }

    private final DiskProfile profile;
    private final RandomStream random;
    private final boolean corruptible;
    private final Host host;
    private final TreeMap<String, SimFile> files = new TreeMap<>();
    private final List<DiskFault> faults = new ArrayList<>();
    private long opSequence;
    private long lastSyncDoneNanos;
    private long crashGeneration;
    private boolean full;
    /** Kept as files change size, so that checking room on every write costs nothing. */
    private long usedBytes;

    public SimDisk(DiskProfile profile, RandomStream random, boolean corruptible, Host host) {
        this.profile = profile;
        this.random = random;
        this.corruptible = corruptible;
        this.host = host;
    }

    public DiskProfile profile() { return profile; }

    /** Whether corruption faults may fire on this disk. */
    public boolean corruptible() { return corruptible; }

    /** Every fault that fired on this disk, in order. */
    public List<DiskFault> faults() { return Collections.unmodifiableList(faults); }

    /** Makes writes that grow the disk fail with {@link DiskException.Full} until switched off. */
    public void setFull(boolean value) { full = value; }

    public boolean isFull() { return full; }

    @Override
    public DiskFile open(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("file name must not be empty");
        }
        return files.computeIfAbsent(name, n -> new SimFile(this, n));
    }

    @Override
    public boolean exists(String name) {
        return files.containsKey(name);
    }

    @Override
    public List<String> list() {
        return List.copyOf(files.keySet());
    }

    @Override
    public void delete(String name) {
        SimFile removed = files.remove(name);
        if (removed != null) {
            resized(-removed.sizeBytes());
        }
    }

    /** Bytes in use as the page cache sees them. */
    public long usedBytes() {
        return usedBytes;
    }

    /**
     * The durable contents of {@code name} (what a crash now would keep before tearing); for tests.
     */
    public byte[] durableContents(String name) {
        SimFile file = files.get(name);
        return file == null ? new byte[0] : file.durableContents();
    }

    /** Pending (unsynced) writes and truncates across all files. */
    public int pendingOpCount() {
        int count = 0;
        for (SimFile file : files.values()) {
            count += file.pendingCount();
        }
        return count;
    }

    /**
     * Applies crash semantics: each pending operation is lost, kept, or (writes only) torn; the
     * page cache is rebuilt from what became durable. Sync completions still in flight are void.
     * Returns how many pending operations there were.
     */
    public int crash() {
        crashGeneration++;
        int affected = 0;
        for (SimFile file : files.values()) {
            affected += file.crash(random, profile);
        }
        // A full disk stays full across a crash: only the fault's end (or HealAll) frees it.
        return affected;
    }

    // ---- called by SimFile ----

    long nextOpSequence() { return ++opSequence; }

    long currentOpSequence() { return opSequence; }

    RandomStream random() { return random; }

    boolean fires(double probability) {
        return corruptible && random.chance(probability);
    }

    /** A file's page-cache size changed by {@code deltaBytes}. */
    void resized(long deltaBytes) {
        usedBytes += deltaBytes;
        if (usedBytes < 0) {
            throw new IllegalStateException("disk usage went negative: " + usedBytes);
        }
    }

    void checkRoom(long growthBytes) {
        if (growthBytes <= 0) {
            return;
        }
        if (full || usedBytes() + growthBytes > profile.capacityBytes()) {
            throw new DiskException.Full("disk full: " + usedBytes() + " of "
                    + profile.capacityBytes() + " bytes used, " + growthBytes + " more requested");
        }
    }

    void record(DiskFault.Kind kind, String file, long offsetBytes, long lengthBytes) {
        DiskFault fault = new DiskFault(kind, file, offsetBytes, lengthBytes, host.nowNanos());
        faults.add(fault);
        host.faultFired(fault);
    }

    void scheduleSync(SimFile file, long upToSequence, Runnable onDurable) {
        long latency = random.nextLong(profile.syncLatencyNanosMin(),
                profile.syncLatencyNanosMax());
        if (random.chance(profile.slowIo().value())) {
            latency += random.nextLong(0, profile.slowIoDelayNanosMax());
        }
        // Syncs complete in the order they were issued, as a device queue with barriers does.
        long doneNanos = Math.max(host.nowNanos() + latency, lastSyncDoneNanos);
        lastSyncDoneNanos = doneNanos;
        long generation = crashGeneration;
        host.completeSync(doneNanos - host.nowNanos(), () -> {
            if (generation == crashGeneration) {
                file.makeDurable(upToSequence);
            }
        }, onDurable);
    }

    int sectorSizeBytes() { return profile.sectorSizeBytes(); }
}
