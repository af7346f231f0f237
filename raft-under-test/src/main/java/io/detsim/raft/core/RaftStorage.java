package io.detsim.raft.core;

import io.detsim.raft.storage.HardState;
import io.detsim.raft.storage.HardStateStore;
import io.detsim.raft.storage.LogConfig;
import io.detsim.raft.storage.LogEntry;
import io.detsim.raft.storage.RecoveryReport;
import io.detsim.raft.storage.SegmentedLog;
import io.detsim.sim.seam.NodeDisk;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the Raft node needs from storage, over the segmented log and the hard-state store: the
 * log, term and vote saved atomically, and knowing when what was saved is durable (§5.2: term and
 * vote must be durable before any reply that depends on them).
 */
final class RaftStorage {
    private final SegmentedLog log;
    private final HardStateStore hardStateStore;
    private HardState hardState;
    private int hardStateSavesPending;
    private final List<Runnable> afterHardState = new ArrayList<>();

    private RaftStorage(SegmentedLog log, HardStateStore hardStateStore) {
        this.log = log;
        this.hardStateStore = hardStateStore;
        this.hardState = hardStateStore.current();
    }

    /** Opens (and recovers) storage; problems found at recovery go to {@code problems}. */
    static RaftStorage open(NodeDisk disk, Consumer<String> problems) {
        SegmentedLog log = SegmentedLog.open(disk, LogConfig.defaults());
        RecoveryReport report = log.recoveryReport();
        if (report.corruption() != null) {
            problems.accept("log corruption at recovery: " + report.corruption());
        }
        return new RaftStorage(log, HardStateStore.open(disk));
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
    }

    List<LogEntry> read(long fromIndex, long toIndex, int bytesMax) {
        return log.read(fromIndex, toIndex, bytesMax);
    }

    void truncateSuffix(long fromIndex) {
        log.truncateSuffix(fromIndex);
    }

    void sync(Runnable onDurable) {
        log.sync(onDurable);
    }

    long durableIndex() {
        return log.durableIndex();
    }
}
