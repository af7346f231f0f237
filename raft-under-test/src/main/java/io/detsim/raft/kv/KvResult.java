package io.detsim.raft.kv;

import io.detsim.sim.random.RandomStream;

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
    private static final long OK_PREFIX_DIGEST = RandomStream.fnv1a64("KvResult[ok=true, value=");
    private static final long FAILED_PREFIX_DIGEST =
            RandomStream.fnv1a64("KvResult[ok=false, value=");

    public static KvResult ok(String value) {
        return new KvResult(true, value, null);
    }

    public static KvResult failed(String value, String error) {
        return new KvResult(false, value, error);
    }

    /**
     * FNV-1a over the UTF-8 of {@link #toString()}, without building that string: a reply's
     * digest covers its result, and appends make values long.
     */
    public long textDigest() {
        long h = RandomStream.fnv1a64(ok ? OK_PREFIX_DIGEST : FAILED_PREFIX_DIGEST,
                String.valueOf(value));
        h = RandomStream.fnv1a64(h, ", error=");
        h = RandomStream.fnv1a64(h, String.valueOf(error));
        return RandomStream.fnv1a64(h, "]");
    }

    /**
     * Written out rather than left to the record default, whose format the JDK does not promise:
     * {@link #textDigest()}, and through it trace hashes, depend on it.
     */
    @Override
    public String toString() {
        return "KvResult[ok=" + ok + ", value=" + value + ", error=" + error + "]";
    }
}
