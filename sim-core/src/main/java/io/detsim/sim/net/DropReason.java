package io.detsim.sim.net;

/** Why the network lost a message; the code is what the trace records. */
public enum DropReason {
    RANDOM(1), PARTITION(2), LINK_FULL(3), RECEIVER_DOWN(4);

    private final int code;

    DropReason(int code) {
        this.code = code;
    }

    public int code() { return code; }
}
