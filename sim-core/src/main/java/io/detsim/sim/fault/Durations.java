package io.detsim.sim.fault;

/** Formats nanosecond durations for people. */
public final class Durations {
    private Durations() {}

    public static String format(long nanos) {
        long abs = Math.abs(nanos);
        if (abs >= 1_000_000_000L) {
            return trim(nanos / 1e9) + "s";
        }
        if (abs >= 1_000_000L) {
            return trim(nanos / 1e6) + "ms";
        }
        if (abs >= 1_000L) {
            return trim(nanos / 1e3) + "us";
        }
        return nanos + "ns";
    }

    /** Formats byte counts: 512B, 4KiB, 1GiB. */
    public static String formatBytes(long bytes) {
        if (bytes >= (1L << 30) && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes >= (1L << 10) && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return bytes + "B";
    }

    private static String trim(double value) {
        String text = String.format(java.util.Locale.ROOT, "%.3f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
