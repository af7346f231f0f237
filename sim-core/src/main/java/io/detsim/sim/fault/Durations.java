package io.detsim.sim.fault;

/** Formats nanosecond durations for people, and parses what people write. */
public final class Durations {
    private Durations() {}

    /**
     * Parses {@code 250us}, {@code 500ms}, {@code 1.5s}, {@code 2m} (also {@code ns}) into
     * nanoseconds.
     *
     * @throws IllegalArgumentException naming the text when it has no unit, is not a number, is
     *                                  negative or is out of range
     */
    public static long parseNanos(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a duration is missing (e.g. 500ms, 10s)");
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long multiplier;
        int unitLength;
        if (t.endsWith("ns")) {
            multiplier = 1L;
            unitLength = 2;
        } else if (t.endsWith("us")) {
            multiplier = 1_000L;
            unitLength = 2;
        } else if (t.endsWith("ms")) {
            multiplier = 1_000_000L;
            unitLength = 2;
        } else if (t.endsWith("s")) {
            multiplier = 1_000_000_000L;
            unitLength = 1;
        } else if (t.endsWith("m")) {
            multiplier = 60_000_000_000L;
            unitLength = 1;
        } else {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: give a unit, e.g. 500ms, 10s, 2m");
        }
        double value;
        try {
            value = Double.parseDouble(t.substring(0, t.length() - unitLength));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a duration (e.g. 500ms, 10s)", e);
        }
        if (!(value >= 0) || value * multiplier > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("'" + text + "' is out of range");
        }
        return Math.round(value * multiplier);
    }

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

    /**
     * {@link #format} when {@link #parseNanos} reads it back exactly, else the nanoseconds
     * ({@code "1234567ns"}): for text that must reproduce a value, such as a reproduce line.
     */
    public static String formatExact(long nanos) {
        String text = format(nanos);
        return parseNanos(text) == nanos ? text : nanos + "ns";
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
