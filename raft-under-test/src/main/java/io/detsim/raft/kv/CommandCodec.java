package io.detsim.raft.kv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
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
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " trailing bytes after batch");
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

    private static KvCommand readCommand(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        String key = in.readUTF();
        return switch (kind) {
            case GET -> new KvCommand.Get(key);
            case PUT -> new KvCommand.Put(key, readValue(in));
            case DELETE -> new KvCommand.Delete(key);
            case CAS -> {
                String expected = in.readBoolean() ? readValue(in) : null;
                yield new KvCommand.Cas(key, expected, readValue(in));
            }
            case APPEND -> new KvCommand.Append(key, readValue(in));
            default -> throw new IllegalArgumentException("unknown command kind " + kind);
        };
    }

    /** Values may exceed writeUTF's 64 KiB limit: length-prefixed UTF-8. */
    private static void writeValue(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readValue(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 4 * KvCommands.VALUE_LENGTH_MAX) {
            throw new IllegalArgumentException("bad value length " + length);
        }
        byte[] utf8 = in.readNBytes(length);
        if (utf8.length != length) {
            throw new IllegalArgumentException("truncated value");
        }
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }
}
