package io.detsim.raft.storage;

import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.DiskFile;
import io.detsim.sim.seam.NodeDisk;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;

/**
 * A small value saved atomically in two fixed slots written alternately: the write with sequence
 * number {@code s} goes to slot {@code s % 2}, so the previous value stays intact while the new one
 * is written. Each slot holds {@code seq (long), payload, crc32c (int, over seq and payload)}; a
 * load takes the valid slot with the highest sequence number. The owner must not issue a write
 * before the previous one's sync completed, or a crash could tear both slots.
 */
final class SlotFile {
    /**
     * Slots sit a large sector apart (4 KiB, the biggest sector in use), so that one torn or
     * unreadable sector never takes both.
     */
    static final int SLOT_SPACING_BYTES = 4096;

    /**
     * What a load found. {@code corruption}: no slot is valid though something was written.
     * {@code damage}: a slot is damaged next to a valid one, so the value loaded may be older
     * than the newest one made durable (a torn write cannot do that: a slot sits in one sector).
     */
    record Loaded(long seq, byte[] payload, String corruption, String damage) {
        boolean empty() { return payload == null; }
    }

    private final DiskFile file;
    private final int payloadBytes;
    private final Bytes<?> scratch = Buffers.elastic(64);
    private long seq;
    private Loaded loaded;

    private SlotFile(DiskFile file, int payloadBytes, long seq) {
        this.file = file;
        this.payloadBytes = payloadBytes;
        this.seq = seq;
    }

    /** Opens (creating if absent) and loads {@code name}; see {@link #loaded()}. */
    static SlotFile open(NodeDisk disk, String name, int payloadBytes) {
        Check.argument(payloadBytes > 0 && payloadBytes <= SLOT_SPACING_BYTES - 12,
                "slot payload must be 1..%d bytes, was %d", SLOT_SPACING_BYTES - 12, payloadBytes);
        DiskFile file = disk.open(name);
        Loaded loaded = load(file, payloadBytes);
        SlotFile slots = new SlotFile(file, payloadBytes, loaded.seq());
        slots.loaded = loaded;
        return slots;
    }

    /** The value found when opened: empty when nothing valid was ever written. */
    Loaded loaded() { return loaded; }

    String name() { return file.name(); }

    /** Issues the write of {@code payload} to the next slot; not durable until {@link #sync}. */
    void write(byte[] payload) {
        Check.argument(payload.length == payloadBytes, "slot payload must be %d bytes, was %d",
                payloadBytes, payload.length);
        long next = seq + 1;
        scratch.clear();
        scratch.writeLong(next);
        scratch.write(payload);
        byte[] slot = new byte[slotBytes(payloadBytes)];
        scratch.read(0, slot, 0, 8 + payloadBytes);
        CRC32C crc = new CRC32C();
        crc.update(slot, 0, 8 + payloadBytes);
        scratch.clear();
        scratch.writeInt((int) crc.getValue());
        scratch.read(0, slot, 8 + payloadBytes, 4);
        file.write(slotOffset(next), slot, 0, slot.length);
        seq = next;
    }

    void sync(Runnable onDurable) {
        file.sync(onDurable);
    }

    private static int slotBytes(int payloadBytes) { return 8 + payloadBytes + 4; }

    private static long slotOffset(long seq) { return (seq % 2) * SLOT_SPACING_BYTES; }

    private static Loaded load(DiskFile file, int payloadBytes) {
        long bestSeq = 0;
        byte[] best = null;
        int damaged = 0;
        StringBuilder problems = new StringBuilder();
        for (int slot = 0; slot < 2; slot++) {
            byte[] data = new byte[slotBytes(payloadBytes)];
            try {
                readFully(file, slot * (long) SLOT_SPACING_BYTES, data);
            } catch (DiskException.ReadError e) {
                damaged++;
                problems.append(" slot ").append(slot).append(": ").append(e.getMessage());
                continue;
            }
            if (allZero(data)) {
                continue;
            }
            Bytes<byte[]> bytes = Buffers.reading(data);
            long slotSeq = bytes.readLong(0);
            CRC32C crc = new CRC32C();
            crc.update(data, 0, 8 + payloadBytes);
            boolean valid = (int) crc.getValue() == bytes.readInt(8 + payloadBytes)
                    && slotSeq >= 1 && slotSeq % 2 == slot;
            if (!valid) {
                damaged++;
                problems.append(" slot ").append(slot).append(": checksum mismatch");
            } else if (slotSeq > bestSeq) {
                bestSeq = slotSeq;
                best = new byte[payloadBytes];
                System.arraycopy(data, 8, best, 0, payloadBytes);
            }
        }
        // One damaged slot next to an empty one is the very first write, torn: nothing was ever
        // durable. Two damaged slots cannot come from a crash, since writes wait for syncs.
        String corruption = best == null && damaged == 2
                ? file.name() + ": no valid slot;" + problems : null;
        String damage = damaged > 0 && best != null ? file.name() + ":" + problems : null;
        return new Loaded(bestSeq, best, corruption, damage);
    }

    private static void readFully(DiskFile file, long offset, byte[] target) {
        int got = 0;
        while (got < target.length) {
            int count = file.read(offset + got, target, got, target.length - got);
            if (count <= 0) {
                return; // past the end: the rest stays zero, as never written
            }
            got += count;
        }
    }

    private static boolean allZero(byte[] data) {
        for (byte b : data) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
