package io.detsim.check.model;

import static io.detsim.check.model.ModelOps.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.edn.Keyword;
import io.detsim.check.history.Operation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** KvModel: get, put, append, delete and cas per key, split into one model per key. */
class KvModelTest {
    private static final Object ILLEGAL = Model.ILLEGAL;

    /** Porcupine's kv model: every key starts as "", a nil get is a value. */
    private final KvModel porcupine = new KvModel("", false);

    private static Operation kv(String f, Object key, Object value) {
        return op(f, key, value);
    }

    /** Steps the one-key model of {@code key} through {@code ops}. */
    private static Object runKey(KvModel model, Object key, Operation... ops) {
        Model one = model.forPartition(key);
        Object state = one.initialState();
        for (Operation op : ops) {
            state = one.step(state, op);
            if (state == ILLEGAL) {
                return state;
            }
        }
        return state;
    }

    @Test
    void eachKeyStartsAtTheInitialValue() {
        assertEquals("", porcupine.forPartition("a").initialState());
        assertNull(new KvModel(null, true).forPartition("a").initialState());
        assertEquals(Map.of(), porcupine.initialState(), "the unsplit store starts empty");
        assertEquals("kv", porcupine.name());
        assertTrue(porcupine.forPartition("a").name().contains("\"a\""));
    }

    @Test
    void appendConcatenates() {
        assertEquals("x 0 0 yx 0 1 y", runKey(porcupine, "k", kv("append", "k", "x 0 0 y"),
                kv("append", "k", "x 0 1 y")));
        assertEquals("ab", runKey(porcupine, "k", kv("append", "k", "a"),
                kv("append", "k", "b"), kv("get", "k", "ab")));
        assertSame(ILLEGAL, runKey(porcupine, "k", kv("append", "k", "a"),
                kv("append", "k", "b"), kv("get", "k", "ba")));
        assertEquals("a", runKey(new KvModel(null, true), "k", kv("append", "k", "a")),
                "appending to nil starts from the empty string");
    }

    @Test
    void putAndGet() {
        assertEquals("v", runKey(porcupine, "k", kv("put", "k", "v"), kv("get", "k", "v")));
        assertSame(ILLEGAL, runKey(porcupine, "k", kv("put", "k", "v"), kv("get", "k", "")));
        assertEquals("", runKey(porcupine, "k", kv("get", "k", "")));
        assertEquals("w", runKey(porcupine, "k", kv("write", "k", "w"), kv("read", "k", "w")),
                "read and write are synonyms");
    }

    @Test
    void deleteRestoresTheInitialValue() {
        assertEquals("", runKey(porcupine, "k", kv("put", "k", "v"), kv("delete", "k", null),
                kv("get", "k", "")));
        KvModel empty = new KvModel(null, false);
        assertNull(runKey(empty, "k", kv("put", "k", "v"), kv("delete", "k", null),
                kv("get", "k", null)));
    }

    @Test
    void casOnAKey() {
        assertEquals("b", runKey(porcupine, "k", kv("put", "k", "a"),
                kv("cas", "k", List.of("a", "b"))));
        assertSame(ILLEGAL, runKey(porcupine, "k", kv("put", "k", "a"),
                kv("cas", "k", List.of("x", "b"))));
        ModelException e = assertThrows(ModelException.class,
                () -> runKey(porcupine, "k", kv("cas", "k", "ab")));
        assertTrue(e.getMessage().contains("[old new]"), e.getMessage());
    }

    @Test
    void nilGetIsUnknownOnlyWhenAsked() {
        KvModel knossosStyle = new KvModel("", true);
        assertEquals("v", runKey(knossosStyle, "k", kv("put", "k", "v"), kv("get", "k", null)));
        assertSame(ILLEGAL, runKey(porcupine, "k", kv("put", "k", "v"), kv("get", "k", null)));
        assertNull(runKey(new KvModel(null, false), "k", kv("get", "k", null)),
                "nil is the value of a store that starts empty");
    }

    @Test
    void numbersAreEqualAcrossTypes() {
        KvModel numbers = new KvModel(0L, false);
        assertEquals(1L, runKey(numbers, "k", kv("put", "k", BigInteger.ONE),
                kv("get", "k", 1L)));
        assertEquals(1L, runKey(numbers, "k", kv("put", "k", 1L),
                kv("get", "k", BigInteger.ONE)));
        assertEquals(0L, new KvModel(0, false).forPartition("k").initialState());
    }

    @Test
    void partitionKeyIsTheOpsKey() {
        assertEquals("a", porcupine.partitionKey(kv("get", "a", "")));
        assertEquals(porcupine.partitionKey(kv("get", "a", "")),
                porcupine.partitionKey(kv("put", "a", "v")));
        assertNotEquals(porcupine.partitionKey(kv("get", "a", "")),
                porcupine.partitionKey(kv("get", "b", "")));
        assertEquals(porcupine.partitionKey(kv("get", 1L, "")),
                porcupine.partitionKey(kv("get", BigInteger.ONE, "")),
                "key 1N is key 1, as values compare");
        ModelException e = assertThrows(ModelException.class,
                () -> porcupine.partitionKey(kv("get", null, "")));
        assertTrue(e.getMessage().contains(":key"), e.getMessage());
    }

    @Test
    void theUnsplitStoreKeepsKeysApart() {
        Object state = porcupine.initialState();
        state = porcupine.step(state, kv("put", "a", "1"));
        state = porcupine.step(state, kv("append", "b", "2"));
        assertEquals(state, porcupine.step(state, kv("get", "a", "1")));
        assertEquals(state, porcupine.step(state, kv("get", "b", "2")));
        assertEquals(state, porcupine.step(state, kv("get", "c", "")), "absent is initial");
        assertSame(ILLEGAL, porcupine.step(state, kv("get", "a", "2")));
        assertEquals(Map.of("a", "1", "b", "2"), state);
    }

    @Test
    void theUnsplitStoreDoesNotConfuseKeysThatPrintAlike() {
        Object state = porcupine.step(porcupine.initialState(), kv("put", "1", "text key"));
        assertSame(ILLEGAL, porcupine.step(state, kv("get", 1L, "text key")));
        assertEquals(state, porcupine.step(state, kv("get", 1L, "")));
        Object keyword = porcupine.step(porcupine.initialState(), kv("put", ":a", "s"));
        assertEquals(keyword, porcupine.step(keyword, kv("get", Keyword.of("a"), "")));
    }

    @Test
    void onlyGetsAreReadOnly() {
        assertTrue(porcupine.isReadOnly(kv("get", "k", "")));
        assertTrue(porcupine.isReadOnly(kv("read", "k", "")));
        assertFalse(porcupine.isReadOnly(kv("put", "k", "")));
        assertFalse(porcupine.isReadOnly(kv("append", "k", "")));
        assertTrue(porcupine.forPartition("k").isReadOnly(kv("get", "k", "")));
        assertFalse(porcupine.forPartition("k").isReadOnly(kv("delete", "k", null)));
    }

    @Test
    void unknownFunctionsAreNamed() {
        ModelException e = assertThrows(ModelException.class,
                () -> runKey(porcupine, "k", kv("increment", "k", 1L)));
        assertTrue(e.getMessage().contains("increment"), e.getMessage());
    }

    /**
     * P-compositionality: stepping the whole store and stepping each key's own model agree on
     * every op, for random sequences over keys that include look-alikes (1, 1N, "1", :a, ":a").
     */
    @Test
    void splitAndUnsplitAgree() {
        Object[] keys = {"a", "b", 1L, BigInteger.ONE, "1", Keyword.of("a"), ":a"};
        String[] values = {"", "x", "y", "xy"};
        for (long seed = 0; seed < 400; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            KvModel model = new KvModel("", random.nextBoolean());
            Object whole = model.initialState();
            Map<Object, Object> perKey = new HashMap<>();
            List<Operation> done = new ArrayList<>();
            int length = random.nextInt(1, 25);
            for (int i = 0; i < length; i++) {
                Object key = keys[random.nextInt(keys.length)];
                String value = values[random.nextInt(values.length)];
                Operation op = switch (random.nextInt(6)) {
                    case 0 -> kv("put", key, value);
                    case 1 -> kv("append", key, value);
                    case 2 -> kv("delete", key, null);
                    case 3 -> kv("cas", key, List.of(value, values[random.nextInt(4)]));
                    default -> kv("get", key, random.nextInt(5) == 0 ? null : value);
                };
                done.add(op);
                Object partition = model.partitionKey(op);
                Object keyState = perKey.containsKey(partition) ? perKey.get(partition)
                        : model.forPartition(partition).initialState();
                Object nextKey = model.forPartition(partition).step(keyState, op);
                Object nextWhole = model.step(whole, op);
                assertEquals(nextKey == ILLEGAL, nextWhole == ILLEGAL,
                        "seed " + seed + " after " + done);
                if (nextKey == ILLEGAL) {
                    break;
                }
                perKey.put(partition, nextKey);
                whole = nextWhole;
            }
        }
    }
}
