package io.detsim.raft.storage;

import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The log record format, encoded and decoded with Chronicle Bytes on heap (native byte order,
 * little-endian on every platform we run on):
 *
 * <pre>
 *   int  length   bytes that follow: 20 + payload
 *   long term
 *   long index
 *   int  crc32c   over term, index and payload as stored
 *   byte payload[length - 20]
 * </pre>
 *
 * <p>The length comes first so that a reader can frame a record before trusting it; the checksum
 * covers everything after the length, and a length that lies makes the checksum (or the framing)
 * fail.
 */
final class RecordCodec {
    /** Bytes before the payload. */
    static final int HEADER_BYTES = 24;
    /** Smallest valid length field: term, index and checksum, empty payload. */
    static final int LENGTH_MIN = HEADER_BYTES - Integer.BYTES;
    /** Offset of the checksummed term+index within a record. */
    private static final int TERM_OFFSET = 4;
    private static final int INDEX_OFFSET = 12;
    private static final int CRC_OFFSET = 20;

    /** Scratch for the term and index as stored, to checksum them; one per codec user. */
    private final byte[] keyScratch = new byte[16];
    private final Bytes<byte[]> keyBytes = Buffers.writing(keyScratch);

    static long recordSizeBytes(int payloadSizeBytes) {
        return (long) HEADER_BYTES + payloadSizeBytes;
    }

    /** Appends {@code entry}'s record at {@code out}'s write position. */
    void encode(Bytes<?> out, LogEntry entry) {
        byte[] payload = entry.payloadShared();
        Check.argument(payload.length <= Integer.MAX_VALUE - HEADER_BYTES,
                "payload of index %d too large: %d bytes", entry.index(), payload.length);
        keyBytes.clear();
        keyBytes.writeLong(entry.term());
        keyBytes.writeLong(entry.index());
        CRC32C crc = new CRC32C();
        crc.update(keyScratch, 0, keyScratch.length);
        crc.update(payload, 0, payload.length);
        out.writeInt(LENGTH_MIN + payload.length);
        out.writeLong(entry.term());
        out.writeLong(entry.index());
        out.writeInt((int) crc.getValue());
        out.write(payload);
    }

    /** What a stretch of bytes holds at one offset. */
    enum Verdict { VALID, SHORT, BAD_LENGTH, BAD_CHECKSUM }

    /** A reader over one array of stored records (a whole segment, or a range read back). */
    static final class Reader {
        private final byte[] data;
        private final int limit;
        private final Bytes<byte[]> bytes;

        Reader(byte[] data, int limit) {
            this(data, limit, Buffers.reading(data));
        }

        private Reader(byte[] data, int limit, Bytes<byte[]> bytes) {
            Check.argument(limit >= 0 && limit <= data.length, "bad limit %d of %d", limit,
                    data.length);
            this.data = data;
            this.limit = limit;
            this.bytes = bytes;
        }

        /**
         * A reader of the first {@code newLimit} bytes of the same array, sharing its Chronicle
         * view (wrapping an array costs several objects; a reused scratch array needs it once).
         */
        Reader limitedTo(int newLimit) {
            return new Reader(data, newLimit, bytes);
        }

        int limit() { return limit; }

        byte[] data() { return data; }

        /** Frames and checksums the record at {@code offset}; says nothing of its index. */
        Verdict check(int offset) {
            if (limit - offset < HEADER_BYTES) {
                return Verdict.SHORT;
            }
            int length = bytes.readInt(offset);
            if (length < LENGTH_MIN) {
                return Verdict.BAD_LENGTH;
            }
            if (length > limit - offset - Integer.BYTES) {
                return Verdict.SHORT;
            }
            CRC32C crc = new CRC32C();
            crc.update(data, offset + TERM_OFFSET, 16);
            crc.update(data, offset + HEADER_BYTES, length - LENGTH_MIN);
            return (int) crc.getValue() == bytes.readInt(offset + CRC_OFFSET)
                    ? Verdict.VALID : Verdict.BAD_CHECKSUM;
        }

        /** Total size of the record at {@code offset}; only after {@link #check} said VALID. */
        int sizeBytes(int offset) { return bytes.readInt(offset) + Integer.BYTES; }

        long term(int offset) { return bytes.readLong(offset + TERM_OFFSET); }

        long index(int offset) { return bytes.readLong(offset + INDEX_OFFSET); }

        LogEntry entry(int offset) {
            int payloadBytes = sizeBytes(offset) - HEADER_BYTES;
            byte[] payload = new byte[payloadBytes];
            System.arraycopy(data, offset + HEADER_BYTES, payload, 0, payloadBytes);
            return new LogEntry(term(offset), index(offset), payload);
        }

        /** True when {@code [from, to)} is all zero bytes. */
        boolean zeros(int from, int to) {
            for (int i = from; i < to; i++) {
                if (data[i] != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
