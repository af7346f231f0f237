package io.detsim.sim.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.detsim.sim.random.RandomStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The paged store against the plainest model: one array, zero-filled as it grows. */
class ByteStoreTest {

    @Test
    void randomWritesTruncatesAndCopies_matchAPlainArray() {
        for (long seed = 1; seed <= 40; seed++) {
            RandomStream random = RandomStream.root(seed).fork("byte-store");
            ByteStore store = new ByteStore();
            byte[] model = new byte[0];
            for (int step = 0; step < 300; step++) {
                int roll = random.nextInt(10);
                if (roll < 6) {
                    // Writes around and across 16 KiB page boundaries, some past the end (gaps).
                    long offset = random.nextLong(0, Math.max(model.length + 40_000L, 1));
                    byte[] data = new byte[random.nextInt(random.chance(0.2) ? 50_000 : 300)];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (byte) (1 + random.nextInt(255));
                    }
                    int from = data.length == 0 ? 0 : random.nextInt(data.length);
                    int length = data.length - from;
                    store.write(offset, data, from, length);
                    if (offset + length > model.length) {
                        model = Arrays.copyOf(model, (int) Math.max(model.length,
                                offset + length));
                    }
                    System.arraycopy(data, from, model, (int) offset, length);
                } else if (roll < 8) {
                    long size = random.nextLong(0, model.length + 40_000L);
                    store.truncate(size);
                    model = Arrays.copyOf(model, (int) size);
                } else if (roll < 9) {
                    store = store.copy();
                } else {
                    long offset = random.nextLong(0, model.length + 10L);
                    byte[] back = new byte[random.nextInt(70_000)];
                    int count = store.read(offset, back, 0, back.length);
                    int expected = (int) Math.max(0, Math.min(back.length, model.length - offset));
                    assertEquals(expected, count, "seed " + seed + " step " + step);
                    for (int i = 0; i < count; i++) {
                        assertEquals(model[(int) offset + i], back[i], "seed " + seed);
                    }
                    if (count > 0) {
                        assertEquals(model[(int) offset], store.get(offset));
                    }
                }
                assertEquals(model.length, store.size(), "seed " + seed + " step " + step);
            }
            assertArrayEquals(model, store.toArray(), "seed " + seed);
        }
    }
}
