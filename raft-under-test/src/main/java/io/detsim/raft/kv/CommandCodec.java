package io.detsim.raft.kv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a batch of client requests as one log entry's payload, and back. The format is
 * versioned and fixed (big-endian, modified UTF-8 strings), so a log written today reads the same
 * forever; a payload that does not decode is reported, never guessed at.
 */
public final class CommandCodec {
    private static final byte FORMAT_VERSION = 1;
    private static final int BATCH_SIZE_MAX = 1 << 16;

    private static final byte GET = 1;
    private static final byte PUT = 2;
    private static final byte DELETE = 3;
    private static final byte CAS = 4;
    private static final byte APPEND = 5;

    private CommandCodec() {}

    public static byte[] encode(List<ClientRequest> batch) {
        if (batch.size() > BATCH_SIZE_MAX) {
            throw new IllegalArgumentException("batch of " + batch.size() + " > " + BATCH_SIZE_MAX);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeInt(batch.size());
            for (ClientRequest request : batch) {
                out.writeLong(request.clientId());
                out.writeLong(request.sequence());
                writeCommand(out, request.command());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a payload; an empty payload is an empty batch (a leader's no-op entry). */
    public static List<ClientRequest> decode(byte[] payload) {
        if (payload.length == 0) {
            return List.of();
        }
        try {
            PayloadReader in = new PayloadReader(payload);
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown command format version " + version);
            }
            int count = in.readInt();
            if (count < 0 || count > BATCH_SIZE_MAX) {
                throw new IllegalArgumentException("bad batch size " + count);
            }
            List<ClientRequest> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                batch.add(new ClientRequest(in.readLong(), in.readLong(), readCommand(in)));
            }
            if (in.remaining() != 0) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes after batch");
            }
            return batch;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated command payload", e);
        }
    }

    private static void writeCommand(DataOutputStream out, KvCommand command) throws IOException {
        switch (command) {
            case KvCommand.Get g -> {
                out.writeByte(GET);
                out.writeUTF(g.key());
            }
            case KvCommand.Put p -> {
                out.writeByte(PUT);
                out.writeUTF(p.key());
                writeValue(out, p.value());
            }
            case KvCommand.Delete d -> {
                out.writeByte(DELETE);
                out.writeUTF(d.key());
            }
            case KvCommand.Cas c -> {
                out.writeByte(CAS);
                out.writeUTF(c.key());
                out.writeBoolean(c.expected() != null);
                if (c.expected() != null) {
                    writeValue(out, c.expected());
                }
                writeValue(out, c.update());
            }
            case KvCommand.Append a -> {
                out.writeByte(APPEND);
                out.writeUTF(a.key());
                writeValue(out, a.suffix());
            }
        }
    }

    private static KvCommand readCommand(PayloadReader in) throws IOException {
        byte kind = in.readByte();
        String key = in.readUTF();
        return switch (kind) {
            case GET -> new KvCommand.Get(key);
            case PUT -> new KvCommand.Put(key, in.readValue());
            case DELETE -> new KvCommand.Delete(key);
            case CAS -> {
                String expected = in.readBoolean() ? in.readValue() : null;
                yield new KvCommand.Cas(key, expected, in.readValue());
            }
            case APPEND -> new KvCommand.Append(key, in.readValue());
            default -> throw new IllegalArgumentException("unknown command kind " + kind);
        };
    }

    /** Values may exceed writeUTF's 64 KiB limit: length-prefixed UTF-8. */
    private static void writeValue(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /**
     * Reads the format straight from the array: what {@code DataInputStream} over a
     * {@code ByteArrayInputStream} reads, with the same results and errors, without its
     * per-byte stream calls (every node decodes every entry it applies).
     */
    private static final class PayloadReader {
        private final byte[] data;
        private int pos;

        PayloadReader(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - pos;
        }

        byte readByte() throws IOException {
            require(1);
            return data[pos++];
        }

        boolean readBoolean() throws IOException {
            return readByte() != 0;
        }

        /** Big-endian, as {@code DataInput}. */
        int readInt() throws IOException {
            require(Integer.BYTES);
            int value = 0;
            for (int i = 0; i < Integer.BYTES; i++) {
                value = (value << 8) | (data[pos++] & 0xFF);
            }
            return value;
        }

        long readLong() throws IOException {
            require(Long.BYTES);
            long value = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                value = (value << 8) | (data[pos++] & 0xFF);
            }
            return value;
        }

        /**
         * {@code DataInput.readUTF}: modified UTF-8 behind a 2-byte length. It reads every byte
         * below 0x80 as that character, so an all-ASCII string (every key in practice) is copied
         * as is; anything else goes through {@code DataInputStream} itself.
         */
        String readUTF() throws IOException {
            require(2);
            int length = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
            require(2 + length);
            int start = pos + 2;
            for (int i = start; i < start + length; i++) {
                if (data[i] < 0) { // 0x80 and above: a multi-byte sequence
                    DataInputStream in = new DataInputStream(
                            new ByteArrayInputStream(data, pos, 2 + length));
                    String decoded = in.readUTF();
                    pos += 2 + length;
                    return decoded;
                }
            }
            pos = start + length;
            return new String(data, start, length, StandardCharsets.ISO_8859_1);
        }

        /** A value written by {@link #writeValue}. */
        String readValue() throws IOException {
            int length = readInt();
            if (length < 0 || length > 4 * KvCommands.VALUE_LENGTH_MAX) {
                throw new IllegalArgumentException("bad value length " + length);
            }
            if (length > remaining()) {
                throw new IllegalArgumentException("truncated value");
            }
            String value = new String(data, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return value;
        }

        private void require(int bytes) throws EOFException {
            if (bytes > remaining()) {
                throw new EOFException();
            }
        }
    }
}
