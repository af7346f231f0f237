package io.detsim.raft.microraft;

import io.microraft.QueryPolicy;
import io.microraft.RaftConfig;

/**
 * The knobs of a MicroRaft cluster under detsim, validated with errors that name the field.
 * MicroRaft's own durations are in MicroRaft time: all of it reaches MicroRaft through our clock
 * and executor, which run {@code timeScale} times faster than node time (see {@link #timeScale}).
 *
 * @param servers servers are node ids {@code 0 .. servers-1}, all voting members from the start
 * @param timeScale K: one second of node time is K seconds of MicroRaft time. MicroRaft counts its
 *     heartbeat period and timeout in whole seconds (1 s and 2 s at the least), which is slow next
 *     to detsim's scenarios (a leader crashed every 2.5 s, a 1 s client timeout, a 5 s liveness
 *     bound) and to our Raft's 150 ms election timeout. Scaling MicroRaft's clock and timers
 *     together keeps it coherent; only network and disk latencies grow by K in its eyes
 * @param leaderElectionTimeoutMillis how long a (pre-)candidate waits for votes before trying
 *     again, in MicroRaft milliseconds (MicroRaft adds 0 to 99 ms of noise)
 * @param leaderHeartbeatPeriodSecs how often a leader heartbeats and followers check on it
 * @param leaderHeartbeatTimeoutSecs failure detection, leader stickiness, the leader's own quorum
 *     check, LEADER_LEASE reads and the leadership transfer deadline
 * @param appendEntriesRequestBatchSize entries per AppendEntries at most (MicroRaft sends one
 *     more)
 * @param commitCountToTakeSnapshot a snapshot every so many commits (the defaults keep it above
 *     any built-in run's commits; {@link #withSnapshotEvery} turns snapshots on). MicroRaft
 *     preallocates its log ring from it (about 4 bytes per entry), so do not go far beyond
 * @param maxPendingLogEntryCount uncommitted entries (and pending linearizable queries) a leader
 *     accepts before refusing more
 * @param reportPublishPeriodSecs how often a node publishes a periodic report
 * @param readPolicy how a client's linearizable get is served: LINEARIZABLE (ReadIndex), or
 *     LEADER_LEASE, which MicroRaft documents as not linearizable under clock faults (a way to
 *     show that detsim's checkers catch stale lease reads); stale gets are always
 *     EVENTUAL_CONSISTENCY
 * @param initialMembers servers {@code 0 .. initialMembers-1} start as the group
 * @param snapshotsFromFollowers MicroRaft's transferSnapshotsFromFollowersEnabled (off unless
 *     asked for: {@link #withSnapshotsFromFollowers})
 */
public record MicroRaftConfig(int servers, int timeScale, long leaderElectionTimeoutMillis,
        int leaderHeartbeatPeriodSecs, int leaderHeartbeatTimeoutSecs,
        int appendEntriesRequestBatchSize, int commitCountToTakeSnapshot,
        int maxPendingLogEntryCount, int reportPublishPeriodSecs, QueryPolicy readPolicy,
        int initialMembers, boolean snapshotsFromFollowers) {

    /** More servers than a long bit mask holds makes no sense in a simulation. */
    public static final int SERVERS_MAX = 63;

    public MicroRaftConfig {
        if (servers < 1 || servers > SERVERS_MAX) {
            throw new IllegalArgumentException("microraft.servers must be in [1, " + SERVERS_MAX
                    + "], was " + servers);
        }
        if (timeScale < 1 || timeScale > 1000) {
            throw new IllegalArgumentException("microraft.timeScale must be in [1, 1000], was "
                    + timeScale);
        }
        positive("microraft.leaderElectionTimeoutMillis", leaderElectionTimeoutMillis);
        positive("microraft.leaderHeartbeatPeriodSecs", leaderHeartbeatPeriodSecs);
        positive("microraft.appendEntriesRequestBatchSize", appendEntriesRequestBatchSize);
        positive("microraft.commitCountToTakeSnapshot", commitCountToTakeSnapshot);
        positive("microraft.maxPendingLogEntryCount", maxPendingLogEntryCount);
        positive("microraft.reportPublishPeriodSecs", reportPublishPeriodSecs);
        if (leaderHeartbeatTimeoutSecs < leaderHeartbeatPeriodSecs) {
            throw new IllegalArgumentException("microraft.leaderHeartbeatTimeoutSecs must be >= "
                    + "leaderHeartbeatPeriodSecs (" + leaderHeartbeatPeriodSecs + "), was "
                    + leaderHeartbeatTimeoutSecs);
        }
        if (initialMembers < 1 || initialMembers > servers) {
            throw new IllegalArgumentException("microraft.initialMembers must be in [1, servers],"
                    + " was " + initialMembers);
        }
        if (readPolicy == null || readPolicy == QueryPolicy.EVENTUAL_CONSISTENCY) {
            throw new IllegalArgumentException("microraft.readPolicy must be LINEARIZABLE or "
                    + "LEADER_LEASE, was " + readPolicy);
        }
    }

    /**
     * K = 8, a 1 s heartbeat period and a 5 s heartbeat timeout (MicroRaft time): 125 ms and
     * 625 ms of node time. The timeout is set by MicroRaft's flow control, not by failover
     * speed: after an AppendEntries or its response is lost, the leader sends that follower
     * nothing at all, heartbeats included, for up to 2 s (eight hard-coded 250 ms back-off rounds,
     * reached quickly because the back-off only resets on a response to the latest request).
     * With a 2 s timeout (the least MicroRaft accepts with a 1 s period) ordinary packet loss
     * deposes healthy leaders: 6% of swarm seeds failed liveness that way at K = 4; 5 s leaves
     * 3 s of margin. K = 8 then brings failover back to what detsim's scenarios assume (a leader
     * crashed every 2.5 s, a 1 s client timeout, 1 to 5 s liveness bounds): about 0.6 s of
     * timeout, up to 0.125 s until a follower looks, then a pre-vote and a vote round, about
     * 0.8 to 0.9 s in all; and the back-off itself shrinks to 250 ms of node time. Elections
     * time out after 1000 + noise MicroRaft ms (125 to 137 ms). Batches of 64 entries exercise
     * batching; 100 000 commits per snapshot is beyond any built-in run (a few thousand
     * commits); 128 pending entries bounds a leader's backlog; reads are linearizable
     * (ReadIndex).
     */
    public static MicroRaftConfig defaults(int servers) {
        return new MicroRaftConfig(servers, 8, 1000, 1, 5, 64, 100_000, 128, 10,
                QueryPolicy.LINEARIZABLE, servers, false);
    }

    /**
     * Servers {@code 0 .. value-1} start as the group; the rest start outside it, as spares a
     * leader can add (a membership change through MicroRaft's API).
     */
    public MicroRaftConfig withInitialMembers(int value) {
        return new MicroRaftConfig(servers, timeScale, leaderElectionTimeoutMillis,
                leaderHeartbeatPeriodSecs, leaderHeartbeatTimeoutSecs,
                appendEntriesRequestBatchSize, commitCountToTakeSnapshot, maxPendingLogEntryCount,
                reportPublishPeriodSecs, readPolicy, value, snapshotsFromFollowers);
    }

    /**
     * A snapshot every {@code commits} commits (MicroRaft's commitCountToTakeSnapshot): the
     * state machine's exported state in 4 KiB chunks, persisted in the journal; a follower
     * behind the leader's compacted log catches up by InstallSnapshot.
     */
    public MicroRaftConfig withSnapshotEvery(int commits) {
        return new MicroRaftConfig(servers, timeScale, leaderElectionTimeoutMillis,
                leaderHeartbeatPeriodSecs, leaderHeartbeatTimeoutSecs,
                appendEntriesRequestBatchSize, commits, maxPendingLogEntryCount,
                reportPublishPeriodSecs, readPolicy, initialMembers, snapshotsFromFollowers);
    }

    /**
     * MicroRaft's transferSnapshotsFromFollowersEnabled: a follower installing a snapshot may
     * fetch chunks from followers too. Off by default: with it on, a lagging follower asked for a
     * chunk of a snapshot it lacks ERROR-logs the request, which fails the run (see
     * MicroRaftSnapshotTest).
     */
    public MicroRaftConfig withSnapshotsFromFollowers(boolean value) {
        return new MicroRaftConfig(servers, timeScale, leaderElectionTimeoutMillis,
                leaderHeartbeatPeriodSecs, leaderHeartbeatTimeoutSecs,
                appendEntriesRequestBatchSize, commitCountToTakeSnapshot, maxPendingLogEntryCount,
                reportPublishPeriodSecs, readPolicy, initialMembers, value);
    }

    public MicroRaftConfig withReadPolicy(QueryPolicy value) {
        return new MicroRaftConfig(servers, timeScale, leaderElectionTimeoutMillis,
                leaderHeartbeatPeriodSecs, leaderHeartbeatTimeoutSecs,
                appendEntriesRequestBatchSize, commitCountToTakeSnapshot, maxPendingLogEntryCount,
                reportPublishPeriodSecs, value, initialMembers, snapshotsFromFollowers);
    }

    /** MicroRaft's own configuration object. */
    RaftConfig raftConfig() {
        return RaftConfig.newBuilder().setLeaderElectionTimeoutMillis(leaderElectionTimeoutMillis)
                .setLeaderHeartbeatPeriodSecs(leaderHeartbeatPeriodSecs)
                .setLeaderHeartbeatTimeoutSecs(leaderHeartbeatTimeoutSecs)
                .setAppendEntriesRequestBatchSize(appendEntriesRequestBatchSize)
                .setCommitCountToTakeSnapshot(commitCountToTakeSnapshot)
                .setMaxPendingLogEntryCount(maxPendingLogEntryCount)
                .setRaftNodeReportPublishPeriodSecs(reportPublishPeriodSecs)
                .setTransferSnapshotsFromFollowersEnabled(snapshotsFromFollowers).build();
    }

    /** MicroRaft's leader heartbeat timeout in node-time nanoseconds. */
    long heartbeatTimeoutNanos() {
        return leaderHeartbeatTimeoutSecs * 1_000_000_000L / timeScale;
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
    }
}
