package io.detsim.scenario.cli;

import picocli.CommandLine;

/** Seeds in decimal or 0x-hex; any 64-bit value. */
final class SeedConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        try {
            String t = text.trim();
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text
                    + "' is not a seed (a 64-bit integer)");
        }
    }
}
