package io.detsim.raft.storage;

import io.detsim.sim.seam.NodeDisk;
import java.util.ArrayList;
import java.util.List;

/**
 * A durable note that this node lost synced data (its log or its vote record read back corrupt)
 * and must not vote or campaign until it has caught up with a leader. Recovery cuts the log before
 * the damage, so once restarted again the log alone would look healthy; the note keeps the node
 * abstaining across such restarts. Kept in two checksummed slots; a damaged note counts as set.
 */
public final class CatchUpMarker {
    public static final String FILE_NAME = "catch-up.meta";
    private static final int PAYLOAD_BYTES = 1;

    private final SlotFile slots;
    private final boolean loadedRequired;
    private boolean writeInFlight;
    private Boolean waiting;
    private List<Runnable> waitingCallbacks = new ArrayList<>();

    private CatchUpMarker(SlotFile slots, boolean loadedRequired) {
        this.slots = slots;
        this.loadedRequired = loadedRequired;
    }

    public static CatchUpMarker open(NodeDisk disk) {
        Check.argument(disk != null, "disk must not be null");
        SlotFile slots = SlotFile.open(disk, FILE_NAME, PAYLOAD_BYTES);
        SlotFile.Loaded loaded = slots.loaded();
        boolean required = loaded.corruption() != null || loaded.damage() != null
                || (!loaded.empty() && loaded.payload()[0] != 0);
        return new CatchUpMarker(slots, required);
    }

    /** Whether the note was set when opened. */
    public boolean required() { return loadedRequired; }

    /**
     * Sets or clears the note; {@code onDurable} runs once that (or a later change) is durable.
     * Writes go one at a time, since a slot write must not start before the last one is synced.
     */
    public void set(boolean required, Runnable onDurable) {
        Check.argument(onDurable != null, "onDurable must not be null");
        waiting = required;
        waitingCallbacks.add(onDurable);
        if (!writeInFlight) {
            issueWrite();
        }
    }

    private void issueWrite() {
        boolean value = waiting;
        List<Runnable> callbacks = waitingCallbacks;
        slots.write(new byte[] {(byte) (value ? 1 : 0)});
        waiting = null;
        waitingCallbacks = new ArrayList<>();
        writeInFlight = true;
        slots.sync(() -> {
            writeInFlight = false;
            callbacks.forEach(Runnable::run);
            if (waiting != null) {
                issueWrite();
            }
        });
    }
}
