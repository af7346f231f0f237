package io.detsim.scenario.model;

import io.detsim.raft.client.ClientConfig;

/**
 * What the clients do: a closed loop of operations over a few keys.
 *
 * @param opsPerClient operations each client process issues at most
 * @param keyCount keys {@code k0 .. k(n-1)}; few keys make conflicts (and bugs) likely
 * @param readShare share of linearizable gets (ReadIndex)
 * @param staleReadShare share of stale follower-local gets (not checked for linearizability)
 * @param casShare share of compare-and-sets; the rest are puts and appends
 * @param thinkNanosMax pause between a client's operations, drawn in [0, max]
 * @param opTimeoutNanos an unanswered operation becomes {@code info} after this
 * @param retryIntervalNanos an unanswered request is resent after this
 * @param leaseReadShare share of lease gets: answered by a leader on its lease (MicroRaft's
 *                       LEADER_LEASE), checked apart from the rest, since clock faults may
 *                       legitimately break leases
 */
public record Workload(int opsPerClient, int keyCount, double readShare, double staleReadShare,
        double casShare, long thinkNanosMax, long opTimeoutNanos, long retryIntervalNanos,
        double leaseReadShare) {

    public Workload {
        require(opsPerClient >= 1, "workload.opsPerClient must be >= 1, was " + opsPerClient);
        require(keyCount >= 1, "workload.keys must be >= 1, was " + keyCount);
        require(share(readShare) && share(staleReadShare) && share(casShare)
                        && share(leaseReadShare)
                        && readShare + staleReadShare + casShare + leaseReadShare <= 1.0,
                "workload.reads, staleReads, cas and leaseReads must be in [0, 1] and sum"
                        + " to at most 1, were " + readShare + ", " + staleReadShare + ", "
                        + casShare + ", " + leaseReadShare);
        require(thinkNanosMax >= 0, "workload.thinkMax must be >= 0");
        require(opTimeoutNanos > 0, "workload.opTimeout must be > 0");
        require(retryIntervalNanos > 0, "workload.retryInterval must be > 0");
    }

    /** 40% reads, 20% cas, the rest puts and appends over 3 keys; 20 ms think, 1 s timeout. */
    public static Workload defaults() {
        return new Workload(1_000, 3, 0.4, 0.0, 0.2, 20_000_000L, 1_000_000_000L, 100_000_000L,
                0);
    }

    public ClientConfig clientConfig(int servers, int clients) {
        return new ClientConfig(servers, clients, opsPerClient, keyCount, readShare,
                staleReadShare, casShare, opTimeoutNanos, retryIntervalNanos, thinkNanosMax,
                leaseReadShare);
    }

    public Workload withOpsPerClient(int value) {
        return new Workload(value, keyCount, readShare, staleReadShare, casShare, thinkNanosMax,
                opTimeoutNanos, retryIntervalNanos, leaseReadShare);
    }

    public Workload withLeaseReadShare(double value) {
        return new Workload(opsPerClient, keyCount, readShare, staleReadShare, casShare,
                thinkNanosMax, opTimeoutNanos, retryIntervalNanos, value);
    }

    private static boolean share(double value) {
        return value >= 0 && value <= 1;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
