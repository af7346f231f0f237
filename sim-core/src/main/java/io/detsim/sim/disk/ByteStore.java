package io.detsim.sim.disk;

import java.util.Arrays;

/**
 * A growable byte image with a logical size: one image of a file (page cache or durable).
 *
 * <p>Bytes live in fixed-size pages, so that a growing file never copies what it already holds.
 * A log segment grows a record at a time to megabytes; in one array that doubled as needed, the
 * reallocations were about a quarter of everything a Raft simulation allocated, in arrays big
 * enough to go straight to the old generation. Exactly the pages that {@code [0, size)} touches
 * exist; bytes past the size in the last of them may be stale (left by a truncation) and are
 * zeroed before the size grows over them.
 */
final class ByteStore {
    static final long SIZE_BYTES_MAX = Integer.MAX_VALUE - 64;
    private static final int PAGE_BITS = 14;
    private static final int PAGE_BYTES = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_BYTES - 1;

    private byte[][] pages;
    private int size;

    ByteStore() {
        this.pages = new byte[4][];
    }

    private ByteStore(byte[][] pages, int size) {
        this.pages = pages;
        this.size = size;
    }

    int size() { return size; }

    ByteStore copy() {
        byte[][] copied = new byte[pages.length][];
        for (int i = 0; i < pageCount(size); i++) {
            copied[i] = pages[i].clone();
        }
        return new ByteStore(copied, size);
    }

    void write(long offset, byte[] source, int sourceOffset, int length) {
        long end = offset + length;
        if (offset < 0 || end > SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("write out of range: offset " + offset + ", length "
                    + length);
        }
        growTo((int) Math.max(end, size));
        int position = (int) offset;
        int from = sourceOffset;
        int remaining = length;
        while (remaining > 0) {
            int at = position & PAGE_MASK;
            int count = Math.min(remaining, PAGE_BYTES - at);
            System.arraycopy(source, from, pages[position >>> PAGE_BITS], at, count);
            position += count;
            from += count;
            remaining -= count;
        }
        size = Math.max(size, (int) end);
    }

    int read(long offset, byte[] target, int targetOffset, int length) {
        if (offset >= size) {
            return 0;
        }
        int count = (int) Math.min(length, size - offset);
        int position = (int) offset;
        int to = targetOffset;
        int remaining = count;
        while (remaining > 0) {
            int at = position & PAGE_MASK;
            int chunk = Math.min(remaining, PAGE_BYTES - at);
            System.arraycopy(pages[position >>> PAGE_BITS], at, target, to, chunk);
            position += chunk;
            to += chunk;
            remaining -= chunk;
        }
        return count;
    }

    byte get(long offset) {
        return offset < size ? pages[(int) (offset >>> PAGE_BITS)][(int) (offset & PAGE_MASK)]
                : 0;
    }

    void flipBit(long offset, int bit) {
        pages[(int) (offset >>> PAGE_BITS)][(int) (offset & PAGE_MASK)] ^= (byte) (1 << bit);
    }

    void truncate(long newSize) {
        if (newSize < 0 || newSize > SIZE_BYTES_MAX) {
            throw new IllegalArgumentException("truncate size out of range: " + newSize);
        }
        if (newSize > size) {
            growTo((int) newSize);
        } else {
            for (int i = pageCount((int) newSize); i < pageCount(size); i++) {
                pages[i] = null;
            }
        }
        size = (int) newSize;
    }

    byte[] toArray() {
        byte[] bytes = new byte[size];
        read(0, bytes, 0, size);
        return bytes;
    }

    private static int pageCount(int bytes) {
        return (int) (((long) bytes + PAGE_MASK) >>> PAGE_BITS);
    }

    /**
     * Makes {@code [size, newSize)} zero bytes in allocated pages, without changing the size: the
     * stale tail of the last page is cleared, new pages come zeroed.
     */
    private void growTo(int newSize) {
        if (newSize <= size) {
            return;
        }
        int at = size & PAGE_MASK;
        if (at != 0) {
            Arrays.fill(pages[size >>> PAGE_BITS], at, Math.min(PAGE_BYTES, at + newSize - size),
                    (byte) 0);
        }
        int needed = pageCount(newSize);
        if (needed > pages.length) {
            pages = Arrays.copyOf(pages, Math.max(needed, 2 * pages.length));
        }
        for (int i = pageCount(size); i < needed; i++) {
            pages[i] = new byte[PAGE_BYTES];
        }
    }
}
