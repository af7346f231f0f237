package io.detsim.raft.microraft;

import io.detsim.raft.client.ClientConfig;
import io.detsim.sim.fault.FaultProfile;
import java.util.Set;
import java.util.TreeSet;

/**
 * Run in a fresh JVM by {@link MicroRaftNoThreadsTest}: runs a MicroRaft cluster under faults
 * (crashes and restarts included) and prints the names of the threads that appeared meanwhile.
 * With {@code default-executor}, the control: one MicroRaft node on MicroRaft's own executor.
 * With {@code trace-hash}, the trace hash of {@link MicroRaftClusterTest}'s determinism run.
 */
public final class MicroRaftThreadProbe {
    private MicroRaftThreadProbe() {}

    public static void main(String[] args) {
        Set<String> before = threadNames();
        if (args.length > 0 && args[0].equals("trace-hash")) {
            System.out.println("trace hash: " + MicroRaftClusterTest.traceHash(23));
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("default-executor")) {
            // The control: MicroRaft with its own executor, as a forgotten setter would leave it.
            io.microraft.RaftNode.newBuilder().setGroupId("g").setLocalEndpoint(NodeEndpoint.of(0))
                    .setInitialGroupMembers(NodeEndpoint.members(1))
                    .setTransport(new io.microraft.transport.Transport() {
                        @Override
                        public void send(io.microraft.RaftEndpoint target,
                                io.microraft.model.message.RaftMessage message) { }

                        @Override
                        public boolean isReachable(io.microraft.RaftEndpoint endpoint) {
                            return false;
                        }
                    }).setStateMachine(new KvOpStateMachine(0, null, null)).build().start();
            Set<String> after = threadNames();
            after.removeAll(before);
            System.out.println("new threads: " + after);
            System.exit(0);
        }
        MicroRaftTestCluster cluster = new MicroRaftTestCluster(3, 4,
                ClientConfig.defaults(5, 4, 200), FaultProfile.defaults(),
                MicroRaftConfig.defaults(5), s -> s);
        cluster.chaos(6 * MicroRaftTestCluster.SECOND);
        cluster.healAndSettle(3 * MicroRaftTestCluster.SECOND);
        Set<String> after = threadNames();
        after.removeAll(before);
        System.out.println("restarts: " + cluster.sim.stats().restarts());
        System.out.println("new threads: " + after);
    }

    private static Set<String> threadNames() {
        Set<String> names = new TreeSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            names.add(thread.getName());
        }
        return names;
    }
}
