package io.detsim.raft.microraft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.Message;
import io.detsim.sim.seam.NodeContext;
import io.detsim.sim.seam.NodeDisk;
import io.detsim.sim.seam.NodeLog;
import io.detsim.sim.seam.Timer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MicroRaft's "durable on return" on an asynchronous disk: while a barrier's sync is under way
 * nothing the node sends leaves and no task runs, as if its thread were stuck in fsync; a crash
 * before the sync completes (the callback never runs) therefore loses the vote and its reply.
 */
class DurabilityGateTest {
    private final List<String> sent = new ArrayList<>();
    private final List<Runnable> pendingSyncs = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final SimExecutor executor = new SimExecutor(new FakeContext(), 4, Runnable::run);
    private final DurabilityGate gate = new DurabilityGate(new FakeContext(), executor,
            Runnable::run);

    private record Note(String text) implements Message {}

    @Test
    void beforeTheSync_nothingLeavesAndNoTaskRuns_soACrashLosesTheVoteAndItsReply() {
        executor.execute(() -> {
            gate.barrier(pendingSyncs::add, () -> events.add("voted"));
            gate.send(1, new Note("vote granted"));
        });
        executor.execute(() -> events.add("next task"));
        assertEquals(List.of(), sent);
        assertEquals(List.of(), events);
        assertEquals(1, pendingSyncs.size());
        // A crash now drops the node with its gate: the vote was never given, nor its reply sent.
    }

    @Test
    void onceTheSyncCompletes_theVoteCounts_heldMessagesLeaveInOrder_andTasksRun() {
        executor.execute(() -> {
            gate.barrier(pendingSyncs::add, () -> events.add("term durable"));
            gate.barrier(pendingSyncs::add, () -> events.add("voted"));
            gate.send(1, new Note("vote granted"));
            gate.send(2, new Note("after"));
        });
        executor.execute(() -> events.add("next task"));
        pendingSyncs.get(0).run();
        assertEquals(List.of("term durable"), events);
        assertEquals(List.of(), sent, "the reply waits for the sync that covers it");
        pendingSyncs.get(1).run();
        assertEquals(List.of("term durable", "voted", "next task"), events);
        assertEquals(List.of("1:vote granted", "2:after"), sent);
        gate.send(0, new Note("free"));
        assertEquals("0:free", sent.getLast());
    }

    /** The seam as far as the gate and executor use it: sending only. */
    private final class FakeContext implements NodeContext {
        @Override
        public int nodeId() {
            return 0;
        }

        @Override
        public int clusterSize() {
            return 3;
        }

        @Override
        public long nowNanos() {
            return 0;
        }

        @Override
        public Timer setTimer(String name, long delayNanos, Runnable action) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void send(int toNodeId, Message message) {
            sent.add(toNodeId + ":" + ((Note) message).text());
        }

        @Override
        public NodeDisk disk() {
            throw new UnsupportedOperationException();
        }

        @Override
        public RandomStream random(String name) {
            return RandomStream.root(1).fork(name);
        }

        @Override
        public NodeLog log() {
            throw new UnsupportedOperationException();
        }
    }
}
