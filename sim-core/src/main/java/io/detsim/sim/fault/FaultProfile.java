package io.detsim.sim.fault;

import io.detsim.sim.random.RandomStream;

/**
 * Every fault knob of a run in one validated value: network, disk, clocks, and the nemesis
 * schedule. It is printed with the seed and saved with every result, so a run can be understood and
 * replayed from its output alone.
 */
public record FaultProfile(NetworkProfile network, DiskProfile disk, ClockProfile clock,
        NemesisProfile nemesis) {

    public FaultProfile {
        Knobs.present("network", network);
        Knobs.present("disk", disk);
        Knobs.present("clock", clock);
        Knobs.present("nemesis", nemesis);
    }

    /** No faults at all: a reliable network, perfect disks and clocks, no nemesis. */
    public static FaultProfile none() {
        return new FaultProfile(NetworkProfile.reliable(), DiskProfile.reliable(),
                ClockProfile.perfect(), NemesisProfile.quiet());
    }

    /** Every fault family on at moderate strength, recoverable by a majority. */
    public static FaultProfile defaults() {
        return new FaultProfile(NetworkProfile.defaults(), DiskProfile.defaults(),
                ClockProfile.defaults(), NemesisProfile.defaults());
    }

    /**
     * Swarm testing: each fault family is switched on for about half of the seeds, with its
     * strength drawn from {@code random}. Different seeds therefore explore different mixes of
     * faults, which finds bugs that "everything a little" profiles dilute away.
     */
    public static FaultProfile swarm(RandomStream random) {
        RandomStream r = random.fork("swarm");
        return new FaultProfile(swarmNetwork(r.fork("network")), swarmDisk(r.fork("disk")),
                swarmClock(r.fork("clock")), swarmNemesis(r.fork("nemesis")));
    }

    public FaultProfile withNetwork(NetworkProfile value) {
        return new FaultProfile(value, disk, clock, nemesis);
    }

    public FaultProfile withDisk(DiskProfile value) {
        return new FaultProfile(network, value, clock, nemesis);
    }

    public FaultProfile withClock(ClockProfile value) {
        return new FaultProfile(network, disk, value, nemesis);
    }

    public FaultProfile withNemesis(NemesisProfile value) {
        return new FaultProfile(network, disk, clock, value);
    }

    /** One line per family, for printing beside the seed. */
    public String describe() {
        return "network: " + network.describe() + "\n"
                + "disk:    " + disk.describe() + "\n"
                + "clock:   " + clock.describe() + "\n"
                + "nemesis: " + nemesis.describe();
    }

    private static NetworkProfile swarmNetwork(RandomStream r) {
        long min = r.nextLong(20_000, 500_000);
        long mean = min + r.nextLong(0, 5_000_000);
        long max = mean + r.nextLong(0, 100_000_000);
        return new NetworkProfile(min, mean, max,
                maybe(r, 0.001, 0.1), maybe(r, 0.001, 0.05), maybe(r, 0.01, 0.2),
                r.nextLong(0, 50_000_000), (int) r.nextLong(50, 5_000));
    }

    private static DiskProfile swarmDisk(RandomStream r) {
        double lost = r.nextDouble();
        double torn = r.chance(0.5) ? r.nextDouble() * (1.0 - lost) : 0.0;
        long syncMin = r.nextLong(10_000, 1_000_000);
        boolean corrupt = r.chance(0.5);
        int sectorBytes = r.chance(0.5) ? 512 : 4096;
        long syncMax = syncMin + r.nextLong(0, 10_000_000);
        Probability slowIo = maybe(r, 0.01, 0.1);
        long slowIoDelayMax = r.nextLong(1_000_000, 200_000_000);
        Probability bitFlipOnWrite = corrupt ? maybe(r, 0.0001, 0.005) : Probability.NEVER;
        Probability bitFlipOnRead = corrupt ? maybe(r, 0.0001, 0.005) : Probability.NEVER;
        Probability latentReadError = corrupt ? maybe(r, 0.0001, 0.005) : Probability.NEVER;
        if (corrupt) {
            // Misdirected writes stay off (see DiskProfile.defaults()); their strength is still
            // drawn so that every later draw keeps its place in the stream.
            maybe(r, 0.0001, 0.002);
        }
        return new DiskProfile(sectorBytes, 1L << 30, syncMin, syncMax, slowIo, slowIoDelayMax,
                new Probability(lost), new Probability(torn), bitFlipOnWrite, bitFlipOnRead,
                latentReadError, Probability.NEVER, false);
    }

    /**
     * Skew (offset and drift) is one family; jumps are the nemesis's, so the jump bound is always
     * drawn and the nemesis toggle alone decides whether jumps happen.
     */
    private static ClockProfile swarmClock(RandomStream r) {
        boolean skewed = r.chance(0.5);
        long offsetNanosMax = skewed ? r.nextLong(1, 200_000_000) : 0;
        long driftPpmMax = skewed ? r.nextLong(1, 1_000) : 0;
        long jumpNanosMax = r.nextLong(1_000_000, 2_000_000_000);
        boolean jumpsBackAllowed = r.chance(0.5);
        return new ClockProfile(offsetNanosMax, driftPpmMax, jumpNanosMax, jumpsBackAllowed,
                offsetNanosMax + jumpNanosMax + r.nextLong(0, 1_000_000_000));
    }

    private static NemesisProfile swarmNemesis(RandomStream r) {
        long intervalNanosMean = r.nextLong(100_000_000, 2_000_000_000);
        long durationNanosMax = r.nextLong(200_000_000, 5_000_000_000L);
        boolean crashes = r.chance(0.5);
        boolean pauses = r.chance(0.5);
        boolean partitions = r.chance(0.5);
        boolean clogs = r.chance(0.5);
        boolean clockJumps = r.chance(0.5);
        boolean diskFull = r.chance(0.5);
        return new NemesisProfile(intervalNanosMean, durationNanosMax, crashes, pauses, partitions,
                clogs, clockJumps, diskFull, false);
    }

    /** Half the time off; otherwise uniform in [low, high]. */
    private static Probability maybe(RandomStream r, double low, double high) {
        if (!r.chance(0.5)) {
            return Probability.NEVER;
        }
        return new Probability(low + r.nextDouble() * (high - low));
    }
}
