package io.detsim.sim.trace;

import io.detsim.sim.random.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every event of a run, folded into a running 64-bit hash as it happens. The hash is always kept;
 * the events themselves are kept only in {@link Mode#RECORD} (for replay, diffs and reports), in
 * compact parallel arrays, so that campaigns that only need the hash pay no memory for it.
 */
public final class Trace {
    /** Whether events are kept beyond the hash. */
    public enum Mode { HASH_ONLY, RECORD }

    private static final int CAPACITY_INITIAL = 4096;
    private static final long HASH_SEED = 0x6A09E667F3BCC909L;

    private final Mode mode;
    private long hash = HASH_SEED;
    private long eventCount;
    private long[] times;
    private long[] details;
    private long[] kindNodePeer;
    private String[] notes;

    public Trace(Mode mode) {
        this.mode = mode;
        if (mode == Mode.RECORD) {
            times = new long[CAPACITY_INITIAL];
            details = new long[CAPACITY_INITIAL];
            kindNodePeer = new long[CAPACITY_INITIAL];
            notes = new String[CAPACITY_INITIAL];
        }
    }

    public Mode mode() { return mode; }

    /** Records one event and folds it into the hash. */
    public void record(long timeNanos, TraceKind kind, int node, int peer, long detail) {
        record(timeNanos, kind, node, peer, detail, null);
    }

    /** Records one event with a note; the note is kept in RECORD mode and never hashed. */
    public void record(long timeNanos, TraceKind kind, int node, int peer, long detail,
            String note) {
        long packed = pack(kind, node, peer);
        hash = RandomStream.mix64(hash ^ timeNanos);
        hash = RandomStream.mix64(hash ^ packed);
        hash = RandomStream.mix64(hash ^ detail);
        if (mode == Mode.RECORD) {
            append(timeNanos, packed, detail, note);
        }
        eventCount++;
    }

    /** The running hash over every event recorded so far. */
    public long hash() { return hash; }

    /** The hash as the 16 hex digits that runs print. */
    public String hashHex() { return String.format("%016x", hash); }

    public long eventCount() { return eventCount; }

    /** The recorded events; only in RECORD mode. */
    public List<TraceEvent> events() {
        if (mode != Mode.RECORD) {
            throw new IllegalStateException("trace events are kept only in RECORD mode");
        }
        List<TraceEvent> list = new ArrayList<>((int) eventCount);
        for (int i = 0; i < eventCount; i++) {
            long p = kindNodePeer[i];
            list.add(new TraceEvent(i, times[i], TraceKind.values()[(int) (p >>> 48)],
                    unpackId(p >>> 24), unpackId(p), details[i], notes[i]));
        }
        return list;
    }

    /** Hash of a sequence of events, as a live trace would have computed it. */
    public static long hashOf(List<TraceEvent> events) {
        Trace trace = new Trace(Mode.HASH_ONLY);
        for (TraceEvent e : events) {
            trace.record(e.timeNanos(), e.kind(), e.node(), e.peer(), e.detail());
        }
        return trace.hash();
    }

    private static long pack(TraceKind kind, int node, int peer) {
        return ((long) kind.ordinal() << 48) | (packId(node) << 24) | packId(peer);
    }

    private static long packId(int id) {
        if (id < -1 || id >= 0xFF_FFFF) {
            throw new IllegalArgumentException("trace node id out of range: " + id);
        }
        return (id + 1) & 0xFF_FFFFL;
    }

    private static int unpackId(long bits) {
        return (int) (bits & 0xFF_FFFFL) - 1;
    }

    private void append(long timeNanos, long packed, long detail, String note) {
        int i = (int) eventCount;
        if (i == times.length) {
            int capacity = Math.multiplyExact(times.length, 2);
            times = Arrays.copyOf(times, capacity);
            details = Arrays.copyOf(details, capacity);
            kindNodePeer = Arrays.copyOf(kindNodePeer, capacity);
            notes = Arrays.copyOf(notes, capacity);
        }
        times[i] = timeNanos;
        kindNodePeer[i] = packed;
        details[i] = detail;
        notes[i] = note;
    }
}
