package io.detsim.raft.microraft;

import io.microraft.RaftNode;
import io.microraft.RaftNode.RaftNodeBuilder;
import io.microraft.executor.RaftNodeExecutor;
import io.microraft.impl.RaftNodeImpl;
import io.microraft.model.RaftModelFactory;
import io.microraft.persistence.RaftStore;
import io.microraft.persistence.RestoredRaftState;
import io.microraft.report.RaftNodeReportListener;
import io.microraft.statemachine.StateMachine;
import io.microraft.transport.Transport;
import java.lang.reflect.Field;
import java.time.Clock;
import java.util.List;
import java.util.Random;

/**
 * The one place that builds MicroRaft nodes. MicroRaft's builder has a default for nearly every
 * collaborator, and each default breaks a simulation silently: a real thread (executor), the
 * wall clock, an unseeded {@code Random}, or no persistence at all (a restart with amnesia). So
 * every collaborator is an argument here, every setter is called, and the built node is checked
 * to hold exactly the objects given ({@link #verifyWired}), which rejects a forgotten setter.
 *
 * <p>MicroRaft's {@code assert}s guard its own invariants (log indices, votes, futures); they
 * are switched on for its packages here, before any of its classes initialises, so that the CLI
 * (run without {@code -ea}) checks them too. A failed one is a failure of the run.
 */
@SuppressForbidden("passes our ScaledClock and StreamRandom to MicroRaft's builder")
final class MicroRaftNodeFactory {
    static final String GROUP_ID = "detsim";

    static {
        MicroRaftNodeFactory.class.getClassLoader().setPackageAssertionStatus("io.microraft",
                true);
    }

    /** Every collaborator of one MicroRaft node; all required. */
    @SuppressForbidden("carries our ScaledClock and StreamRandom to the builder")
    record Parts(RaftNodeExecutor executor, Transport transport, RaftStore store,
            StateMachine stateMachine, Clock clock, Random random, RaftModelFactory modelFactory,
            RaftNodeReportListener reportListener) {
        Parts {
            required("executor", executor);
            required("transport", transport);
            required("store", store);
            required("stateMachine", stateMachine);
            required("clock", clock);
            required("random", random);
            required("modelFactory", modelFactory);
            required("reportListener", reportListener);
        }

        private static void required(String part, Object value) {
            if (value == null) {
                throw new IllegalArgumentException("a MicroRaft node needs its " + part);
            }
        }
    }

    /** RaftNodeImpl's field for each part, in {@link Parts}' order ({@link #verifyWired}). */
    private static final List<String> FIELDS = List.of("executor", "transport", "store",
            "stateMachine", "clock", "random", "modelFactory", "raftNodeReportListener");

    private MicroRaftNodeFactory() {}

    /**
     * A new node: a fresh member of servers {@code 0 .. servers-1} when {@code restored} is null,
     * else the node {@code restored} describes.
     */
    static RaftNodeImpl build(MicroRaftConfig config, int nodeId, RestoredRaftState restored,
            Parts parts) {
        RaftNodeBuilder builder = RaftNode.newBuilder().setGroupId(GROUP_ID);
        if (restored == null) {
            builder.setLocalEndpoint(NodeEndpoint.of(nodeId))
                    .setInitialGroupMembers(NodeEndpoint.members(config.initialMembers()));
        } else {
            builder.setRestoredState(restored);
        }
        RaftNode node = builder.setConfig(config.raftConfig()).setExecutor(parts.executor())
                .setTransport(parts.transport()).setStore(parts.store())
                .setStateMachine(parts.stateMachine()).setClock(parts.clock())
                .setRandom(parts.random()).setModelFactory(parts.modelFactory())
                .setRaftNodeReportListener(parts.reportListener()).build();
        verifyWired(node, parts);
        return (RaftNodeImpl) node;
    }

    /**
     * Checks that {@code node} holds exactly the given collaborators, read from its fields (the
     * random and the transport have no getter).
     *
     * @throws IllegalStateException naming the first collaborator it does not hold
     */
    static void verifyWired(RaftNode node, Parts parts) {
        Object[] expected = {parts.executor(), parts.transport(), parts.store(),
            parts.stateMachine(), parts.clock(), parts.random(), parts.modelFactory(),
            parts.reportListener()};
        for (int i = 0; i < FIELDS.size(); i++) {
            Object actual = read(node, FIELDS.get(i));
            if (actual != expected[i]) {
                throw new IllegalStateException("MicroRaft node built without our "
                        + FIELDS.get(i) + ": it holds " + actual.getClass().getName()
                        + " (a forgotten setter leaves a real thread, the wall clock, an"
                        + " unseeded random or no persistence)");
            }
        }
    }

    private static Object read(RaftNode node, String fieldName) {
        try {
            Field field = RaftNodeImpl.class.getDeclaredField(fieldName);
            field.setAccessible(true);
            return field.get(node);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MicroRaft's RaftNodeImpl has no field " + fieldName
                    + " (a MicroRaft upgrade?)", e);
        }
    }
}
