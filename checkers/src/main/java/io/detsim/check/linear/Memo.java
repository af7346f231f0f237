package io.detsim.check.linear;

/**
 * The configurations (linearized set, model state) the search has already explored. Lookups use
 * an incremental Zobrist hash of the set; a hit is confirmed by comparing the stored set word by
 * word, so a hash collision can never prune a branch wrongly.
 */
final class Memo {
    private final int words;
    private final long bytesMax;
    private long[] hashes = new long[1 << 12];
    private int[] stateIds = new int[1 << 12];
    private int[] offsets = new int[1 << 12];
    private long[] pool;
    private int poolUsed;
    private int size;

    Memo(int opCount, long bytesMax) {
        this.words = Math.max(1, (opCount + 63) >>> 6);
        this.bytesMax = bytesMax;
        this.pool = new long[words * 1024];
        java.util.Arrays.fill(offsets, -1);
    }

    int size() {
        return size;
    }

    long bytesUsed() {
        return (long) pool.length * 8 + (long) hashes.length * 16;
    }

    boolean overBudget() {
        return bytesUsed() > bytesMax;
    }

    /** Adds the configuration; false when it was already there. */
    boolean add(long setHash, int stateId, long[] bits) {
        long hash = setHash ^ StateTable.mix(stateId + 0x9E3779B97F4A7C15L);
        int mask = hashes.length - 1;
        int slot = (int) (StateTable.mix(hash) & mask);
        while (offsets[slot] >= 0) {
            if (hashes[slot] == hash && stateIds[slot] == stateId && sameBits(offsets[slot],
                    bits)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        stateIds[slot] = stateId;
        offsets[slot] = store(bits);
        if (++size * 2 > hashes.length) {
            grow();
        }
        return true;
    }

    private boolean sameBits(int offset, long[] bits) {
        for (int w = 0; w < words; w++) {
            if (pool[offset + w] != bits[w]) {
                return false;
            }
        }
        return true;
    }

    private int store(long[] bits) {
        if (poolUsed + words > pool.length) {
            long grown = Math.min((long) pool.length * 2, Integer.MAX_VALUE - 64);
            if (grown < poolUsed + words) {
                throw new IllegalStateException("memo pool exhausted");
            }
            pool = java.util.Arrays.copyOf(pool, (int) grown);
        }
        int offset = poolUsed;
        System.arraycopy(bits, 0, pool, offset, words);
        poolUsed += words;
        return offset;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldStates = stateIds;
        int[] oldOffsets = offsets;
        hashes = new long[oldHashes.length * 2];
        stateIds = new int[oldHashes.length * 2];
        offsets = new int[oldHashes.length * 2];
        java.util.Arrays.fill(offsets, -1);
        int mask = hashes.length - 1;
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldOffsets[i] >= 0) {
                int slot = (int) (StateTable.mix(oldHashes[i]) & mask);
                while (offsets[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                stateIds[slot] = oldStates[i];
                offsets[slot] = oldOffsets[i];
            }
        }
    }
}
