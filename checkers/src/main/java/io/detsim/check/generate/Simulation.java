package io.detsim.check.generate;

import io.detsim.check.history.History;
import io.detsim.check.history.Op;
import io.detsim.check.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One run of the generator: client processes invoke operations on a simulated sequential object
 * (a map from key to value, its own code rather than a checker model) and complete them later.
 * Every step of virtual time performs one action drawn uniformly from those enabled: a process
 * invokes, a pending operation takes effect atomically, or a pending operation completes. An ok
 * operation can only complete after it took effect, so its effect lies between its invocation and
 * its completion: the history is linearizable by construction (in honest mode).
 */
final class Simulation {
    /** What will become of an operation, decided when it is invoked. */
    private enum Fate { OK, FAIL, CRASH_TAKES_EFFECT, CRASH_NO_EFFECT }

    /** An invoked operation that has not finished yet. */
    private static final class Pending {
        final long process;
        final String f;
        final Object key;
        final Object argument;
        final Fate fate;
        boolean tookEffect;
        Object result;
        boolean casMismatch;

        Pending(long process, String f, Object key, Object argument, Fate fate) {
            this.process = process;
            this.f = f;
            this.key = key;
            this.argument = argument;
            this.fate = fate;
        }

        boolean mustTakeEffect() {
            return fate == Fate.OK || fate == Fate.CRASH_TAKES_EFFECT;
        }

        boolean canComplete() {
            return fate != Fate.OK || tookEffect;
        }
    }

    private static final int INVOKE = 0;
    private static final int TAKE_EFFECT = 1;
    private static final int COMPLETE = 2;
    private static final int ORPHAN_TAKES_EFFECT = 3;
    private static final long STEP_NANOS_MAX = 1_000_000;
    private static final Object REGISTER_KEY = "register";

    private final HistoryGenerator.Config config;
    private final boolean honest;
    // Named streams: changing how often ops crash does not change which ops are drawn.
    private final SplittableRandom scheduleRandom;
    private final SplittableRandom workloadRandom;
    private final SplittableRandom fateRandom;
    private final SplittableRandom resultRandom;
    private final Map<Object, Object> store = new HashMap<>();
    /** Random mode: every value each key has held, for plausible (often stale) reads. */
    private final Map<Object, List<Object>> heldValues = new HashMap<>();
    private final List<Op> ops = new ArrayList<>();
    private long timeNanos;

    Simulation(HistoryGenerator.Config config, boolean honest) {
        this.config = config;
        this.honest = honest;
        SplittableRandom root = new SplittableRandom(config.seed());
        this.scheduleRandom = root.split();
        this.workloadRandom = root.split();
        this.fateRandom = root.split();
        this.resultRandom = root.split();
    }

    History run() {
        int processCount = config.processCount();
        Pending[] slots = new Pending[processCount];
        long[] processOf = new long[processCount];
        for (int slot = 0; slot < processCount; slot++) {
            processOf[slot] = slot;
        }
        // Crashed operations that completed as :info but will still take effect.
        List<Pending> orphans = new ArrayList<>();
        int invokedCount = 0;
        // Each operation needs at most three actions: invoke, take effect, complete.
        long stepsMax = 3L * config.opCount() + 1;
        List<int[]> actions = new ArrayList<>();
        for (long step = 0; ; step++) {
            if (step > stepsMax) {
                throw new IllegalStateException("generator did not finish in " + stepsMax
                        + " steps: " + config);
            }
            collectActions(slots, invokedCount < config.opCount(), orphans.size(), actions);
            if (actions.isEmpty()) {
                return new History(ops, (honest ? "generated " : "random ") + config);
            }
            int[] action = actions.get(scheduleRandom.nextInt(actions.size()));
            timeNanos += scheduleRandom.nextLong(1, STEP_NANOS_MAX + 1);
            int slot = action[1];
            switch (action[0]) {
                case INVOKE -> {
                    slots[slot] = invoke(processOf[slot]);
                    invokedCount++;
                }
                case TAKE_EFFECT -> takeEffect(slots[slot]);
                case COMPLETE -> {
                    Pending done = slots[slot];
                    slots[slot] = null;
                    complete(done);
                    if (done.fate == Fate.CRASH_TAKES_EFFECT && !done.tookEffect) {
                        orphans.add(done);
                    }
                    if (done.fate == Fate.CRASH_TAKES_EFFECT || done.fate == Fate.CRASH_NO_EFFECT) {
                        // Jepsen: a crashed process is replaced by a fresh one.
                        processOf[slot] += processCount;
                    }
                }
                case ORPHAN_TAKES_EFFECT -> takeEffect(orphans.remove(slot));
                default -> throw new IllegalStateException("unknown action " + action[0]);
            }
        }
    }

    /** Every action enabled now, as {kind, slot} (or {kind, orphan index}). */
    private static void collectActions(Pending[] slots, boolean mayInvoke, int orphanCount,
            List<int[]> actions) {
        actions.clear();
        for (int slot = 0; slot < slots.length; slot++) {
            Pending pending = slots[slot];
            if (pending == null) {
                if (mayInvoke) {
                    actions.add(new int[] {INVOKE, slot});
                }
                continue;
            }
            if (pending.mustTakeEffect() && !pending.tookEffect) {
                actions.add(new int[] {TAKE_EFFECT, slot});
            }
            if (pending.canComplete()) {
                actions.add(new int[] {COMPLETE, slot});
            }
        }
        for (int i = 0; i < orphanCount; i++) {
            actions.add(new int[] {ORPHAN_TAKES_EFFECT, i});
        }
    }

    private Pending invoke(long process) {
        String f;
        Object key = null;
        Object argument = null;
        int choice = workloadRandom.nextInt(12);
        switch (config.modelKind()) {
            case REGISTER -> f = choice < 6 ? "read" : "write";
            case CAS_REGISTER -> f = choice < 4 ? "read" : choice < 8 ? "write" : "cas";
            case KV -> {
                f = choice < 6 ? "get" : choice < 9 ? "put" : "append";
                key = "k" + workloadRandom.nextInt(config.keyCount());
            }
            default -> throw new IllegalStateException("unknown kind " + config.modelKind());
        }
        switch (f) {
            case "write" -> argument = randomNumber(workloadRandom);
            case "cas" -> argument = List.of(randomNumber(workloadRandom),
                    randomNumber(workloadRandom));
            case "put", "append" -> argument = String.valueOf(workloadRandom.nextInt(
                    config.valueCount()));
            default -> { }
        }
        Pending pending = new Pending(process, f, key, argument, drawFate());
        emit(pending, OpType.INVOKE, argument);
        return pending;
    }

    private Fate drawFate() {
        double draw = fateRandom.nextDouble();
        if (draw < config.crashFraction()) {
            return fateRandom.nextBoolean() ? Fate.CRASH_TAKES_EFFECT : Fate.CRASH_NO_EFFECT;
        }
        return draw < config.crashFraction() + config.failFraction() ? Fate.FAIL : Fate.OK;
    }

    /** The atomic step of the sequential object: the operation's linearization point. */
    private void takeEffect(Pending pending) {
        if (pending.tookEffect) {
            throw new IllegalStateException("operation took effect twice: " + pending.f);
        }
        pending.tookEffect = true;
        Object key = pending.key == null ? REGISTER_KEY : pending.key;
        Object current = store.getOrDefault(key, initialValue());
        switch (pending.f) {
            case "read", "get" -> pending.result = honest ? current : randomResult(key);
            case "write", "put" -> store.put(key, pending.argument);
            case "append" -> store.put(key, (String) current + pending.argument);
            case "cas" -> {
                List<?> pair = (List<?>) pending.argument;
                boolean matches = honest ? Objects.equals(current, pair.get(0))
                        : resultRandom.nextBoolean();
                pending.casMismatch = !matches;
                if (matches) {
                    store.put(key, pair.get(1));
                }
            }
            default -> throw new IllegalStateException("unknown function " + pending.f);
        }
        if (!honest) {
            heldValues.computeIfAbsent(key, k -> new ArrayList<>(List.of(initialValue())))
                    .add(store.getOrDefault(key, initialValue()));
        }
    }

    private void complete(Pending pending) {
        switch (pending.fate) {
            case OK -> {
                if (pending.casMismatch) {
                    emit(pending, OpType.FAIL, pending.argument);
                } else {
                    boolean isRead = pending.f.equals("read") || pending.f.equals("get");
                    emit(pending, OpType.OK, isRead ? pending.result : pending.argument);
                }
            }
            case FAIL -> emit(pending, OpType.FAIL, pending.argument);
            case CRASH_TAKES_EFFECT, CRASH_NO_EFFECT -> emit(pending, OpType.INFO,
                    pending.argument);
            default -> throw new IllegalStateException("unknown fate " + pending.fate);
        }
    }

    private void emit(Pending pending, OpType type, Object value) {
        ops.add(new Op(ops.size(), pending.process, type, pending.f, pending.key, value,
                timeNanos));
    }

    private Object initialValue() {
        return config.modelKind() == ModelKind.KV ? "" : (Object) 0L;
    }

    private Long randomNumber(SplittableRandom random) {
        return (long) random.nextInt(config.valueCount());
    }

    /**
     * A read result in random mode: half the time a value the key held at some point (current,
     * stale or initial), half the time an arbitrary one that may never have been written.
     */
    private Object randomResult(Object key) {
        if (resultRandom.nextBoolean()) {
            List<Object> held = heldValues.getOrDefault(key, List.of(initialValue()));
            return held.get(resultRandom.nextInt(held.size()));
        }
        if (config.modelKind() != ModelKind.KV) {
            return randomNumber(resultRandom);
        }
        StringBuilder value = new StringBuilder();
        int parts = resultRandom.nextInt(3);
        for (int i = 0; i < parts; i++) {
            value.append(resultRandom.nextInt(config.valueCount()));
        }
        return value.toString();
    }
}
