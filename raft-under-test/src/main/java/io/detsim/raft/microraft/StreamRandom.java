package io.detsim.raft.microraft;

import io.detsim.sim.random.RandomStream;
import java.util.Random;

/**
 * MicroRaft's {@code java.util.Random}: every number comes from the node's named random stream,
 * forked from the seed (MicroRaft draws one thing, its election timeout noise).
 */
@SuppressForbidden("MicroRaft's API takes a java.util.Random; this one never uses its own seed"
        + " and draws from a seeded RandomStream")
final class StreamRandom extends Random {
    private static final long serialVersionUID = 1L;
    private final transient RandomStream stream;

    StreamRandom(RandomStream stream) {
        super(0L);
        this.stream = stream;
    }

    @Override
    protected int next(int bits) {
        return (int) (stream.nextLong() >>> (64 - bits));
    }

    @Override
    public int nextInt(int bound) {
        return stream.nextInt(bound);
    }
}
