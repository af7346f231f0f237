package io.detsim.raft.kv;

/**
 * The outcome of applying a command.
 *
 * @param ok false only for a compare-and-set whose expected value was not there, or a request
 *     older than its session's latest
 * @param value the value read (get), the value after the command (put, append, successful cas),
 *     the current value (failed cas), or null
 * @param error why {@code ok} is false, or null
 */
public record KvResult(boolean ok, String value, String error) {
    public static KvResult ok(String value) {
        return new KvResult(true, value, null);
    }

    public static KvResult failed(String value, String error) {
        return new KvResult(false, value, error);
    }
}
