package io.detsim.raft.microraft;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.microraft.RaftNode;
import io.microraft.RaftNode.RaftNodeBuilder;
import io.microraft.executor.RaftNodeExecutor;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.persistence.NopRaftStore;
import io.microraft.statemachine.StateMachine;
import io.microraft.transport.Transport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The factory's guard: every collaborator is required, and a node built with a setter forgotten
 * (MicroRaft then quietly uses a real thread, the wall clock, an unseeded random or no store) is
 * rejected, naming what is missing.
 */
class MicroRaftNodeFactoryTest {
    private final MicroRaftNodeFactory.Parts parts = new MicroRaftNodeFactory.Parts(
            new QueueExecutor(), new NoTransport(), new NopRaftStore(), new NoStateMachine(),
            Clock.fixed(Instant.ofEpochMilli(ScaledClock.EPOCH_MILLIS), ZoneOffset.UTC),
            new Random(1), new DefaultRaftModelFactory(), report -> { });

    @Test
    void factory_setsEveryCollaborator() {
        RaftNode node = MicroRaftNodeFactory.build(MicroRaftConfig.defaults(3), 1, null, parts);
        assertDoesNotThrow(() -> MicroRaftNodeFactory.verifyWired(node, parts));
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"executor", "transport", "store", "stateMachine", "clock", "random",
        "modelFactory", "raftNodeReportListener"})
    void nodeBuiltWithASetterForgotten_isRejected(String forgotten) {
        RaftNodeBuilder builder = RaftNode.newBuilder().setGroupId("g")
                .setLocalEndpoint(NodeEndpoint.of(0))
                .setInitialGroupMembers(NodeEndpoint.members(3));
        // The transport and state machine have no default: a stand-in takes the forgotten one's
        // place; the others fall back to MicroRaft's defaults.
        builder.setTransport(forgotten.equals("transport") ? new NoTransport() : parts.transport());
        builder.setStateMachine(forgotten.equals("stateMachine") ? new NoStateMachine()
                : parts.stateMachine());
        if (!forgotten.equals("executor")) {
            builder.setExecutor(parts.executor());
        }
        if (!forgotten.equals("store")) {
            builder.setStore(parts.store());
        }
        if (!forgotten.equals("clock")) {
            builder.setClock(parts.clock());
        }
        if (!forgotten.equals("random")) {
            builder.setRandom(parts.random());
        }
        if (!forgotten.equals("modelFactory")) {
            builder.setModelFactory(parts.modelFactory());
        }
        if (!forgotten.equals("raftNodeReportListener")) {
            builder.setRaftNodeReportListener(parts.reportListener());
        }
        RaftNode node = builder.build();
        IllegalStateException rejected = assertThrows(IllegalStateException.class,
                () -> MicroRaftNodeFactory.verifyWired(node, parts));
        assertTrue(rejected.getMessage().contains("without our " + forgotten),
                rejected.getMessage());
    }

    @Test
    void missingPart_isRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new MicroRaftNodeFactory.Parts(parts.executor(), parts.transport(),
                        parts.store(), parts.stateMachine(), parts.clock(), null,
                        parts.modelFactory(), parts.reportListener()));
        assertTrue(refused.getMessage().contains("random"), refused.getMessage());
    }

    /** Queues tasks and never runs them: the node is built, never started. */
    private static final class QueueExecutor implements RaftNodeExecutor {
        @Override
        public void execute(Runnable task) { }

        @Override
        public void submit(Runnable task) { }

        @Override
        public void schedule(Runnable task, long delay, TimeUnit timeUnit) { }
    }

    private static final class NoTransport implements Transport {
        @Override
        public void send(io.microraft.RaftEndpoint target,
                io.microraft.model.message.RaftMessage message) { }

        @Override
        public boolean isReachable(io.microraft.RaftEndpoint endpoint) {
            return false;
        }
    }

    private static final class NoStateMachine implements StateMachine {
        @Override
        public Object runOperation(long commitIndex, Object operation) {
            return null;
        }

        @Override
        public void takeSnapshot(long commitIndex, Consumer<Object> chunks) { }

        @Override
        public void installSnapshot(long commitIndex, List<Object> chunks) { }

        @Override
        public Object getNewTermOperation() {
            return KvOp.NewTerm.INSTANCE;
        }
    }
}
