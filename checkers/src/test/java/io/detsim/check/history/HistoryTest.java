package io.detsim.check.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.edn.Keyword;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** History.operations(): pairing with Knossos's semantics. */
class HistoryTest {

    /** Builds a history op by op; indices are positions. */
    private static final class Builder {
        private final List<Op> ops = new ArrayList<>();

        Builder add(long process, OpType type, String f, Object value) {
            return add(process, type, f, null, value, Op.TIME_UNKNOWN);
        }

        Builder add(long process, OpType type, String f, Object key, Object value,
                long timeNanos) {
            ops.add(new Op(ops.size(), process, type, f, key, value, timeNanos));
            return this;
        }

        History build() {
            return new History(ops, "test-history");
        }
    }

    private static Builder history() {
        return new Builder();
    }

    private static HistoryException pairingFails(History history) {
        return assertThrows(HistoryException.class, history::operations);
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part),
                    () -> "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void okFillsInTheInvocationsValue() {
        List<Operation> operations = history()
                .add(0, OpType.INVOKE, "read", null)
                .add(0, OpType.OK, "read", 3L)
                .build().operations();
        assertEquals(1, operations.size());
        Operation read = operations.get(0);
        assertEquals(3L, read.value());
        assertTrue(read.completed());
        assertFalse(read.crashed());
        assertEquals("read", read.f());
        assertEquals(0, read.process());
        assertEquals(0, read.invokeIndex());
        assertEquals(1, read.completeIndex());
    }

    @Test
    void okValueReplacesTheInvocationsEvenWhenNil() {
        // knossos.history/complete: (assoc invocation :value (:value op)), nil or not.
        Operation write = history()
                .add(0, OpType.INVOKE, "write", 3L)
                .add(0, OpType.OK, "write", null)
                .build().operations().get(0);
        assertNull(write.value());
        assertTrue(write.completed());
    }

    @Test
    void failedOperationsDisappear() {
        History history = history()
                .add(0, OpType.INVOKE, "cas", List.of(1L, 2L))
                .add(0, OpType.FAIL, "cas", List.of(1L, 2L))
                .build();
        assertEquals(List.of(), history.operations());
        assertEquals(2, history.size(), "the ops themselves stay");
    }

    @Test
    void infoLeavesTheOutcomeUnknownWithTheInvocationsValue() {
        History history = history()
                .add(0, OpType.INVOKE, "write", 4L)
                .add(1, OpType.INVOKE, "read", null)
                .add(0, OpType.INFO, "write", Keyword.of("timed-out"))
                .add(1, OpType.OK, "read", 4L)
                .build();
        Operation write = history.operations().get(0);
        assertFalse(write.completed());
        assertTrue(write.crashed());
        assertEquals(4L, write.value());
        assertEquals(0, write.invokeIndex());
        assertEquals(4, write.completeIndex(), "an unknown outcome spans to the end");
        assertEquals(Op.TIME_UNKNOWN, write.completeTimeNanos());
        assertTrue(history.operations().get(1).completed());
    }

    @Test
    void aMissingCompletionIsLikeInfo() {
        History missing = history()
                .add(0, OpType.INVOKE, "write", 4L)
                .add(1, OpType.INVOKE, "read", null)
                .add(1, OpType.OK, "read", 0L)
                .build();
        History info = history()
                .add(0, OpType.INVOKE, "write", 4L)
                .add(1, OpType.INVOKE, "read", null)
                .add(1, OpType.OK, "read", 0L)
                .add(0, OpType.INFO, "write", null)
                .build();
        Operation fromMissing = missing.operations().get(0);
        Operation fromInfo = info.operations().get(0);
        assertFalse(fromMissing.completed());
        assertEquals(4L, fromMissing.value());
        assertEquals(3, fromMissing.completeIndex());
        assertEquals(4, fromInfo.completeIndex());
        assertEquals(fromInfo.withId(0), new Operation(0, 0, "write", null, 4L, false, 0, 4,
                Op.TIME_UNKNOWN, Op.TIME_UNKNOWN));
        assertEquals(fromMissing, new Operation(0, 0, "write", null, 4L, false, 0, 3,
                Op.TIME_UNKNOWN, Op.TIME_UNKNOWN));
    }

    @Test
    void idsCountInvocationsInOrderAfterFailsAreRemoved() {
        List<Operation> operations = history()
                .add(5, OpType.INVOKE, "write", 1L)   // 0: completes last, id 0
                .add(6, OpType.INVOKE, "cas", List.of(1L, 2L)) // 1: fails
                .add(7, OpType.INVOKE, "read", null)  // 2: id 1
                .add(6, OpType.FAIL, "cas", List.of(1L, 2L))
                .add(7, OpType.OK, "read", 0L)
                .add(6, OpType.INVOKE, "read", null)  // 5: id 2, never completes
                .add(5, OpType.OK, "write", 1L)
                .build().operations();
        assertEquals(3, operations.size());
        for (int i = 0; i < operations.size(); i++) {
            assertEquals(i, operations.get(i).id());
        }
        assertEquals(List.of(5L, 7L, 6L), operations.stream().map(Operation::process).toList());
        assertEquals(List.of(0L, 2L, 5L),
                operations.stream().map(Operation::invokeIndex).toList());
        assertEquals(List.of(6L, 4L, 7L),
                operations.stream().map(Operation::completeIndex).toList());
    }

    @Test
    void keysAndTimesArePaired() {
        Operation get = history()
                .add(0, OpType.INVOKE, "get", "k", null, 100)
                .add(0, OpType.OK, "get", null, "v", 250)
                .build().operations().get(0);
        assertEquals("k", get.key(), "the invocation's key when the ok has none");
        assertEquals("v", get.value());
        assertEquals(100, get.invokeTimeNanos());
        assertEquals(250, get.completeTimeNanos());
    }

    @Test
    void invokingTwiceWhileOutstandingIsAnError() {
        HistoryException e = pairingFails(history()
                .add(0, OpType.INVOKE, "read", null)
                .add(1, OpType.INVOKE, "read", null)
                .add(3, OpType.INVOKE, "write", 1L)
                .add(1, OpType.OK, "read", 0L)
                .add(3, OpType.INVOKE, "write", 2L)
                .build());
        assertMentions(e, "test-history", "op 4", "process 3", "op 2", "outstanding");
    }

    @Test
    void aCompletionWithoutAnInvocationIsAnError() {
        HistoryException e = pairingFails(history()
                .add(0, OpType.INVOKE, "read", null)
                .add(0, OpType.OK, "read", 0L)
                .add(0, OpType.OK, "read", 0L)
                .build());
        assertMentions(e, "test-history", "op 2", "process 0", "never invoked");
        for (OpType type : List.of(OpType.OK, OpType.FAIL, OpType.INFO)) {
            HistoryException first = pairingFails(history().add(9, type, "write", 1L).build());
            assertMentions(first, "op 0", "process 9", type.jepsenName());
        }
    }

    @Test
    void aCompletionOfADifferentFunctionIsAnError() {
        HistoryException e = pairingFails(history()
                .add(2, OpType.INVOKE, "read", null)
                .add(2, OpType.OK, "write", 1L)
                .build());
        assertMentions(e, "op 1", "process 2", "read", "write");
    }

    @Test
    void opsAreReindexedByPosition() {
        History history = new History(List.of(
                new Op(40, 0, OpType.INVOKE, "read", null, null, Op.TIME_UNKNOWN),
                new Op(41, 0, OpType.OK, "read", null, 1L, Op.TIME_UNKNOWN)), null);
        assertEquals(List.of(0L, 1L), history.ops().stream().map(Op::index).toList());
        assertEquals("history", history.source());
        assertEquals(1, history.operations().get(0).completeIndex());
    }

    @Test
    void operationsAreComputedOnceAndUnmodifiable() {
        History history = history()
                .add(0, OpType.INVOKE, "read", null)
                .add(0, OpType.OK, "read", 1L)
                .build();
        List<Operation> first = history.operations();
        assertSame(first, history.operations());
        assertThrows(UnsupportedOperationException.class, () -> first.remove(0));
        assertThrows(UnsupportedOperationException.class, () -> history.ops().remove(0));
    }

    @Test
    void opsNeedATypeAndAFunction() {
        assertThrows(IllegalArgumentException.class,
                () -> new Op(0, 0, null, "read", null, null, Op.TIME_UNKNOWN));
        assertThrows(IllegalArgumentException.class,
                () -> new Op(0, 0, OpType.INVOKE, "", null, null, Op.TIME_UNKNOWN));
    }

    @Test
    void jepsenNamesOfTypes() {
        for (OpType type : OpType.values()) {
            assertEquals(type, OpType.fromJepsenName(type.jepsenName()));
        }
        assertNull(OpType.fromJepsenName("INVOKE"));
        assertNull(OpType.fromJepsenName("started"));
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /**
     * Random well-formed histories: every operation matches a reference pairing written from
     * Knossos's rules, independently of History's bookkeeping.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomHistoriesPairLikeKnossos(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Builder builder = history();
        Map<Long, Integer> open = new HashMap<>();
        Set<Long> crashed = new HashSet<>();
        List<long[]> expected = new ArrayList<>(); // {invokeIndex, completeIndex or -1, kind}
        List<Object> expectedValues = new ArrayList<>();
        int length = random.nextInt(1, 60);
        long nextProcess = 0;
        for (int i = 0; i < length; i++) {
            List<Long> running = new ArrayList<>(open.keySet());
            running.sort(null);
            boolean complete = !running.isEmpty() && random.nextInt(3) > 0;
            int index = builder.ops.size();
            if (!complete) {
                long process = random.nextLong(0, nextProcess + 1);
                if (open.containsKey(process) || crashed.contains(process)) {
                    process = nextProcess;
                }
                if (process == nextProcess) {
                    nextProcess++;
                }
                Object value = random.nextBoolean() ? null : (long) random.nextInt(5);
                builder.add(process, OpType.INVOKE, "write", value);
                open.put(process, expected.size());
                expected.add(new long[] {index, -1, 0});
                expectedValues.add(value);
                continue;
            }
            long process = running.get(random.nextInt(running.size()));
            int slot = open.remove(process);
            OpType type = OpType.values()[random.nextInt(1, 4)];
            Object value = random.nextInt(4) == 0 ? null : (long) random.nextInt(5);
            builder.add(process, type, "write", value);
            expected.get(slot)[1] = index;
            expected.get(slot)[2] = type.ordinal();
            if (type == OpType.OK) {
                expectedValues.set(slot, value);
            }
            if (type == OpType.INFO) {
                crashed.add(process); // like Jepsen: a crashed process is not reused
            }
        }
        History history = builder.build();
        List<Operation> actual = history.operations();
        int id = 0;
        for (int slot = 0; slot < expected.size(); slot++) {
            long[] want = expected.get(slot);
            if (want[2] == OpType.FAIL.ordinal()) {
                continue;
            }
            String context = "seed " + seed + ", invocation at " + want[0];
            Operation got = actual.get(id);
            assertEquals(id, got.id(), context);
            assertEquals(want[0], got.invokeIndex(), context);
            boolean ok = want[2] == OpType.OK.ordinal();
            assertEquals(ok, got.completed(), context);
            assertEquals(ok ? want[1] : history.size(), got.completeIndex(), context);
            assertEquals(expectedValues.get(slot), got.value(), context);
            assertEquals(history.ops().get((int) want[0]).process(), got.process(), context);
            id++;
        }
        assertEquals(id, actual.size(), "seed " + seed);
    }
}
