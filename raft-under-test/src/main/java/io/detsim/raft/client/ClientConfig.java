package io.detsim.raft.client;

/**
 * What a client process does.
 *
 * @param serverCount servers are node ids 0..serverCount-1; this client's id is higher
 * @param clientCount how many client processes run (process ids advance by this after a timeout)
 * @param opsMax operations to issue at most
 * @param keyCount keys "k0".."k{n-1}"
 * @param readShare share of linearizable gets
 * @param staleReadShare share of stale (follower-local) gets
 * @param casShare share of compare-and-sets
 * @param leaseReadShare share of lease gets ({@code lease-get}); the rest are puts and appends,
 *                       half each
 * @param opTimeoutNanos an operation not answered in this time becomes info
 * @param retryIntervalNanos an unanswered request is resent (same sequence) after this
 * @param thinkNanosMax pause between operations, drawn in [0, max]
 */
public record ClientConfig(int serverCount, int clientCount, int opsMax, int keyCount,
        double readShare,
        double staleReadShare, double casShare, long opTimeoutNanos, long retryIntervalNanos,
        long thinkNanosMax, double leaseReadShare) {

    /** A workload without lease reads. */
    public ClientConfig(int serverCount, int clientCount, int opsMax, int keyCount,
            double readShare, double staleReadShare, double casShare, long opTimeoutNanos,
            long retryIntervalNanos, long thinkNanosMax) {
        this(serverCount, clientCount, opsMax, keyCount, readShare, staleReadShare, casShare,
                opTimeoutNanos, retryIntervalNanos, thinkNanosMax, 0);
    }

    public ClientConfig {
        if (serverCount < 1 || clientCount < 1 || opsMax < 0 || keyCount < 1) {
            throw new IllegalArgumentException(
                    "client.serverCount, clientCount and keyCount must be >= 1,"
                    + " opsMax >= 0");
        }
        if (readShare < 0 || staleReadShare < 0 || casShare < 0 || leaseReadShare < 0
                || readShare + staleReadShare + casShare + leaseReadShare > 1) {
            throw new IllegalArgumentException("client.readShare + staleReadShare + casShare"
                    + " + leaseReadShare must be in [0, 1]");
        }
        if (opTimeoutNanos <= 0 || retryIntervalNanos <= 0 || thinkNanosMax < 0) {
            throw new IllegalArgumentException(
                    "client.opTimeoutNanos and retryIntervalNanos must be > 0");
        }
    }

    /** A mixed workload: 40% gets, 20% cas, the rest puts and appends; 1 s timeouts. */
    public static ClientConfig defaults(int serverCount, int clientCount, int opsMax) {
        return new ClientConfig(serverCount, clientCount, opsMax, 3, 0.4, 0.0, 0.2, 1_000_000_000L,
                100_000_000L, 20_000_000L);
    }
}
