package io.detsim.raft.microraft;

import io.microraft.RaftEndpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * A MicroRaft endpoint: a server's node id. Equal by value and hashed by id, because MicroRaft
 * keys HashMaps by endpoint (the leader's follower states, whose order is the order it sends
 * AppendEntries in) and compares endpoints it decoded from disk with live ones.
 */
record NodeEndpoint(int id) implements RaftEndpoint {
    NodeEndpoint {
        if (id < 0) {
            throw new IllegalArgumentException("endpoint id must be >= 0, was " + id);
        }
    }

    static NodeEndpoint of(int id) {
        return new NodeEndpoint(id);
    }

    /** The node id behind {@code endpoint}, or -1 for none. */
    static int idOf(RaftEndpoint endpoint) {
        return endpoint == null ? -1 : ((NodeEndpoint) endpoint).id();
    }

    /** Servers {@code 0 .. servers-1} in order: MicroRaft's broadcast order follows it. */
    static List<RaftEndpoint> members(int servers) {
        List<RaftEndpoint> members = new ArrayList<>(servers);
        for (int id = 0; id < servers; id++) {
            members.add(of(id));
        }
        return members;
    }

    @Override
    public Object getId() {
        return id;
    }

    @Override
    public int hashCode() {
        return id;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeEndpoint endpoint && endpoint.id == id;
    }

    @Override
    public String toString() {
        return "n" + id;
    }
}
