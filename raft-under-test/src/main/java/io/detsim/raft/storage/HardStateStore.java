package io.detsim.raft.storage;

import io.detsim.sim.seam.NodeDisk;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The node's {@link HardState}, saved atomically in two alternating checksummed slots (see
 * {@link SlotFile}) of the file {@value #FILE_NAME}. One save is on disk at a time: a save asked
 * for while another is being made durable waits, and only the newest waiting state is written
 * (all their callbacks run when it is durable). Writing the second slot before the first was
 * durable could leave both torn.
 *
 * <p>Saves are checked against Raft's rules: the term never falls, and within a term the vote,
 * once cast, never changes (§5.2: at most one vote per term).
 */
public final class HardStateStore {
    public static final String FILE_NAME = "hardstate.meta";
    private static final int PAYLOAD_BYTES = 12;
    private static final long PUMP_ITERATIONS_MAX = 10_000_000L;

    private final SlotFile slots;
    private HardState current;
    private HardState durable;
    private boolean writeInFlight;
    private List<Runnable> inFlightCallbacks = new ArrayList<>();
    private HardState waiting;
    private List<Runnable> waitingCallbacks = new ArrayList<>();
    private boolean pumping;
    private boolean pumpAgain;
    private boolean unreadable;
    private String damage;

    private HardStateStore(SlotFile slots, HardState loaded) {
        this.slots = slots;
        this.current = loaded;
        this.durable = loaded;
    }

    /**
     * Opens the store on {@code disk}, loading the newest valid slot ({@link HardState#INITIAL}
     * when none was ever durable).
     *
     * @throws StorageCorruptionException when both slots are damaged: the vote is then unknown,
     *                                    and guessing could vote twice in one term
     */
    public static HardStateStore open(NodeDisk disk) {
        HardStateStore store = recover(disk);
        if (store.unreadable) {
            throw new StorageCorruptionException("hard state unreadable: " + store.damage);
        }
        return store;
    }

    /**
     * Opens the store even when slots are damaged, for an owner that can cope with a lost vote:
     * {@link #damage()} then says what was found, and with both slots damaged the state starts
     * over from {@link HardState#INITIAL}.
     */
    public static HardStateStore recover(NodeDisk disk) {
        Check.argument(disk != null, "disk must not be null");
        SlotFile slots = SlotFile.open(disk, FILE_NAME, PAYLOAD_BYTES);
        SlotFile.Loaded loaded = slots.loaded();
        HardState state = HardState.INITIAL;
        if (!loaded.empty()) {
            Bytes<byte[]> bytes = Buffers.reading(loaded.payload());
            state = new HardState(bytes.readLong(0), bytes.readInt(8));
        }
        HardStateStore store = new HardStateStore(slots, state);
        store.unreadable = loaded.corruption() != null;
        store.damage = store.unreadable ? loaded.corruption() : loaded.damage();
        return store;
    }

    /**
     * Null, or why the term and vote loaded may be older than the newest durable ones (a slot
     * failed its checksum or could not be read): the node may have voted in a term it no longer
     * remembers.
     */
    public String damage() { return damage; }

    /** The newest state saved, durable or not: what the node must act on. */
    public HardState current() { return current; }

    /** The newest state known durable. */
    public HardState durable() { return durable; }

    /**
     * Saves {@code next}; {@code onDurable} runs once it (or a newer state) is durable, at once
     * when the disk syncs synchronously.
     */
    public void save(HardState next, Runnable onDurable) {
        Check.argument(next != null, "hard state must not be null");
        Check.argument(onDurable != null, "onDurable must not be null");
        Check.argument(next.term() >= current.term(), "hard state term must not fall: %d -> %d",
                current.term(), next.term());
        Check.argument(next.term() > current.term() || !current.hasVoted()
                        || next.votedFor() == current.votedFor(),
                "term %d: already voted for %d, cannot vote for %d", next.term(),
                current.votedFor(), next.votedFor());
        current = next;
        waiting = next;
        waitingCallbacks.add(onDurable);
        pump();
    }

    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            for (long iteration = 0; ; iteration++) {
                Check.state(iteration < PUMP_ITERATIONS_MAX, "hard state saves made no progress");
                pumpAgain = false;
                if (!writeInFlight && waiting != null) {
                    issueWrite();
                }
                if (!pumpAgain) {
                    return;
                }
            }
        } finally {
            pumping = false;
        }
    }

    private void issueWrite() {
        HardState state = waiting;
        byte[] payload = new byte[PAYLOAD_BYTES];
        Bytes<byte[]> bytes = Buffers.writing(payload);
        bytes.writeLong(state.term());
        bytes.writeInt(state.votedFor());
        slots.write(payload); // may throw (disk full): the state then stays waiting
        List<Runnable> callbacks = waitingCallbacks;
        waiting = null;
        waitingCallbacks = new ArrayList<>();
        writeInFlight = true;
        inFlightCallbacks = callbacks;
        slots.sync(() -> writeDone(state));
    }

    private void writeDone(HardState state) {
        writeInFlight = false;
        durable = state;
        List<Runnable> callbacks = inFlightCallbacks;
        inFlightCallbacks = new ArrayList<>();
        for (Runnable callback : callbacks) {
            callback.run();
        }
        pump();
    }
}
