package io.detsim.raft.invariant;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.raft.core.RaftMetrics;
import io.detsim.raft.core.RaftObserver;
import io.detsim.raft.core.RaftServer;
import io.detsim.raft.core.Role;
import io.detsim.sim.seam.Message;
import org.junit.jupiter.api.Test;

/** The invariants over logs whose prefix was compacted into a snapshot. */
class RaftInvariantsCompactionTest {

    /** A log held from {@code first} to {@code last}, entry i of digest {@code i * salt}. */
    private static final class FakeServer implements RaftServer {
        final int id;
        long first = 1;
        long last;
        long commit;
        long salt = 1;
        long version;
        Role role = Role.FOLLOWER;
        long term = 1;

        FakeServer(int id) {
            this.id = id;
        }

        @Override
        public RaftMetrics metrics() {
            return new RaftMetrics(id, role, term, -1, commit, commit, last, 0, 0, false);
        }

        @Override
        public long entryDigest(long index) {
            return index < first || index > last ? ABSENT : index * salt;
        }

        @Override
        public long logVersion() {
            return version;
        }

        @Override
        public void transferLeadership(int target) { }

        @Override
        public void start() { }

        @Override
        public void receive(int fromNodeId, Message message) { }
    }

    private final FakeServer[] nodes = {new FakeServer(0), new FakeServer(1), new FakeServer(2)};
    private final RaftInvariants invariants = new RaftInvariants(3, id -> nodes[id]);
    private final RaftObserver[] observers = {invariants.observerForNewIncarnation(0),
        invariants.observerForNewIncarnation(1), invariants.observerForNewIncarnation(2)};

    private void checkAll() {
        for (RaftInvariants.NamedCheck check : invariants.checks()) {
            check.check().run();
        }
    }

    private void grow(FakeServer node, long last, long commit) {
        node.last = last;
        node.commit = commit;
        node.version++;
        observers[node.id].committed(node.id, commit);
    }

    @Test
    void compactedPrefixes_doNotFalsePositive_andADifferentHeldEntryIsStillCaught() {
        for (FakeServer node : nodes) {
            grow(node, 100, 90);
        }
        checkAll();
        // nodes 0 and 1 compact below 64; node 2 restarts from a snapshot at 64 (a new
        // incarnation whose mirror never saw the prefix)
        nodes[0].first = 41;
        nodes[0].version++;
        nodes[1].first = 65;
        nodes[1].version++;
        observers[2] = invariants.observerForNewIncarnation(2);
        nodes[2] = new FakeServer(2);
        nodes[2].first = 65;
        nodes[2].last = 100;
        checkAll();
        // a leader whose log starts at 65 holds everything committed below by its snapshot
        nodes[1].role = Role.LEADER;
        nodes[1].term = 2;
        observers[1].becameLeader(1, 2);
        checkAll();
        // later commits are compared as before, on every node
        for (FakeServer node : nodes) {
            grow(node, 120, 110);
        }
        checkAll();
        // a follower that installed a snapshot beyond its log (held from 129, commit 128)
        nodes[0].first = 129;
        nodes[0].last = 128;
        grow(nodes[0], 128, 128);
        checkAll();

        // a held entry that differs from a committed one is still a violation
        FakeServer liar = nodes[2];
        liar.salt = 3;
        liar.first = 101;
        liar.version++;
        observers[2] = invariants.observerForNewIncarnation(2);
        grow(liar, 121, 0);
        observers[2].committed(2, 111);
        IllegalStateException e = assertThrows(IllegalStateException.class, this::checkAll);
        assertTrue(e.getMessage().contains("committed a different entry")
                || e.getMessage().contains("log matching"), e.getMessage());
    }

    @Test
    void ourRaftsUncompactedLogs_checkAsBefore() {
        for (FakeServer node : nodes) {
            grow(node, 10, 10);
        }
        assertDoesNotThrow(this::checkAll);
        invariants.forgeCommittedEntry(5);
        nodes[0].version++;
        grow(nodes[0], 11, 11);
        assertDoesNotThrow(this::checkAll, "only new commits are compared");
        nodes[1].role = Role.LEADER;
        nodes[1].term = 2;
        observers[1].becameLeader(1, 2);
        assertThrows(IllegalStateException.class, this::checkAll);
    }
}
