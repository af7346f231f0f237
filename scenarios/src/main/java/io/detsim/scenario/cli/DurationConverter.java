package io.detsim.scenario.cli;

import io.detsim.sim.fault.Durations;
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
        try {
            return Durations.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
