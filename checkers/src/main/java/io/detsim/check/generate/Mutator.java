package io.detsim.check.generate;

import io.detsim.check.history.History;
import io.detsim.check.history.Op;
import io.detsim.check.history.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/** The mutations behind {@link HistoryGenerator#mutate}; see there for what each one does. */
final class Mutator {
    /** Swapped-read pairs are drawn from this many consecutive completed reads at most. */
    private static final int READS_FOR_PAIRS_MAX = 200;

    private Mutator() {}

    static History mutate(History history, long seed) {
        if (history.size() == 0) {
            throw new IllegalArgumentException("cannot mutate an empty history");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Op> ops = new ArrayList<>(history.ops());
        List<Integer> reads = completedReads(ops);
        if (reads.isEmpty()) {
            return appendRead(ops, history.source());
        }
        List<int[]> swappable = swappablePairs(ops, window(reads, random));
        if (swappable.isEmpty() || random.nextBoolean()) {
            int at = reads.get(random.nextInt(reads.size()));
            Op read = ops.get(at);
            Object bogus = neverWritten(ops, read.value() instanceof String);
            ops.set(at, withValue(read, bogus));
            return new History(ops, "mutated (never-written read at op " + at + " now returns "
                    + bogus + ") " + history.source());
        }
        List<int[]> certain = new ArrayList<>();
        Map<List<Object>, Integer> firstProducers = new HashMap<>();
        for (int[] pair : swappable) {
            Op second = ops.get(pair[1]);
            int producer = firstProducers.computeIfAbsent(
                    Arrays.asList(second.key(), second.value()), k -> firstProducer(ops, second));
            if (producer > pair[0]) {
                certain.add(pair);
            }
        }
        List<int[]> pairs = certain.isEmpty() ? swappable : certain;
        int[] pair = pairs.get(random.nextInt(pairs.size()));
        Op first = ops.get(pair[0]);
        Op second = ops.get(pair[1]);
        ops.set(pair[0], withValue(first, second.value()));
        ops.set(pair[1], withValue(second, first.value()));
        return new History(ops, "mutated (swapped reads at ops " + pair[0] + " and " + pair[1]
                + (certain.isEmpty() ? ", likely" : ", certain") + ") " + history.source());
    }

    /**
     * The index of the first invocation that could make {@code read}'s key hold {@code read}'s
     * value (a write or put of it, a cas to it, an append of a suffix of it): -1 when it is the
     * initial value (0 or {@code ""}), the history's length when nothing could. A read completing
     * before that index returns a value from the future.
     */
    private static int firstProducer(List<Op> ops, Op read) {
        Object value = read.value();
        if (Objects.equals(value, 0L) || Objects.equals(value, "")) {
            return -1;
        }
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.type() == OpType.INVOKE && Objects.equals(op.key(), read.key())
                    && couldProduce(op, value)) {
                return i;
            }
        }
        return ops.size();
    }

    /** At most {@link #READS_FOR_PAIRS_MAX} consecutive reads, so pairing stays cheap. */
    private static List<Integer> window(List<Integer> reads, SplittableRandom random) {
        if (reads.size() <= READS_FOR_PAIRS_MAX) {
            return reads;
        }
        int start = random.nextInt(reads.size() - READS_FOR_PAIRS_MAX + 1);
        return reads.subList(start, start + READS_FOR_PAIRS_MAX);
    }

    private static boolean couldProduce(Op invoke, Object value) {
        Object argument = invoke.value();
        return switch (invoke.f()) {
            case "write", "put" -> Objects.equals(argument, value);
            case "cas" -> argument instanceof List<?> pair && pair.size() == 2
                    && Objects.equals(pair.get(1), value);
            case "append" -> argument instanceof String suffix && value instanceof String text
                    && text.endsWith(suffix);
            default -> false;
        };
    }

    private static boolean isRead(Op op) {
        return op.f().equals("read") || op.f().equals("get");
    }

    /** Indexes of the ok completions of reads. */
    private static List<Integer> completedReads(List<Op> ops) {
        List<Integer> reads = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).type() == OpType.OK && isRead(ops.get(i))) {
                reads.add(i);
            }
        }
        return reads;
    }

    /**
     * Pairs of completed reads (as indexes of their ok completions) on the same key, the first
     * completing before the second is invoked, that returned different values.
     */
    private static List<int[]> swappablePairs(List<Op> ops, List<Integer> reads) {
        Map<Integer, Integer> invokeOf = invocations(ops);
        List<int[]> pairs = new ArrayList<>();
        for (int first : reads) {
            for (int second : reads) {
                Op a = ops.get(first);
                Op b = ops.get(second);
                if (first < invokeOf.get(second) && Objects.equals(a.key(), b.key())
                        && !Objects.equals(a.value(), b.value())) {
                    pairs.add(new int[] {first, second});
                }
            }
        }
        return pairs;
    }

    /** For each completion's index, the index of its invocation. */
    private static Map<Integer, Integer> invocations(List<Op> ops) {
        Map<Long, Integer> outstanding = new HashMap<>();
        Map<Integer, Integer> invokeOf = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.type() == OpType.INVOKE) {
                outstanding.put(op.process(), i);
            } else {
                Integer invoke = outstanding.remove(op.process());
                invokeOf.put(i, invoke == null ? -1 : invoke);
            }
        }
        return invokeOf;
    }

    /** Appends a read of a never-written value by a fresh process, after everything else. */
    private static History appendRead(List<Op> ops, String source) {
        long process = 0;
        long timeNanos = 0;
        Object key = null;
        for (Op op : ops) {
            process = Math.max(process, op.process() + 1);
            timeNanos = Math.max(timeNanos, op.timeNanos());
            key = key == null ? op.key() : key;
        }
        String f = key == null ? "read" : "get";
        Object bogus = neverWritten(ops, key != null);
        ops.add(new Op(ops.size(), process, OpType.INVOKE, f, key, null, timeNanos + 1));
        ops.add(new Op(ops.size(), process, OpType.OK, f, key, bogus, timeNanos + 2));
        return new History(ops, "mutated (appended read of never-written " + bogus + ") "
                + source);
    }

    /**
     * A value no state can hold: a number above every number in the history (and above the
     * initial 0), or a string with a character no value in the history contains (kv states are
     * concatenations of written values, so they never contain it).
     */
    private static Object neverWritten(List<Op> ops, boolean asString) {
        StringBuilder text = new StringBuilder();
        long max = 0;
        for (Op op : ops) {
            List<?> values = op.value() instanceof List<?> list ? list : List.of(
                    Objects.requireNonNullElse(op.value(), ""));
            for (Object value : values) {
                if (value instanceof Number n) {
                    max = Math.max(max, n.longValue());
                }
                text.append(value);
            }
        }
        if (!asString) {
            return max + 1;
        }
        for (char c = '?'; c <= '~'; c++) {
            if (text.indexOf(String.valueOf(c)) < 0) {
                return String.valueOf(c);
            }
        }
        // Every candidate character occurs: a string longer than all values together.
        return "?".repeat(text.length() + 1);
    }

    private static Op withValue(Op op, Object value) {
        return new Op(op.index(), op.process(), op.type(), op.f(), op.key(), value,
                op.timeNanos());
    }
}
