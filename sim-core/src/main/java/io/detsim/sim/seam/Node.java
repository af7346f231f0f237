package io.detsim.sim.seam;

/**
 * A process in the simulated world: a Raft server, a client, or a demo node. It is built by a
 * {@link NodeFactory} over a {@link NodeContext} and reacts to what the world hands it; handlers
 * return quickly and never block. A crash throws the object away; a restart builds a new one.
 */
public interface Node {
    /** Called once when this incarnation boots, before any message or timer reaches it. */
    void start();

    /** A message from {@code fromNodeId} arrived. */
    void receive(int fromNodeId, Message message);
}
