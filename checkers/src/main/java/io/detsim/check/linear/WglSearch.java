package io.detsim.check.linear;

import io.detsim.check.history.Operation;
import io.detsim.check.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Wing–Gong–Lowe search for one partition, with memoization of (linearized set, state).
 *
 * <p>Invocations and completions are entries of a doubly linked list in history order. The search
 * walks it: at an invocation it tries to linearize that operation (model step legal, configuration
 * new) and lifts its entries out; at a completion it has hit an operation that had to be
 * linearized already, so it backtracks. An operation with an unknown outcome has no completion
 * entry: it may be linearized any time after its invocation, or never. The history is
 * linearizable once every completed operation is linearized.
 *
 * <p>On success the search stack is the linearization: it is kept as operation positions only, and
 * the model states along it are computed on request ({@link #linearizedSteps}), so the search
 * itself pays one array copy for its witness.
 */
final class WglSearch {
    /** How a search ended. */
    enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

    private static final int CHECK_EVERY_STEPS = 1 << 12;

    private final Operation[] ops;
    private final Model model;
    private final long deadlineNanos;
    private final long memoBytesMax;
    private final AtomicBoolean cancelled;

    private final int head;
    private final int[] entryOp;
    private final boolean[] entryIsCall;
    private final int[] returnEntryOf;
    private final int[] next;
    private final int[] prev;

    private StateTable states;
    private int initialStateId;
    private String unknownReason;
    /** The operations in the order linearized, once the verdict is LINEARIZABLE. */
    private int[] linearization;
    private int[] bestPrefix = new int[0];
    private int bestStateId;
    private int blockingOp = -1;
    private long stepsTaken;

    WglSearch(List<Operation> operations, Model model, long deadlineNanos, long memoBytesMax,
            AtomicBoolean cancelled) {
        // Operations keep their ids (reports refer to them); the search uses array positions.
        this.ops = operations.toArray(new Operation[0]);
        this.model = model;
        this.deadlineNanos = deadlineNanos;
        this.memoBytesMax = memoBytesMax;
        this.cancelled = cancelled;
        List<long[]> entries = new ArrayList<>();
        for (int i = 0; i < ops.length; i++) {
            entries.add(new long[] {ops[i].invokeIndex(), i, 1});
            if (ops[i].completed()) {
                entries.add(new long[] {ops[i].completeIndex(), i, 0});
            }
        }
        entries.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> -e[2]));
        int count = entries.size();
        this.head = count;
        this.entryOp = new int[count];
        this.entryIsCall = new boolean[count];
        this.returnEntryOf = new int[ops.length];
        Arrays.fill(returnEntryOf, -1);
        this.next = new int[count + 1];
        this.prev = new int[count + 1];
        for (int e = 0; e < count; e++) {
            entryOp[e] = (int) entries.get(e)[1];
            entryIsCall[e] = entries.get(e)[2] == 1;
            if (!entryIsCall[e]) {
                returnEntryOf[entryOp[e]] = e;
            }
            next[e] = e + 1 < count ? e + 1 : -1;
            prev[e] = e == 0 ? head : e - 1;
        }
        next[head] = count == 0 ? -1 : 0;
        prev[head] = -1;
    }

    Verdict run() {
        states = new StateTable(model, ops);
        initialStateId = states.intern(model.initialState());
        int state = initialStateId;
        int remaining = 0;
        for (Operation op : ops) {
            remaining += op.completed() ? 1 : 0;
        }
        if (remaining == 0) {
            // Nothing had to happen: crashed operations may all never have taken effect.
            linearization = new int[0];
            return Verdict.LINEARIZABLE;
        }
        long[] zobrist = zobristKeys(ops.length);
        long[] bits = new long[(ops.length + 63) >>> 6];
        long setHash = 0;
        Memo memo = new Memo(ops.length, memoBytesMax);
        int[] stackEntry = new int[ops.length];
        int[] stackState = new int[ops.length];
        int depth = 0;
        int entry = next[head];
        while (true) {
            if ((++stepsTaken & (CHECK_EVERY_STEPS - 1)) == 0 && outOfBudget(memo)) {
                return Verdict.UNKNOWN;
            }
            if (entry < 0) {
                throw new IllegalStateException("search walked off the list with " + remaining
                        + " completed operations unlinearized");
            }
            int op = entryOp[entry];
            if (entryIsCall[entry]) {
                int after = states.step(state, op);
                // A crashed op that changes nothing is never worth linearizing: leaving it
                // pending (it may never happen) keeps every option that linearizing it would.
                boolean pointless = after == state && !ops[op].completed();
                if (after != StateTable.ILLEGAL && !pointless) {
                    bits[op >>> 6] ^= 1L << op;
                    setHash ^= zobrist[op];
                    if (memo.add(setHash, after, bits)) {
                        stackEntry[depth] = entry;
                        stackState[depth] = state;
                        depth++;
                        state = after;
                        lift(entry);
                        if (ops[op].completed() && --remaining == 0) {
                            linearization = opsOnStack(stackEntry, depth);
                            return Verdict.LINEARIZABLE;
                        }
                        if (depth > bestPrefix.length) {
                            recordBest(stackEntry, depth, state);
                        }
                        entry = next[head];
                        continue;
                    }
                    bits[op >>> 6] ^= 1L << op;
                    setHash ^= zobrist[op];
                }
                entry = next[entry];
                continue;
            }
            if (depth == 0) {
                return Verdict.NOT_LINEARIZABLE;
            }
            depth--;
            int undone = stackEntry[depth];
            int undoneOp = entryOp[undone];
            state = stackState[depth];
            bits[undoneOp >>> 6] ^= 1L << undoneOp;
            setHash ^= zobrist[undoneOp];
            unlift(undone);
            if (ops[undoneOp].completed()) {
                remaining++;
            }
            entry = next[undone];
        }
    }

    /** Why the search gave up (after {@link Verdict#UNKNOWN}). */
    String unknownReason() {
        return unknownReason;
    }

    /** The longest linearized sequence reached, as operations. */
    List<Operation> longestPrefix() {
        List<Operation> prefix = new ArrayList<>(bestPrefix.length);
        for (int op : bestPrefix) {
            prefix.add(ops[op]);
        }
        return prefix;
    }

    String stateAfterPrefix() {
        return model.describe(states.state(bestStateId));
    }

    /** {@link #longestPrefix} with the model state around each operation. */
    List<LinearizedStep> prefixSteps() {
        return replay(bestPrefix);
    }

    /**
     * The order the search linearized operations in, with the model state around each (after
     * {@link Verdict#LINEARIZABLE}). Every completed operation is there; a crashed one only if
     * the search placed it.
     */
    List<LinearizedStep> linearizedSteps() {
        if (linearization == null) {
            throw new IllegalStateException("no linearization: the search did not succeed");
        }
        return replay(linearization);
    }

    /**
     * Steps the model along {@code order} from its initial state. The search has made every one of
     * these transitions, so the state table answers from its memo and the model is not called.
     */
    private List<LinearizedStep> replay(int[] order) {
        List<LinearizedStep> steps = new ArrayList<>(order.length);
        int stateId = initialStateId;
        String before = model.describe(states.state(stateId));
        for (int op : order) {
            int after = states.step(stateId, op);
            if (after == StateTable.ILLEGAL) {
                throw new IllegalStateException("search order is illegal at " + ops[op]);
            }
            String afterText = model.describe(states.state(after));
            steps.add(new LinearizedStep(ops[op], before, afterText));
            stateId = after;
            before = afterText;
        }
        return steps;
    }

    /** The operation that blocked the deepest configuration, or null if none was recorded. */
    Operation blockingOperation() {
        if (blockingOp >= 0) {
            return ops[blockingOp];
        }
        // Failed before linearizing anything: the first completion blocks.
        for (int e = next[head]; e >= 0; e = next[e]) {
            if (!entryIsCall[e]) {
                return ops[entryOp[e]];
            }
        }
        return null;
    }

    long stepsTaken() {
        return stepsTaken;
    }

    private void recordBest(int[] stackEntry, int depth, int state) {
        bestPrefix = opsOnStack(stackEntry, depth);
        bestStateId = state;
        blockingOp = -1;
        for (int e = next[head]; e >= 0; e = next[e]) {
            if (!entryIsCall[e]) {
                blockingOp = entryOp[e];
                break;
            }
        }
    }

    private int[] opsOnStack(int[] stackEntry, int depth) {
        int[] order = new int[depth];
        for (int i = 0; i < depth; i++) {
            order[i] = entryOp[stackEntry[i]];
        }
        return order;
    }

    private boolean outOfBudget(Memo memo) {
        if (cancelled.get()) {
            unknownReason = "cancelled: another partition failed, or the check was interrupted";
            return true;
        }
        if (System.nanoTime() > deadlineNanos) {
            unknownReason = "time budget exhausted after " + stepsTaken + " search steps, "
                    + memo.size() + " configurations";
            return true;
        }
        if (memo.overBudget()) {
            unknownReason = "memory budget of " + (memoBytesMax >> 20) + " MiB exhausted after "
                    + memo.size() + " configurations";
            return true;
        }
        return false;
    }

    /** Removes an invocation and its completion (if any) from the list. */
    private void lift(int callEntry) {
        unlink(callEntry);
        int ret = returnEntryOf[entryOp[callEntry]];
        if (ret >= 0) {
            unlink(ret);
        }
    }

    /** Puts them back, in reverse order of removal. */
    private void unlift(int callEntry) {
        int ret = returnEntryOf[entryOp[callEntry]];
        if (ret >= 0) {
            relink(ret);
        }
        relink(callEntry);
    }

    private void unlink(int e) {
        next[prev[e]] = next[e];
        if (next[e] >= 0) {
            prev[next[e]] = prev[e];
        }
    }

    private void relink(int e) {
        next[prev[e]] = e;
        if (next[e] >= 0) {
            prev[next[e]] = e;
        }
    }

    private static long[] zobristKeys(int count) {
        long[] keys = new long[count];
        long seed = 0x5DEECE66DL;
        for (int i = 0; i < count; i++) {
            seed += 0x9E3779B97F4A7C15L;
            keys[i] = StateTable.mix(seed);
        }
        return keys;
    }
}
