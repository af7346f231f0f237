package io.detsim.sim.fault;

/**
 * Network knobs. A message's latency is {@code latencyNanosMin} plus an exponential tail with mean
 * {@code latencyNanosMean - latencyNanosMin}, capped at {@code latencyNanosMax}; a reordered
 * message gets up to {@code reorderDelayNanosMax} extra, which lets later messages overtake it.
 */
public record NetworkProfile(
        long latencyNanosMin,
        long latencyNanosMean,
        long latencyNanosMax,
        Probability drop,
        Probability duplicate,
        Probability reorder,
        long reorderDelayNanosMax,
        int inFlightMessagesMaxPerLink) {

    public NetworkProfile {
        Knobs.nonNegative("network.latencyNanosMin", latencyNanosMin);
        Knobs.ordered("network.latencyNanosMin", latencyNanosMin, "network.latencyNanosMean",
                latencyNanosMean);
        Knobs.ordered("network.latencyNanosMean", latencyNanosMean, "network.latencyNanosMax",
                latencyNanosMax);
        Knobs.probability("network.drop", drop);
        Knobs.probability("network.duplicate", duplicate);
        Knobs.probability("network.reorder", reorder);
        Knobs.nonNegative("network.reorderDelayNanosMax", reorderDelayNanosMax);
        Knobs.positive("network.inFlightMessagesMaxPerLink", inFlightMessagesMaxPerLink);
    }

    /** A reliable LAN: 0.1–1 ms, nothing lost. */
    public static NetworkProfile reliable() {
        return new NetworkProfile(100_000, 300_000, 1_000_000, Probability.NEVER, Probability.NEVER,
                Probability.NEVER, 0, 10_000);
    }

    /** The default: a LAN with a long tail, rare drops, duplicates and reordering. */
    public static NetworkProfile defaults() {
        return new NetworkProfile(100_000, 1_000_000, 50_000_000, new Probability(0.01),
                new Probability(0.005), new Probability(0.02), 20_000_000, 1_000);
    }

    public NetworkProfile withDrop(double p) {
        return new NetworkProfile(latencyNanosMin, latencyNanosMean, latencyNanosMax,
                Probability.of("network.drop", p), duplicate, reorder, reorderDelayNanosMax,
                inFlightMessagesMaxPerLink);
    }

    public NetworkProfile withDuplicate(double p) {
        return new NetworkProfile(latencyNanosMin, latencyNanosMean, latencyNanosMax, drop,
                Probability.of("network.duplicate", p), reorder, reorderDelayNanosMax,
                inFlightMessagesMaxPerLink);
    }

    public NetworkProfile withInFlightMessagesMaxPerLink(int max) {
        return new NetworkProfile(latencyNanosMin, latencyNanosMean, latencyNanosMax, drop,
                duplicate, reorder, reorderDelayNanosMax, max);
    }

    String describe() {
        return String.format("latency %s..%s (mean %s), drop %s, duplicate %s, reorder %s (+%s), "
                        + "in-flight max %d/link",
                Durations.format(latencyNanosMin), Durations.format(latencyNanosMax),
                Durations.format(latencyNanosMean), drop, duplicate, reorder,
                Durations.format(reorderDelayNanosMax), inFlightMessagesMaxPerLink);
    }
}
