package io.detsim.raft.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CommandCodecTest {

    @Test
    void randomBatches_roundTrip_andEncodeDeterministically() {
        for (long seed = 1; seed <= 300; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<ClientRequest> batch = new ArrayList<>();
            int size = random.nextInt(0, 8);
            for (int i = 0; i < size; i++) {
                batch.add(new ClientRequest(random.nextLong(0, 1000), random.nextLong(1, 1000),
                        KvStateMachineTest.randomCommand(random)));
            }
            byte[] encoded = CommandCodec.encode(batch);
            assertEquals(batch, CommandCodec.decode(encoded), "seed " + seed);
            assertArrayEquals(encoded, CommandCodec.encode(CommandCodec.decode(encoded)));
        }
    }

    @Test
    void unicodeAndLongValues_roundTrip() {
        String big = "é€😀".repeat(30_000);
        List<ClientRequest> batch = List.of(new ClientRequest(1, 1, new KvCommand.Put("ключ",
                big)));
        assertEquals(batch, CommandCodec.decode(CommandCodec.encode(batch)));
    }

    @Test
    void emptyPayload_isANoOpBatch() {
        assertEquals(List.of(), CommandCodec.decode(new byte[0]));
    }

    @Test
    void damagedPayloads_areReported() {
        byte[] good = CommandCodec.encode(List.of(new ClientRequest(1, 1,
                new KvCommand.Append("k", "v"))));
        byte[] truncated = Arrays.copyOf(good, good.length - 2);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CommandCodec.decode(truncated)).getMessage().contains("truncated"));
        byte[] badVersion = good.clone();
        badVersion[0] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CommandCodec.decode(badVersion)).getMessage().contains("version"));
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CommandCodec.decode(trailing)).getMessage().contains("trailing"));
    }

    @Test
    void keysWithNulAndNonAsciiCharacters_roundTrip() {
        // Modified UTF-8 writes NUL as two bytes and differs from UTF-8 above U+FFFF.
        for (String key : List.of("a\0b", "é", "😀k", "k\u0080")) {
            List<ClientRequest> batch = List.of(new ClientRequest(3, 4, new KvCommand.Cas(key,
                    key, key)));
            assertEquals(batch, CommandCodec.decode(CommandCodec.encode(batch)), key);
        }
    }

    @Test
    void damagedPayloads_decodeOrFail_exactlyAsDataInputStreamReadsThem() {
        // The decoder reads the array directly; this oracle reads it through DataInputStream,
        // as the codec once did. Both must agree on every result and every error message.
        for (long seed = 1; seed <= 2_000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<ClientRequest> batch = new ArrayList<>();
            for (int i = random.nextInt(1, 4); i > 0; i--) {
                batch.add(new ClientRequest(random.nextLong(0, 1000), random.nextLong(1, 1000),
                        KvStateMachineTest.randomCommand(random)));
            }
            byte[] payload = CommandCodec.encode(batch);
            if (random.nextBoolean()) {
                payload = Arrays.copyOf(payload, random.nextInt(1, payload.length + 2));
            }
            for (int flips = random.nextInt(0, 3); flips > 0; flips--) {
                payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
            }
            byte[] damaged = payload;
            assertEquals(outcome(() -> ReferenceDecoder.decode(damaged)),
                    outcome(() -> CommandCodec.decode(damaged)), "seed " + seed);
        }
    }

    /** The decoded batch, or the exception's type, message and cause type. */
    private static String outcome(java.util.function.Supplier<List<ClientRequest>> decode) {
        try {
            return "ok " + decode.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage() + " / "
                    + (e.getCause() == null ? null : e.getCause().getClass().getName());
        }
    }

    /** The codec's decoding as it was written over DataInputStream, as a test oracle. */
    private static final class ReferenceDecoder {
        static List<ClientRequest> decode(byte[] payload) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
                byte version = in.readByte();
                if (version != 1) {
                    throw new IllegalArgumentException("unknown command format version "
                            + version);
                }
                int count = in.readInt();
                if (count < 0 || count > 1 << 16) {
                    throw new IllegalArgumentException("bad batch size " + count);
                }
                List<ClientRequest> batch = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    batch.add(new ClientRequest(in.readLong(), in.readLong(), command(in)));
                }
                if (in.available() != 0) {
                    throw new IllegalArgumentException(in.available()
                            + " trailing bytes after batch");
                }
                return batch;
            } catch (IOException e) {
                throw new IllegalArgumentException("truncated command payload", e);
            }
        }

        private static KvCommand command(DataInputStream in) throws IOException {
            byte kind = in.readByte();
            String key = in.readUTF();
            return switch (kind) {
                case 1 -> new KvCommand.Get(key);
                case 2 -> new KvCommand.Put(key, value(in));
                case 3 -> new KvCommand.Delete(key);
                case 4 -> {
                    String expected = in.readBoolean() ? value(in) : null;
                    yield new KvCommand.Cas(key, expected, value(in));
                }
                case 5 -> new KvCommand.Append(key, value(in));
                default -> throw new IllegalArgumentException("unknown command kind " + kind);
            };
        }

        private static String value(DataInputStream in) throws IOException {
            int length = in.readInt();
            if (length < 0 || length > 4 * KvCommands.VALUE_LENGTH_MAX) {
                throw new IllegalArgumentException("bad value length " + length);
            }
            byte[] utf8 = in.readNBytes(length);
            if (utf8.length != length) {
                throw new IllegalArgumentException("truncated value");
            }
            return new String(utf8, StandardCharsets.UTF_8);
        }
    }

    @Test
    void invalidCommands_areRejectedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new KvCommand.Get(""));
        assertThrows(IllegalArgumentException.class, () -> new KvCommand.Put("k", null));
        assertThrows(IllegalArgumentException.class,
                () -> new ClientRequest(1, 0, new KvCommand.Get("k")));
    }
}
