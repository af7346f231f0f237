package io.detsim.raft.microraft;

import io.detsim.sim.seam.NodeContext;
import io.microraft.RaftEndpoint;
import io.microraft.model.message.RaftMessage;
import io.microraft.transport.Transport;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * MicroRaft's transport on the simulated network, through the {@link DurabilityGate}. It never
 * throws and never blocks. {@link #isReachable} (MicroRaft asks it only when choosing which
 * followers may serve snapshot chunks) is "heard from it within the heartbeat timeout": the seam
 * shows a node no partitions, only what arrives, which is what a real server knows too.
 */
final class SimTransport implements Transport {
    private final NodeContext ctx;
    private final DurabilityGate gate;
    private final long heartbeatTimeoutNanos;
    private final long[] lastHeardNanos;
    private final Consumer<String> problems;

    /**
     * @param problems where a send to no one is reported (MicroRaft can send to a leader it does
     *     not know during a follower-sourced snapshot transfer)
     */
    SimTransport(NodeContext ctx, DurabilityGate gate, MicroRaftConfig config,
            Consumer<String> problems) {
        this.ctx = ctx;
        this.gate = gate;
        this.heartbeatTimeoutNanos = config.heartbeatTimeoutNanos();
        this.lastHeardNanos = new long[config.servers()];
        Arrays.fill(lastHeardNanos, Long.MIN_VALUE / 4);
        this.problems = problems;
    }

    @Override
    public void send(RaftEndpoint target, RaftMessage message) {
        if (target == null) {
            problems.accept("MicroRaft sent " + message.getClass().getSimpleName()
                    + " to a null endpoint (dropped)");
            return;
        }
        gate.send(NodeEndpoint.idOf(target), new WireMessage(message));
    }

    @Override
    public boolean isReachable(RaftEndpoint endpoint) {
        int id = NodeEndpoint.idOf(endpoint);
        return id >= 0 && id < lastHeardNanos.length
                && ctx.nowNanos() - lastHeardNanos[id] < heartbeatTimeoutNanos;
    }

    /** A MicroRaft message arrived from {@code from}. */
    void heardFrom(int from) {
        if (from >= 0 && from < lastHeardNanos.length) {
            lastHeardNanos[from] = ctx.nowNanos();
        }
    }
}
