package io.detsim.raft.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void invalidCommands_areRejectedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new KvCommand.Get(""));
        assertThrows(IllegalArgumentException.class, () -> new KvCommand.Put("k", null));
        assertThrows(IllegalArgumentException.class,
                () -> new ClientRequest(1, 0, new KvCommand.Get("k")));
    }
}
