package io.detsim.raft.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {

    private static ClientRequest req(long client, long seq, KvCommand command) {
        return new ClientRequest(client, seq, command);
    }

    @Test
    void commands_haveKvSemantics() {
        KvStateMachine kv = new KvStateMachine();
        List<KvResult> results = kv.apply(1, List.of(
                req(1, 1, new KvCommand.Get("a")),
                req(2, 1, new KvCommand.Put("a", "x")),
                req(3, 1, new KvCommand.Append("a", "y")),
                req(4, 1, new KvCommand.Cas("a", "zz", "q")),
                req(5, 1, new KvCommand.Cas("a", "xy", "z")),
                req(6, 1, new KvCommand.Append("b", "1")),
                req(7, 1, new KvCommand.Delete("a")),
                req(8, 1, new KvCommand.Cas("a", null, "new"))));
        assertNull(results.get(0).value());
        assertEquals(KvResult.ok("x"), results.get(1));
        assertEquals(KvResult.ok("xy"), results.get(2));
        assertFalse(results.get(3).ok());
        assertEquals("xy", results.get(3).value());
        assertEquals(KvResult.ok("z"), results.get(4));
        assertEquals(KvResult.ok("1"), results.get(5));
        assertTrue(results.get(6).ok());
        assertEquals(KvResult.ok("new"), results.get(7));
        assertEquals(Map.of("a", "new", "b", "1"), kv.snapshot());
    }

    @Test
    void entries_mustBeAppliedInLogOrder() {
        KvStateMachine kv = new KvStateMachine();
        kv.applyNoOp(1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> kv.apply(3, List.of()));
        assertTrue(e.getMessage().contains("expected 2, got 3"));
        assertThrows(IllegalStateException.class, () -> kv.apply(1, List.of()));
        assertEquals(1, kv.appliedIndex());
    }

    @Test
    void retriedCommand_isAnsweredFromItsSession_notAppliedAgain() {
        KvStateMachine kv = new KvStateMachine();
        ClientRequest append = req(9, 1, new KvCommand.Append("k", "x"));
        KvResult first = kv.apply(1, List.of(append)).get(0);
        KvResult retry = kv.apply(2, List.of(append)).get(0);
        assertEquals(first, retry);
        assertEquals("x", kv.read("k"));
        assertEquals(1, kv.commandsApplied());
        KvResult stale = kv.apply(3, List.of(req(9, 2, new KvCommand.Append("k", "y")),
                req(9, 1, new KvCommand.Append("k", "z")))).get(1);
        assertFalse(stale.ok());
        assertEquals("xy", kv.read("k"));
    }

    @Test
    void plantedBugNoDedup_appliesARetryTwice() {
        KvStateMachine buggy = new KvStateMachine(true);
        ClientRequest append = req(9, 1, new KvCommand.Append("k", "x"));
        buggy.apply(1, List.of(append));
        buggy.apply(2, List.of(append));
        assertEquals("xx", buggy.read("k"));
    }

    @Test
    void randomCommands_matchAReferenceMap_andRetriesNeverChangeIt() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            KvStateMachine kv = new KvStateMachine();
            TreeMap<String, String> reference = new TreeMap<>();
            long[] sequences = new long[4];
            for (long index = 1; index <= 100; index++) {
                int client = random.nextInt(4);
                KvCommand command = randomCommand(random);
                ClientRequest request = req(client, ++sequences[client], command);
                KvResult result = kv.apply(index, List.of(request)).get(0);
                expectSame(reference, command, result, seed);
                if (random.nextInt(4) == 0) {
                    // A retry of the same request in a later entry: same answer, no effect.
                    KvResult retry = kv.apply(++index, List.of(request)).get(0);
                    assertEquals(result, retry, "seed " + seed);
                }
                assertEquals(reference, kv.snapshot(), "seed " + seed);
            }
        }
    }

    private static void expectSame(TreeMap<String, String> reference, KvCommand command,
            KvResult result, long seed) {
        String key = command.key();
        String current = reference.get(key);
        switch (command) {
            case KvCommand.Get g -> assertEquals(current, result.value(), "seed " + seed);
            case KvCommand.Put p -> reference.put(key, p.value());
            case KvCommand.Delete d -> reference.remove(key);
            case KvCommand.Cas c -> {
                boolean matches = c.expected() == null ? current == null
                        : c.expected().equals(current);
                assertEquals(matches, result.ok(), "seed " + seed);
                if (matches) {
                    reference.put(key, c.update());
                }
            }
            case KvCommand.Append a -> reference.put(key, (current == null ? "" : current)
                    + a.suffix());
        }
    }

    static KvCommand randomCommand(SplittableRandom random) {
        String key = "k" + random.nextInt(3);
        String value = "v" + random.nextInt(4);
        return switch (random.nextInt(5)) {
            case 0 -> new KvCommand.Get(key);
            case 1 -> new KvCommand.Put(key, value);
            case 2 -> new KvCommand.Delete(key);
            case 3 -> new KvCommand.Cas(key, random.nextBoolean() ? null : "v" + random.nextInt(4),
                    value);
            default -> new KvCommand.Append(key, value);
        };
    }

    @Test
    void exportImport_roundTripsStoreSessionsAndAppliedIndex() {
        KvStateMachine kv = new KvStateMachine();
        kv.apply(1, List.of(req(1, 1, new KvCommand.Put("b", "x")),
                req(2, 1, new KvCommand.Append("a", "é\u0000y")),
                req(3, 1, new KvCommand.Cas("c", "no", "q"))));
        kv.applyNoOp(2);
        byte[] exported = kv.exportState();
        KvStateMachine copy = KvStateMachine.fromExport(exported);
        assertEquals(kv.snapshot(), copy.snapshot());
        assertEquals(2, copy.appliedIndex());
        assertEquals(kv.commandsApplied(), copy.commandsApplied());
        assertTrue(java.util.Arrays.equals(exported, copy.exportState()));
        // sessions came along: a retry is answered, not applied again
        assertEquals(KvResult.ok("é\u0000y"),
                copy.apply(3, List.of(req(2, 1, new KvCommand.Append("a", "z")))).get(0));
        assertEquals("é\u0000y", copy.read("a"));
        assertFalse(copy.apply(4, List.of(req(3, 1, new KvCommand.Put("c", "w")))).get(0).ok());
        // entries continue strictly after the imported index
        assertThrows(IllegalStateException.class, () -> copy.applyNoOp(6));
        // insertion order does not matter: the bytes are in sorted order
        KvStateMachine other = new KvStateMachine();
        other.apply(1, List.of(req(2, 1, new KvCommand.Append("a", "é\u0000y")),
                req(1, 1, new KvCommand.Put("b", "x")),
                req(3, 1, new KvCommand.Cas("c", "no", "q"))));
        other.applyNoOp(2);
        assertTrue(java.util.Arrays.equals(exported, other.exportState()));
        assertThrows(IllegalArgumentException.class,
                () -> KvStateMachine.fromExport(new byte[] {0, 0, 0, 1, 2}));
    }
}
