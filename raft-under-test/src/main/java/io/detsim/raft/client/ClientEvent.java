package io.detsim.raft.client;

/**
 * One entry of a client history, as Jepsen records it.
 *
 * @param process the Jepsen process (a client continues under a new process after a timeout)
 * @param type invoke, ok, fail or info
 * @param f the function: get, put, cas, append, or stale-get (a non-linearizable local read,
 *     kept out of linearizability checks)
 * @param key the key
 * @param value the argument or result: a String, a two-element List for cas, or null
 * @param timeNanos the client's local time
 */
public record ClientEvent(long process, Type type, String f, String key, Object value,
        long timeNanos) {
    public enum Type { INVOKE, OK, FAIL, INFO }
}
