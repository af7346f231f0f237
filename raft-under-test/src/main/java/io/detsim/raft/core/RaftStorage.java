package io.detsim.raft.core;

import io.detsim.raft.storage.CatchUpMarker;
import io.detsim.raft.storage.HardState;
import io.detsim.raft.storage.HardStateStore;
import io.detsim.raft.storage.LogConfig;
import io.detsim.raft.storage.LogEntry;
import io.detsim.raft.storage.RecoveryReport;
import io.detsim.raft.storage.SegmentedLog;
import io.detsim.raft.storage.StorageCorruptionException;
import io.detsim.sim.seam.NodeDisk;
import io.detsim.sim.seam.ProcessHalt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the Raft node needs from storage, over the segmented log and the hard-state store: the
 * log, term and vote saved atomically, and knowing when what was saved is durable (§5.2: term and
 * vote must be durable before any reply that depends on them).
 */
final class RaftStorage {
    private static final int READ_ATTEMPTS_MAX = 3;
    private final SegmentedLog log;
    private final HardStateStore hardStateStore;
    private final CatchUpMarker catchUpMarker;
    private final boolean dataLost;
    private HardState hardState;
    private int hardStateSavesPending;
    /**
     * Digests of the log's entries, the first index at position 0: what invariants compare, kept
     * in memory so that checking a node never reads its disk (which would draw disk faults and
     * could halt it).
     */
    private long[] digests = new long[256];
    private int digestCount;
    /** Counts changes to the log (appends, truncations), so that observers can skip rereading. */
    private long logVersion;
    private final List<Runnable> afterHardState = new ArrayList<>();

    private RaftStorage(SegmentedLog log, HardStateStore hardStateStore,
            CatchUpMarker catchUpMarker, boolean dataLost) {
        this.log = log;
        this.hardStateStore = hardStateStore;
        this.catchUpMarker = catchUpMarker;
        this.dataLost = dataLost;
        this.hardState = hardStateStore.current();
    }

    /**
     * Opens (and recovers) storage and hands it to {@code onReady}; problems found at recovery go
     * to {@code problems}. When recovery is going to find synced data lost, the durable catch-up
     * note is written first, and recovery (which cuts the damage away) runs only once the note is
     * durable: with the cut made first, a crash in between would leave a shorter log and no note,
     * and the node would vote as if it had lost nothing. From then on any I/O error halts the
     * process (see {@link FailStopDisk}).
     */
    static void open(NodeDisk rawDisk, Consumer<String> problems, Consumer<RaftStorage> onReady) {
        FailStopDisk disk = new FailStopDisk(rawDisk);
        RecoveryReport preview = SegmentedLog.inspect(disk);
        HardStateStore hardStateStore = HardStateStore.recover(disk);
        CatchUpMarker marker = CatchUpMarker.open(disk);
        boolean lost = preview.corruption() != null || hardStateStore.damage() != null;
        if (lost && !marker.required()) {
            disk.arm(); // failing to record it halts the process; nothing has been cut yet
            marker.set(true, () -> onReady.accept(finishOpen(disk, hardStateStore, marker,
                    problems)));
            return;
        }
        onReady.accept(finishOpen(disk, hardStateStore, marker, problems));
    }

    private static RaftStorage finishOpen(FailStopDisk disk, HardStateStore hardStateStore,
            CatchUpMarker marker, Consumer<String> problems) {
        disk.disarm(); // recovery deals with unreadable sectors itself
        SegmentedLog log = SegmentedLog.open(disk, LogConfig.defaults());
        disk.arm();
        RecoveryReport report = log.recoveryReport();
        boolean lost = false;
        if (report.corruption() != null) {
            problems.accept("log corruption at recovery: " + report.corruption());
            lost = true;
        }
        if (hardStateStore.damage() != null) {
            problems.accept("hard state damaged at recovery: " + hardStateStore.damage());
            lost = true;
        }
        RaftStorage storage = new RaftStorage(log, hardStateStore, marker,
                lost || marker.required());
        storage.digestRecoveredLog();
        if (lost && !marker.required()) {
            // Only when a read flipped during recovery but not while looking first: rare.
            marker.set(true, () -> { });
        }
        return storage;
    }

    /**
     * True when this node lost synced data, now or at an earlier start it has not caught up
     * since: entries it acknowledged or a vote it cast may be gone, so it must not vote or
     * campaign until it has caught up with a leader.
     */
    boolean catchUpRequired() {
        return dataLost;
    }

    /** Clears the catch-up note; {@code onDurable} runs once the clearing is durable. */
    void clearCatchUp(Runnable onDurable) {
        catchUpMarker.set(false, onDurable);
    }

    long term() {
        return hardState.term();
    }

    int votedFor() {
        return hardState.votedFor();
    }

    void saveHardState(long term, int votedFor, Runnable onDurable) {
        hardState = new HardState(term, votedFor);
        hardStateSavesPending++;
        hardStateStore.save(hardState, () -> {
            hardStateSavesPending--;
            onDurable.run();
            if (hardStateSavesPending == 0) {
                List<Runnable> ready = new ArrayList<>(afterHardState);
                afterHardState.clear();
                ready.forEach(Runnable::run);
            }
        });
    }

    boolean hardStateDurable() {
        return hardStateSavesPending == 0;
    }

    /** Runs {@code action} once every hard-state save issued so far is durable. */
    void afterHardState(Runnable action) {
        if (hardStateDurable()) {
            action.run();
        } else {
            afterHardState.add(action);
        }
    }

    long firstIndex() {
        return log.firstIndex();
    }

    long lastIndex() {
        return log.lastIndex();
    }

    long lastTerm() {
        return log.lastTerm();
    }

    /** The term of the entry at {@code index}; 0 for index 0 (before the log). */
    long termAt(long index) {
        return index == 0 ? 0 : log.termAt(index);
    }

    void append(List<LogEntry> entries) {
        log.append(entries);
        logVersion++;
        entries.forEach(this::addDigest);
    }

    private void addDigest(LogEntry entry) {
        if (digestCount == digests.length) {
            digests = java.util.Arrays.copyOf(digests, digestCount * 2);
        }
        digests[digestCount++] = digestOf(entry);
    }

    /** A digest of an entry's term and payload: equal entries, equal digests. */
    static long digestOf(LogEntry entry) {
        return RaftServer.digestOf(entry.term(), entry.payload());
    }

    long logVersion() {
        return logVersion;
    }

    /** {@link #digestOf} the entry at {@code index}, from memory; the index must be in the log. */
    long digestAt(long index) {
        return digests[(int) (index - log.firstIndex())];
    }

    private void digestRecoveredLog() {
        long next = log.firstIndex();
        while (next <= log.lastIndex()) {
            List<LogEntry> chunk = read(next, log.lastIndex(), 1 << 20);
            chunk.forEach(this::addDigest);
            next += chunk.size();
        }
    }

    /**
     * Reads entries. A record that fails its checksum is read again first, since a bit can flip
     * on the way from the platter; one that stays corrupt halts the process, and the restart's
     * recovery cuts the log there.
     */
    List<LogEntry> read(long fromIndex, long toIndex, int bytesMax) {
        StorageCorruptionException failure = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS_MAX; attempt++) {
            try {
                return log.read(fromIndex, toIndex, bytesMax);
            } catch (StorageCorruptionException e) {
                failure = e;
            }
        }
        throw new ProcessHalt("log read failed " + READ_ATTEMPTS_MAX + " times: "
                + failure.getMessage(), failure);
    }

    void truncateSuffix(long fromIndex) {
        log.truncateSuffix(fromIndex);
        logVersion++;
        digestCount = (int) Math.min(digestCount, fromIndex - log.firstIndex());
    }

    void sync(Runnable onDurable) {
        log.sync(onDurable);
    }

    long durableIndex() {
        return log.durableIndex();
    }
}
