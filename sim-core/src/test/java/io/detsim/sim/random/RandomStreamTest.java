package io.detsim.sim.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RandomStreamTest {

    @Test
    void rootStream_matchesSplitMix64ReferenceOutputs() {
        // First outputs of the reference SplitMix64 (Steele, Lea, Flood 2014) for seed 0.
        RandomStream r = RandomStream.root(0);
        assertEquals(0xE220A8397B1DCDAFL, r.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, r.nextLong());
        assertEquals(0x06C45D188009454FL, r.nextLong());
    }

    @Test
    void sameSeed_sameNumbers_differentSeed_differentNumbers() {
        RandomStream a = RandomStream.root(42);
        RandomStream b = RandomStream.root(42);
        RandomStream c = RandomStream.root(43);
        boolean anyDifferent = false;
        for (int i = 0; i < 100; i++) {
            long x = a.nextLong();
            assertEquals(x, b.nextLong());
            anyDifferent |= x != c.nextLong();
        }
        assertTrue(anyDifferent);
    }

    @Test
    void fork_dependsOnNameAndSeedOnly_notOnDrawsFromParent() {
        RandomStream parent = RandomStream.root(7);
        long before = parent.fork("network").nextLong();
        for (int i = 0; i < 1000; i++) {
            parent.nextLong();
        }
        assertEquals(before, parent.fork("network").nextLong());
        assertNotEquals(parent.fork("network").nextLong(), parent.fork("disk").nextLong());
        assertNotEquals(RandomStream.root(7).fork("network").nextLong(),
                RandomStream.root(8).fork("network").nextLong());
    }

    @Test
    void addingAConsumerStream_changesNoOtherStreamsNumbers() {
        // World 1: two consumers interleave their draws. World 2: a third consumer joins and draws
        // between them. Each original consumer must see exactly the same numbers in both worlds.
        RandomStream root1 = RandomStream.root(99);
        RandomStream a1 = root1.fork("a");
        RandomStream b1 = root1.fork("b");
        RandomStream root2 = RandomStream.root(99);
        RandomStream a2 = root2.fork("a");
        RandomStream extra = root2.fork("newcomer");
        RandomStream b2 = root2.fork("b");
        for (int i = 0; i < 200; i++) {
            long fromA = a1.nextLong();
            long fromB = b1.nextLong();
            extra.nextLong();
            assertEquals(fromA, a2.nextLong());
            extra.nextInt(10);
            assertEquals(fromB, b2.nextLong());
        }
    }

    @Test
    void forkNames_areDistinctStreams() {
        RandomStream root = RandomStream.root(1);
        Set<Long> firsts = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            firsts.add(root.fork("node/" + i).nextLong());
        }
        assertEquals(1000, firsts.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 10, 1000, Integer.MAX_VALUE})
    void nextInt_staysInBound(int bound) {
        RandomStream r = RandomStream.root(bound);
        for (int i = 0; i < 10_000; i++) {
            int x = r.nextInt(bound);
            assertTrue(x >= 0 && x < bound, "out of bound: " + x);
        }
    }

    @Test
    void nextInt_isRoughlyUniform() {
        RandomStream r = RandomStream.root(5);
        int buckets = 10;
        int draws = 100_000;
        int[] counts = new int[buckets];
        for (int i = 0; i < draws; i++) {
            counts[r.nextInt(buckets)]++;
        }
        double chiSquare = 0;
        double expected = draws / (double) buckets;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // 9 degrees of freedom: p = 0.001 at 27.9.
        assertTrue(chiSquare < 27.9, "chi-square " + chiSquare);
    }

    @Test
    void nextLongRange_isInclusive_andCoversExtremes() {
        RandomStream r = RandomStream.root(3);
        boolean sawMin = false;
        boolean sawMax = false;
        for (int i = 0; i < 10_000; i++) {
            long x = r.nextLong(-2, 2);
            assertTrue(x >= -2 && x <= 2);
            sawMin |= x == -2;
            sawMax |= x == 2;
        }
        assertTrue(sawMin && sawMax);
        assertEquals(5, r.nextLong(5, 5));
        long wide = r.nextLong(Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(wide >= Long.MIN_VALUE);
        assertThrows(IllegalArgumentException.class, () -> r.nextLong(3, 2));
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Test
    void chance_atZeroOrOne_drawsNothing() {
        RandomStream a = RandomStream.root(11);
        RandomStream b = RandomStream.root(11);
        assertTrue(!a.chance(0.0) && a.chance(1.0));
        // A fault kind that is off must not shift the numbers of the kinds that are on.
        assertEquals(b.nextLong(), a.nextLong());
    }

    @Test
    void chance_matchesItsProbability() {
        RandomStream r = RandomStream.root(12);
        int hits = 0;
        for (int i = 0; i < 100_000; i++) {
            hits += r.chance(0.3) ? 1 : 0;
        }
        assertEquals(0.3, hits / 100_000.0, 0.01);
    }

    @Test
    void exponential_respectsCapAndMean() {
        RandomStream r = RandomStream.root(13);
        long sum = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            long x = r.nextExponential(1000, 1_000_000);
            assertTrue(x >= 0 && x <= 1_000_000);
            sum += x;
        }
        assertEquals(1000, sum / (double) n, 30);
        for (int i = 0; i < 1000; i++) {
            assertTrue(r.nextExponential(1000, 1500) <= 1500);
        }
    }

    @Test
    void shuffle_isAPermutation() {
        RandomStream r = RandomStream.root(14);
        int[] values = {0, 1, 2, 3, 4, 5, 6, 7};
        r.shuffle(values);
        assertEquals(28, java.util.Arrays.stream(values).sum());
        assertEquals(8, java.util.Arrays.stream(values).distinct().count());
    }

    @Test
    void fnv1a64_ofStrings_isFnvOfTheirUtf8_andChainsLikeConcatenation() {
        // Published FNV-1a 64 test vectors.
        assertEquals(0xCBF29CE484222325L, RandomStream.fnv1a64(""));
        assertEquals(0xAF63DC4C8601EC8CL, RandomStream.fnv1a64("a"));
        assertEquals(0x85944171F73967E8L, RandomStream.fnv1a64("foobar"));
        String[] pieces = {"", "k1", "é", "v1.2 v3.4 ", "😀", "\ud800", "x\udc00y", "\u0080"};
        for (String first : pieces) {
            for (String second : pieces) {
                String joined = first + second;
                long expected = RandomStream.fnv1a64(
                        joined.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(expected, RandomStream.fnv1a64(joined), joined);
                assertEquals(expected, RandomStream.fnv1a64(RandomStream.fnv1a64(first), second),
                        first + " then " + second);
            }
        }
    }
}
