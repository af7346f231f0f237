package io.detsim.check.edn;

/**
 * A tagged element such as {@code #inst "2024-01-01"}, kept as data: the tag is never looked up,
 * so no reader function (and no code) ever runs.
 */
public record Tagged(String tag, Object value) {
    @Override
    public String toString() {
        return "#" + tag + " " + EdnWriter.write(value);
    }
}
