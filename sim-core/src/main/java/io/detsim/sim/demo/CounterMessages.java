package io.detsim.sim.demo;

import io.detsim.sim.random.RandomStream;
import io.detsim.sim.seam.Message;
import java.util.Arrays;

/** The demo's messages. */
final class CounterMessages {
    private CounterMessages() {}

    /** A node made {@code value} durable and tells a peer. */
    record Announce(long value) implements Message {
        @Override
        public long digest() {
            return RandomStream.mix64(0xA11L ^ value);
        }
    }

    /** What the sender knows of every node's counter; merged by taking maxima. */
    record Gossip(long[] known) implements Message {
        Gossip {
            known = known.clone();
        }

        @Override
        public long[] known() { return known.clone(); }

        long knownOf(int node) { return known[node]; }

        int size() { return known.length; }

        @Override
        public long digest() {
            long h = 0x6055L;
            for (long value : known) {
                h = RandomStream.mix64(h ^ value);
            }
            return h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Gossip g && Arrays.equals(known, g.known);
        }

        @Override
        public int hashCode() { return Arrays.hashCode(known); }

        @Override
        public String toString() { return "Gossip" + Arrays.toString(known); }
    }
}
