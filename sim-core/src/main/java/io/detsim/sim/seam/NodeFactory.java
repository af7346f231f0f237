package io.detsim.sim.seam;

/** Builds a node incarnation over its context: at the first start and at every restart. */
@FunctionalInterface
public interface NodeFactory {
    Node create(NodeContext context);
}
