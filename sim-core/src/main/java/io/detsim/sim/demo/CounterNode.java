package io.detsim.sim.demo;

import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.DiskException;
import io.detsim.sim.seam.DiskFile;
import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.Node;
import io.detsim.sim.seam.NodeContext;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The demo node: a counter that ticks on a timer, appends each value to a checksummed log on disk,
 * and, only once a value is durable, announces it to its peers; nodes gossip what they know of each
 * other's counters. Small, but it exercises every part of the simulator: timers, drifting clocks,
 * the network, syncs, crash recovery with torn tails, and disk faults.
 *
 * <p>Record format: value (8 bytes, big-endian) then CRC32C of those 8 bytes (4 bytes).
 */
public final class CounterNode implements Node {
    static final String LOG_FILE = "counter.log";
    static final int RECORD_SIZE_BYTES = 12;
    static final long TICK_NANOS_MEAN = 10_000_000;
    static final long GOSSIP_NANOS = 50_000_000;

    /** Hears what nodes announce, so the harness can check nothing announced is later lost. */
    public interface Observer {
        void announced(int node, long value);

        void recovered(int node, long value, String how);
    }

    private final NodeContext ctx;
    private final Observer observer;
    private final boolean plantedBugAnnounceBeforeSync;
    private final RandomStream jitter;
    private final long[] known;
    private DiskFile log;
    private long counter;
    private long durableCounter;
    private long logSizeBytes;

    public CounterNode(NodeContext ctx, Observer observer) {
        this(ctx, observer, false);
    }

    /**
     * @param plantedBugAnnounceBeforeSync PLANTED BUG when true: announce a value as soon as it is
     *     written, before it is durable, so a crash can lose an announced value. Exists to prove
     *     that the demo's checks catch the classic "acknowledge before fsync" bug.
     */
    public CounterNode(NodeContext ctx, Observer observer, boolean plantedBugAnnounceBeforeSync) {
        this.ctx = ctx;
        this.observer = observer;
        this.plantedBugAnnounceBeforeSync = plantedBugAnnounceBeforeSync;
        this.jitter = ctx.random("tick-jitter");
        this.known = new long[ctx.clusterSize()];
    }

    /** This node's counter as last made durable. */
    public long durableCounter() { return durableCounter; }

    /** What this node knows of {@code node}'s durable counter. */
    public long knownCounterOf(int node) { return known[node]; }

    @Override
    public void start() {
        log = ctx.disk().open(LOG_FILE);
        recover();
        known[ctx.nodeId()] = durableCounter;
        scheduleTick();
        ctx.setTimer("gossip", GOSSIP_NANOS, this::gossip);
    }

    @Override
    public void receive(int fromNodeId, Message message) {
        switch (message) {
            case CounterMessages.Announce a ->
                    known[fromNodeId] = Math.max(known[fromNodeId], a.value());
            case CounterMessages.Gossip g -> merge(g);
            default -> throw new IllegalArgumentException("unexpected message " + message);
        }
    }

    private void merge(CounterMessages.Gossip gossip) {
        if (gossip.size() != known.length) {
            throw new IllegalArgumentException("gossip for " + gossip.size()
                    + " nodes, cluster has " + known.length);
        }
        for (int node = 0; node < known.length; node++) {
            // Our own counter is ours to know: gossip about it may be stale or from before a crash.
            if (node != ctx.nodeId()) {
                known[node] = Math.max(known[node], gossip.knownOf(node));
            }
        }
    }

    private void tick() {
        long next = counter + 1;
        byte[] record = encode(next);
        try {
            log.write(logSizeBytes, record, 0, record.length);
        } catch (DiskException.Full e) {
            ctx.log().info("disk full, tick %d skipped", next);
            scheduleTick();
            return;
        }
        counter = next;
        logSizeBytes += RECORD_SIZE_BYTES;
        if (plantedBugAnnounceBeforeSync) {
            becameDurable(next); // PLANTED BUG: not durable yet.
        }
        log.sync(() -> becameDurable(next));
        scheduleTick();
    }

    private void becameDurable(long value) {
        if (value <= durableCounter) {
            return;
        }
        durableCounter = value;
        known[ctx.nodeId()] = value;
        observer.announced(ctx.nodeId(), value);
        for (int peer = 0; peer < ctx.clusterSize(); peer++) {
            if (peer != ctx.nodeId()) {
                ctx.send(peer, new CounterMessages.Announce(value));
            }
        }
    }

    private void gossip() {
        if (ctx.clusterSize() > 1) {
            int peer = (ctx.nodeId() + 1 + jitter.nextInt(ctx.clusterSize() - 1))
                    % ctx.clusterSize();
            ctx.send(peer, new CounterMessages.Gossip(known));
        }
        ctx.setTimer("gossip", GOSSIP_NANOS, this::gossip);
    }

    private void scheduleTick() {
        ctx.setTimer("tick", TICK_NANOS_MEAN / 2 + jitter.nextLong(0, TICK_NANOS_MEAN), this::tick);
    }

    /**
     * Replays the log up to the first record that is torn, corrupt or unreadable, and cuts it
     * there.
     */
    private void recover() {
        long size = log.sizeBytes();
        long offset = 0;
        long value = 0;
        String how = "log intact";
        byte[] record = new byte[RECORD_SIZE_BYTES];
        while (offset + RECORD_SIZE_BYTES <= size) {
            try {
                log.read(offset, record, 0, RECORD_SIZE_BYTES);
            } catch (DiskException.ReadError e) {
                how = "unreadable record at " + offset;
                break;
            }
            long decoded = decode(record);
            if (decoded < 0) {
                how = "bad checksum at " + offset;
                break;
            }
            value = decoded;
            offset += RECORD_SIZE_BYTES;
        }
        if (offset != size) {
            if (how.equals("log intact")) {
                how = "torn tail at " + offset;
            }
            log.truncate(offset);
        }
        counter = value;
        durableCounter = value;
        logSizeBytes = offset;
        observer.recovered(ctx.nodeId(), value, how);
        ctx.log().info("recovered counter %d (%s)", value, how);
    }

    static byte[] encode(long value) {
        ByteBuffer buffer = ByteBuffer.allocate(RECORD_SIZE_BYTES);
        buffer.putLong(value);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, 8);
        buffer.putInt((int) crc.getValue());
        return buffer.array();
    }

    /** The record's value, or -1 when its checksum does not match. */
    static long decode(byte[] record) {
        CRC32C crc = new CRC32C();
        crc.update(record, 0, 8);
        ByteBuffer buffer = ByteBuffer.wrap(record);
        long value = buffer.getLong();
        int stored = buffer.getInt();
        return stored == (int) crc.getValue() && value >= 0 ? value : -1;
    }
}
