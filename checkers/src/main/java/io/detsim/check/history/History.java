package io.detsim.check.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Jepsen-style history: invocations and completions in real-time order. {@link #operations()}
 * pairs them with Knossos's semantics: {@code ok} fills in the invocation's value, {@code fail}
 * means the operation did not happen, {@code info} or a missing completion means it may happen at
 * any time after its invocation, or never.
 */
public final class History {
    private final List<Op> ops;
    private final String source;
    private List<Operation> operations;

    /** A history of {@code ops} (re-indexed 0..n-1 in order); {@code source} names it in errors. */
    public History(List<Op> ops, String source) {
        List<Op> indexed = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Op op = Objects.requireNonNull(ops.get(i), "op " + i);
            indexed.add(op.index() == i ? op : op.withIndex(i));
        }
        this.ops = Collections.unmodifiableList(indexed);
        this.source = source == null ? "history" : source;
    }

    public List<Op> ops() {
        return ops;
    }

    public String source() {
        return source;
    }

    public int size() {
        return ops.size();
    }

    /**
     * The paired operations, failed ones left out, ordered by invocation.
     *
     * @throws HistoryException when a process completes something it never invoked, invokes twice
     *     without completing, or completes a different function than it invoked
     */
    public List<Operation> operations() {
        if (operations == null) {
            operations = Collections.unmodifiableList(pair());
        }
        return operations;
    }

    private List<Operation> pair() {
        Map<Long, Op> outstanding = new HashMap<>();
        Map<Long, Integer> slotOf = new HashMap<>();
        List<Operation> paired = new ArrayList<>();
        List<Boolean> keep = new ArrayList<>();
        for (Op op : ops) {
            if (op.type() == OpType.INVOKE) {
                Op previous = outstanding.put(op.process(), op);
                if (previous != null) {
                    throw error(op, "invokes again while its op " + previous.index()
                            + " is still outstanding");
                }
                slotOf.put(op.process(), paired.size());
                paired.add(crashed(op));
                keep.add(true);
                continue;
            }
            Op invoke = outstanding.remove(op.process());
            if (invoke == null) {
                throw error(op, "completes (" + op.type().jepsenName() + " " + op.f()
                        + ") an op it never invoked");
            }
            if (!invoke.f().equals(op.f())) {
                throw error(op, "invoked " + invoke.f() + " (op " + invoke.index()
                        + ") but completes " + op.f());
            }
            int slot = slotOf.remove(op.process());
            switch (op.type()) {
                case OK -> paired.set(slot, completed(invoke, op));
                case FAIL -> keep.set(slot, false);
                case INFO -> { }
                default -> throw new IllegalStateException("unreachable: " + op.type());
            }
        }
        List<Operation> result = new ArrayList<>(paired.size());
        for (int i = 0; i < paired.size(); i++) {
            if (keep.get(i)) {
                result.add(paired.get(i).withId(result.size()));
            }
        }
        return result;
    }

    private HistoryException error(Op op, String problem) {
        return new HistoryException(
                source + ": op " + op.index() + ": process " + op.process() + " " + problem);
    }

    private Operation crashed(Op invoke) {
        return new Operation(0, invoke.process(), invoke.f(), invoke.key(), invoke.value(), false,
                invoke.index(), ops.size(), invoke.timeNanos(), Op.TIME_UNKNOWN);
    }

    private static Operation completed(Op invoke, Op ok) {
        // Knossos (history/complete) replaces the invocation's value with the ok's, nil included.
        Object value = ok.value();
        Object key = ok.key() != null ? ok.key() : invoke.key();
        return new Operation(0, invoke.process(), invoke.f(), key, value, true, invoke.index(),
                ok.index(), invoke.timeNanos(), ok.timeNanos());
    }
}
