package io.detsim.scenario.cli;

import picocli.CommandLine;

/**
 * Parses durations such as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 250us} into nanoseconds.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        return parseNanos(text);
    }

    static long parseNanos(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long multiplier;
        String number;
        if (t.endsWith("ns")) {
            multiplier = 1L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("us")) {
            multiplier = 1_000L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("ms")) {
            multiplier = 1_000_000L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            multiplier = 1_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            multiplier = 60_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else {
            throw new CommandLine.TypeConversionException(
                    "'" + text + "' is not a duration: give a unit, e.g. 500ms, 10s, 2m");
        }
        try {
            double value = Double.parseDouble(number);
            if (!(value >= 0) || value * multiplier > Long.MAX_VALUE / 2) {
                throw new CommandLine.TypeConversionException("'" + text + "' is out of range");
            }
            return Math.round(value * multiplier);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text
                    + "' is not a duration (e.g. 500ms, 10s)");
        }
    }
}
