package io.detsim.check.edn;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes values as EDN that {@link EdnReader} (and Clojure's EDN reader) read back equal. */
public final class EdnWriter {
    private EdnWriter() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    public static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("nil");
            case Boolean b -> out.append(b);
            case Long n -> out.append(n);
            case Integer n -> out.append(n);
            case BigInteger n -> out.append(n).append('N');
            case Double d -> writeDouble(d, out);
            // toString keeps the scale (1E+3M); toPlainString would read back as 1000M, unequal.
            case BigDecimal d -> out.append(d).append('M');
            case String s -> writeString(s, out);
            case Character c -> writeCharacter(c, out);
            case Keyword k -> out.append(k);
            case Symbol s -> out.append(s.name());
            case Tagged t -> {
                out.append('#').append(t.tag()).append(' ');
                write(t.value(), out);
            }
            case List<?> list -> writeAll(list, "[", "]", out);
            case Set<?> set -> writeAll(set, "#{", "}", out);
            case Map<?, ?> map -> writeMap(map, out);
            default -> throw new IllegalArgumentException(
                    "cannot write a " + value.getClass().getName() + " as EDN");
        }
    }

    private static void writeDouble(double d, StringBuilder out) {
        if (Double.isNaN(d)) {
            out.append("##NaN");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "##Inf" : "##-Inf");
        } else {
            out.append(d);
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void writeCharacter(char c, StringBuilder out) {
        switch (c) {
            case '\n' -> out.append("\\newline");
            case ' ' -> out.append("\\space");
            case '\t' -> out.append("\\tab");
            case '\r' -> out.append("\\return");
            default -> {
                if (c < 0x20 || c > 0x7e) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append('\\').append(c);
                }
            }
        }
    }

    private static void writeAll(Collection<?> items, String open, String close,
            StringBuilder out) {
        out.append(open);
        Iterator<?> it = items.iterator();
        while (it.hasNext()) {
            write(it.next(), out);
            if (it.hasNext()) {
                out.append(' ');
            }
        }
        out.append(close);
    }

    private static void writeMap(Map<?, ?> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            write(e.getKey(), out);
            out.append(' ');
            write(e.getValue(), out);
        }
        out.append('}');
    }
}
