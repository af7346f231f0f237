package io.detsim.raft.core;

/**
 * A Raft node's knobs, validated with errors that name the field.
 *
 * @param serverCount servers are node ids {@code 0 .. serverCount-1}; higher ids are clients
 * @param electionTimeoutNanosMin an election starts after a random timeout in [min, 2*min)
 * @param heartbeatIntervalNanos how often a leader heartbeats (well below the election timeout)
 * @param appendBytesMax payload bytes per AppendEntries at most (batching)
 * @param inflightAppendsMax unacknowledged AppendEntries per follower (pipelining, flow control)
 * @param batchCommandsMax client commands per log entry at most
 * @param bug the planted bug, or {@link RaftBug#NONE}
 */
public record RaftConfig(int serverCount, long electionTimeoutNanosMin, long heartbeatIntervalNanos,
        int appendBytesMax, int inflightAppendsMax, int batchCommandsMax, RaftBug bug) {

    public RaftConfig {
        if (serverCount < 1 || serverCount > 15) {
            throw new IllegalArgumentException("raft.serverCount must be in [1, 15], was "
                    + serverCount);
        }
        if (electionTimeoutNanosMin <= 0) {
            throw new IllegalArgumentException("raft.electionTimeoutNanosMin must be > 0");
        }
        if (heartbeatIntervalNanos <= 0 || heartbeatIntervalNanos * 2 > electionTimeoutNanosMin) {
            throw new IllegalArgumentException(
                    "raft.heartbeatIntervalNanos must be > 0 and at most "
                    + "half of raft.electionTimeoutNanosMin, was " + heartbeatIntervalNanos);
        }
        if (appendBytesMax < 1 || inflightAppendsMax < 1 || batchCommandsMax < 1) {
            throw new IllegalArgumentException("raft.appendBytesMax, raft.inflightAppendsMax and "
                    + "raft.batchCommandsMax must be >= 1");
        }
        if (bug == null) {
            throw new IllegalArgumentException("raft.bug is missing (use NONE)");
        }
    }

    /** 150 ms election timeouts, 50 ms heartbeats, 64 KiB appends, 4 in flight, 32 per batch. */
    public static RaftConfig defaults(int serverCount) {
        return new RaftConfig(serverCount, 150_000_000L, 50_000_000L, 64 * 1024, 4, 32,
                RaftBug.NONE);
    }

    public RaftConfig withBug(RaftBug value) {
        return new RaftConfig(serverCount, electionTimeoutNanosMin, heartbeatIntervalNanos,
                appendBytesMax, inflightAppendsMax, batchCommandsMax, value);
    }

    public int majority() {
        return serverCount / 2 + 1;
    }

    public boolean isServer(int nodeId) {
        return nodeId >= 0 && nodeId < serverCount;
    }
}
