package io.detsim.sim.net;

import java.util.Arrays;
import java.util.stream.IntStream;

/** An immutable set of node ids below 64, as a bit mask: cheap, ordered, and hash-safe. */
public record NodeSet(long bits) {

    public static NodeSet of(int... ids) {
        long bits = 0;
        for (int id : ids) {
            bits |= bit(id);
        }
        return new NodeSet(bits);
    }

    /** Nodes {@code 0 .. count - 1}. */
    public static NodeSet range(int count) {
        if (count < 0 || count > 64) {
            throw new IllegalArgumentException("node count must be in [0, 64], was " + count);
        }
        return new NodeSet(count == 64 ? -1L : (1L << count) - 1);
    }

    public boolean contains(int id) {
        return id >= 0 && id < 64 && (bits & (1L << id)) != 0;
    }

    public int size() { return Long.bitCount(bits); }

    public boolean isEmpty() { return bits == 0; }

    public NodeSet with(int id) { return new NodeSet(bits | bit(id)); }

    public NodeSet without(int id) { return new NodeSet(bits & ~bit(id)); }

    /** Members of {@code universe} not in this set. */
    public NodeSet complementIn(NodeSet universe) { return new NodeSet(universe.bits & ~bits); }

    /** Ids in ascending order. */
    public int[] ids() {
        return IntStream.range(0, 64).filter(this::contains).toArray();
    }

    @Override
    public String toString() {
        return Arrays.toString(ids()).replace('[', '{').replace(']', '}');
    }

    private static long bit(int id) {
        if (id < 0 || id >= 64) {
            throw new IllegalArgumentException("node id must be in [0, 64), was " + id);
        }
        return 1L << id;
    }
}
