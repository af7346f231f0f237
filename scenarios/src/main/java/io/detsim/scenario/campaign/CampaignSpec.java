package io.detsim.scenario.campaign;

/**
 * What a campaign runs, saved as {@code campaign.json} so that {@code --resume} and
 * {@code detsim merge} can refuse to mix results of different campaigns.
 *
 * @param scenario the scenario reference (built-in name or file path)
 * @param knobs scenario overrides as command-line options ("" when none)
 * @param bug the planted bug's name, {@code none} for the correct Raft
 * @param firstSeed seeds run are {@code firstSeed, firstSeed + 1, ...}
 * @param seedCount how many seeds the whole campaign covers (all shards together)
 * @param shardIndex this shard, 1-based; it runs the seeds whose offset from {@code firstSeed}
 *                   is {@code shardIndex - 1} modulo {@code shardCount}
 * @param shardCount how many shards split the seeds
 */
public record CampaignSpec(String scenario, String knobs, String bug, long firstSeed,
        long seedCount, int shardIndex, int shardCount) {

    public CampaignSpec {
        if (seedCount < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, was " + seedCount);
        }
        if (shardCount < 1 || shardIndex < 1 || shardIndex > shardCount) {
            throw new IllegalArgumentException("--shard must be k/n with 1 <= k <= n, was "
                    + shardIndex + "/" + shardCount);
        }
    }

    /** How many seeds this shard runs. */
    public long shardSeedCount() {
        return Math.max(0, (seedCount - shardIndex + shardCount) / shardCount);
    }

    /** The {@code i}-th seed of this shard (computed, never listed: counts can be huge). */
    public long seedAt(long i) {
        return firstSeed + shardIndex - 1 + i * shardCount;
    }

    /** The seeds of this shard, in order (for small campaigns and tests). */
    public long[] seeds() {
        long[] seeds = new long[(int) Math.min(shardSeedCount(), Integer.MAX_VALUE - 8)];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = seedAt(i);
        }
        return seeds;
    }

    /** The same campaign, all shards: what merged results must agree on. */
    public CampaignSpec unsharded() {
        return new CampaignSpec(scenario, knobs, bug, firstSeed, seedCount, 1, 1);
    }
}
