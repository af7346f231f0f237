package io.detsim.sim.trace;

import java.util.List;
import java.util.Optional;

/** Finds where two traces of the same seed part ways: the first event whose hashed parts differ. */
public final class TraceDiff {
    private TraceDiff() {}

    /**
     * The first difference between {@code left} and {@code right}; empty when they are equal. When
     * one trace is a prefix of the other, the difference is at the shorter one's end and its side
     * is null.
     */
    public static Optional<Difference> firstDifference(List<TraceEvent> left,
            List<TraceEvent> right) {
        int common = Math.min(left.size(), right.size());
        for (int i = 0; i < common; i++) {
            if (!left.get(i).sameAs(right.get(i))) {
                return Optional.of(new Difference(i, left.get(i), right.get(i)));
            }
        }
        if (left.size() == right.size()) {
            return Optional.empty();
        }
        TraceEvent l = common < left.size() ? left.get(common) : null;
        TraceEvent r = common < right.size() ? right.get(common) : null;
        return Optional.of(new Difference(common, l, r));
    }

    /**
     * Where two traces differ.
     *
     * @param index position of the first differing event
     * @param left the left trace's event there, or null if it ended
     * @param right the right trace's event there, or null if it ended
     */
    public record Difference(long index, TraceEvent left, TraceEvent right) {
        @Override
        public String toString() {
            return "traces differ at event " + index + ":\n  left:  " + left + "\n  right: "
                    + right;
        }
    }
}
