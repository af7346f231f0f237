package io.detsim.sim.disk;

import io.detsim.sim.fault.DiskProfile;
import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.DiskFile;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * One file of a {@link SimDisk}: a page-cache image, a durable image, and the writes in between.
 */
final class SimFile implements DiskFile {

    /**
     * A write or truncate not yet durable. {@code data == null} marks a truncate to {@code offset}.
     */
    private record PendingOp(long sequence, long offset, byte[] data) {
        boolean isTruncate() { return data == null; }
    }

    private final SimDisk disk;
    private final String name;
    private ByteStore cache = new ByteStore();
    private final ByteStore durable = new ByteStore();
    private final ArrayDeque<PendingOp> pending = new ArrayDeque<>();
    /** Sectors whose reads fail until rewritten; physical, so they survive crashes. */
    private final TreeSet<Long> badSectors = new TreeSet<>();

    SimFile(SimDisk disk, String name) {
        this.disk = disk;
        this.name = name;
    }

    @Override
    public String name() { return name; }

    @Override
    public long sizeBytes() { return cache.size(); }

    @Override
    public void write(long offsetBytes, byte[] source, int sourceOffset, int length) {
        if (offsetBytes < 0 || length < 0 || sourceOffset < 0
                || sourceOffset + length > source.length) {
            throw new IndexOutOfBoundsException("bad write: offset " + offsetBytes
                    + ", source range " + sourceOffset + "+" + length + " of " + source.length);
        }
        if (length == 0) {
            // As pwrite(2) of zero bytes: nothing written, so nothing grows and no room is needed.
            return;
        }
        DiskProfile profile = disk.profile();
        boolean misdirected = disk.fires(profile.misdirectedWrite().value());
        long target = misdirected ? misdirectTarget(offsetBytes) : offsetBytes;
        if (target + length > ByteStore.SIZE_BYTES_MAX) {
            throw new DiskException.Full("file " + name + " cannot grow past "
                    + ByteStore.SIZE_BYTES_MAX + " bytes");
        }
        disk.checkRoom(target + length - cache.size());
        // From here on the write happens, so the faults it suffers may be recorded.
        byte[] data = Arrays.copyOfRange(source, sourceOffset, sourceOffset + length);
        if (misdirected) {
            disk.record(DiskFault.Kind.MISDIRECTED_WRITE, name, offsetBytes, length);
            disk.record(DiskFault.Kind.MISDIRECTED_LANDING, name, target, length);
        }
        if (disk.fires(profile.bitFlipOnWrite().value())) {
            long at = disk.random().nextLong(0, length - 1);
            data[(int) at] ^= (byte) (1 << disk.random().nextInt(8));
            disk.record(DiskFault.Kind.BIT_FLIP_ON_WRITE, name, target + at, 1);
        }
        clearBadSectors(target, length);
        if (disk.fires(profile.latentReadError().value())) {
            long sector = (target + disk.random().nextLong(0, length - 1)) / disk.sectorSizeBytes();
            badSectors.add(sector);
            disk.record(DiskFault.Kind.LATENT_SECTOR_ERROR, name, sector * disk.sectorSizeBytes(),
                    disk.sectorSizeBytes());
        }
        long sizeBefore = cache.size();
        cache.write(target, data, 0, length);
        disk.resized(cache.size() - sizeBefore);
        pending.addLast(new PendingOp(disk.nextOpSequence(), target, data));
    }

    @Override
    public int read(long offsetBytes, byte[] target, int targetOffset, int length) {
        if (offsetBytes < 0 || length < 0 || targetOffset < 0
                || targetOffset + length > target.length) {
            throw new IndexOutOfBoundsException("bad read: offset " + offsetBytes
                    + ", target range " + targetOffset + "+" + length + " of " + target.length);
        }
        int count = cache.read(offsetBytes, target, targetOffset, length);
        if (count > 0) {
            checkReadable(offsetBytes, count);
            if (disk.fires(disk.profile().bitFlipOnRead().value())) {
                long at = disk.random().nextLong(0, count - 1);
                target[targetOffset + (int) at] ^= (byte) (1 << disk.random().nextInt(8));
                disk.record(DiskFault.Kind.BIT_FLIP_ON_READ, name, offsetBytes + at, 1);
            }
        }
        return count;
    }

    @Override
    public void truncate(long sizeBytes) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("truncate size must be >= 0, was " + sizeBytes);
        }
        disk.checkRoom(sizeBytes - cache.size());
        long sizeBefore = cache.size();
        cache.truncate(sizeBytes);
        disk.resized(cache.size() - sizeBefore);
        pending.addLast(new PendingOp(disk.nextOpSequence(), sizeBytes, null));
    }

    @Override
    public void sync(Runnable onDurable) {
        disk.scheduleSync(this, disk.currentOpSequence(), onDurable);
    }

    // ---- called by SimDisk ----

    void makeDurable(long upToSequence) {
        while (!pending.isEmpty() && pending.peekFirst().sequence() <= upToSequence) {
            apply(durable, pending.removeFirst());
        }
    }

    int pendingCount() { return pending.size(); }

    byte[] durableContents() { return durable.toArray(); }

    int crash(RandomStream random, DiskProfile profile) {
        int affected = pending.size();
        for (Iterator<PendingOp> it = pending.iterator(); it.hasNext();) {
            PendingOp op = it.next();
            double roll = random.nextDouble();
            if (roll < profile.unsyncedWriteLost().value()) {
                disk.record(DiskFault.Kind.LOST_WRITE, name, op.offset(),
                        op.isTruncate() ? 0 : op.data().length);
            } else if (!op.isTruncate()
                    && roll < profile.unsyncedWriteLost().value()
                            + profile.unsyncedWriteTorn().value()) {
                tear(random, op);
            } else {
                apply(durable, op);
            }
        }
        pending.clear();
        long sizeBefore = cache.size();
        cache = durable.copy();
        disk.resized(cache.size() - sizeBefore);
        return affected;
    }

    private void tear(RandomStream random, PendingOp op) {
        int sector = disk.sectorSizeBytes();
        long start = op.offset();
        long end = op.offset() + op.data().length;
        for (long piece = start; piece < end; piece = (piece / sector + 1) * sector) {
            long pieceEnd = Math.min(end, (piece / sector + 1) * sector);
            if (random.chance(0.5)) {
                durable.write(piece, op.data(), (int) (piece - start), (int) (pieceEnd - piece));
            }
        }
        disk.record(DiskFault.Kind.TORN_WRITE, name, start, end - start);
    }

    private static void apply(ByteStore image, PendingOp op) {
        if (op.isTruncate()) {
            image.truncate(op.offset());
        } else {
            image.write(op.offset(), op.data(), 0, op.data().length);
        }
    }

    /** A sector-aligned shift of up to 8 sectors, as a firmware bug or a bad seek would cause. */
    private long misdirectTarget(long offsetBytes) {
        long sector = disk.sectorSizeBytes();
        long shiftSectors = disk.random().nextLong(1, 8) * (disk.random().chance(0.5) ? 1 : -1);
        long target = Math.max(0, offsetBytes + shiftSectors * sector);
        return target == offsetBytes ? offsetBytes + sector : target;
    }

    private void clearBadSectors(long offsetBytes, int length) {
        if (badSectors.isEmpty() || length == 0) {
            return;
        }
        long first = offsetBytes / disk.sectorSizeBytes();
        long last = (offsetBytes + length - 1) / disk.sectorSizeBytes();
        badSectors.subSet(first, true, last, true).clear();
    }

    private void checkReadable(long offsetBytes, int count) {
        if (badSectors.isEmpty()) {
            return;
        }
        long first = offsetBytes / disk.sectorSizeBytes();
        long last = (offsetBytes + count - 1) / disk.sectorSizeBytes();
        Long bad = badSectors.ceiling(first);
        if (bad != null && bad <= last) {
            throw new DiskException.ReadError("latent sector error in " + name + " at sector " + bad
                    + " (bytes " + bad * disk.sectorSizeBytes() + ".."
                    + ((bad + 1) * disk.sectorSizeBytes() - 1) + ")");
        }
    }
}
