package io.detsim.sim.disk;

import java.util.Arrays;

/** A growable byte array with a logical size: one image of a file (page cache or durable). */
final class ByteStore {
    static final long SIZE_BYTES_MAX = Integer.MAX_VALUE - 64;

    private byte[] data;
    private int size;

    ByteStore() {
        this.data = new byte[256];
    }

    private ByteStore(byte[] data, int size) {
        this.data = data;
        this.size = size;
    }

    int size() { return size; }

    ByteStore copy() {
        return new ByteStore(Arrays.copyOf(data, Math.max(size, 16)), size);
    }

    void write(long offset, byte[] source, int sourceOffset, int length) {
        long end = offset + length;
        if (offset < 0 || end > SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("write out of range: offset " + offset + ", length "
                    + length);
        }
        ensureCapacity((int) end);
        if (offset > size) {
            Arrays.fill(data, size, (int) offset, (byte) 0);
        }
        System.arraycopy(source, sourceOffset, data, (int) offset, length);
        size = Math.max(size, (int) end);
    }

    int read(long offset, byte[] target, int targetOffset, int length) {
        if (offset >= size) {
            return 0;
        }
        int count = (int) Math.min(length, size - offset);
        System.arraycopy(data, (int) offset, target, targetOffset, count);
        return count;
    }

    byte get(long offset) {
        return offset < size ? data[(int) offset] : 0;
    }

    void flipBit(long offset, int bit) {
        data[(int) offset] ^= (byte) (1 << bit);
    }

    void truncate(long newSize) {
        if (newSize < 0 || newSize > SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("truncate size out of range: " + newSize);
        }
        if (newSize > size) {
            ensureCapacity((int) newSize);
            Arrays.fill(data, size, (int) newSize, (byte) 0);
        }
        size = (int) newSize;
    }

    byte[] toArray() {
        return Arrays.copyOf(data, size);
    }

    private void ensureCapacity(int needed) {
        if (needed > data.length) {
            long grown = Math.max(needed, (long) data.length * 2);
            data = Arrays.copyOf(data, (int) Math.min(grown, SIZE_BYTES_MAX));
        }
    }
}
