package io.detsim.check.edn;

/** An EDN keyword such as {@code :invoke} or {@code :jepsen/nemesis}; {@code name} has no colon. */
public record Keyword(String name) implements Comparable<Keyword> {
    public Keyword {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a keyword needs a name");
        }
    }

    public static Keyword of(String name) {
        return new Keyword(name);
    }

    @Override
    public int compareTo(Keyword other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return ":" + name;
    }
}
