package io.detsim.check.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.detsim.check.SharedHistories;
import io.detsim.check.edn.Keyword;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HistoryReader: format detection, each format's parsing, errors, and real-file round trips. */
class HistoryReaderTest {
    private static final String EDN_VECTOR = """
            [{:process 0, :type :invoke, :f :write, :value 1}
             {:process 0, :type :ok, :f :write, :value 1}]
            """;
    private static final String EDN_LINES = """
            {:process 0, :type :invoke, :f :get, :key "k", :value nil}
            {:process 0, :type :ok, :f :get, :key "k", :value "v"}
            """;
    private static final String LOG_TABS = """
            INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]
            INFO  jepsen.util - 3\t:ok\t:cas\t[1 4]
            """;
    private static final String LOG_SPACES = """
            INFO  jepsen.util - 3 :invoke :cas [1 4]
            INFO  jepsen.util - 3 :ok :cas [1 4]
            """;
    private static final String JSON = """
            [{"index": 0, "process": 0, "type": "invoke", "f": "write", "value": 1},
             {"index": 1, "process": 0, "type": "ok", "f": "write", "value": 1}]
            """;

    private static Keyword kw(String name) {
        return Keyword.of(name);
    }

    private static Op op(long index, long process, OpType type, String f, Object value) {
        return new Op(index, process, type, f, null, value, Op.TIME_UNKNOWN);
    }

    private static History read(String text, HistoryFormat format) {
        return HistoryReader.read(text, "test-src", format);
    }

    private static HistoryException fails(String text, String source, HistoryFormat format) {
        return assertThrows(HistoryException.class,
                () -> HistoryReader.read(text, source, format));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part),
                    () -> "'" + part + "' not in: " + e.getMessage());
        }
    }

    // ---- format detection ----

    @Test
    void detectsEachFormatFromContent() {
        assertEquals(HistoryFormat.EDN, HistoryReader.detect("h.edn", EDN_VECTOR));
        assertEquals(HistoryFormat.EDN, HistoryReader.detect("h", "; comment\n(" + "{:a 1})"));
        assertEquals(HistoryFormat.EDN, HistoryReader.detect("h.edn", "[]"));
        assertEquals(HistoryFormat.EDN_LINES, HistoryReader.detect("c01-ok.txt", EDN_LINES));
        assertEquals(HistoryFormat.JEPSEN_LOG, HistoryReader.detect("etcd.log", LOG_TABS));
        assertEquals(HistoryFormat.JEPSEN_LOG, HistoryReader.detect("x.txt", LOG_SPACES));
        assertEquals(HistoryFormat.JSON, HistoryReader.detect("history.txt", JSON));
        assertEquals(HistoryFormat.JSON, HistoryReader.detect("h", "[\"not really\"]"));
        assertEquals(HistoryFormat.JSON, HistoryReader.detect("h", "  [\n  {\n  \"f\": 1}]"));
    }

    @Test
    void jsonExtensionWins() {
        assertEquals(HistoryFormat.JSON, HistoryReader.detect("h.json", EDN_VECTOR));
        assertEquals(HistoryFormat.JSON, HistoryReader.detect("h.json", ""));
    }

    @Test
    void anEdnVectorOfMapsWithKeywordKeysIsNotJson() {
        assertEquals(HistoryFormat.EDN, HistoryReader.detect("h", "[{:process 0}]"));
        assertEquals(HistoryFormat.EDN, HistoryReader.detect("h", "[ {:f \"x\"}]"));
    }

    @Test
    void readingAFileDetectsItsFormat(@TempDir Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a.edn", EDN_VECTOR);
        files.put("b.txt", EDN_LINES);
        files.put("c.log", LOG_TABS);
        files.put("d.log", LOG_SPACES);
        files.put("e.json", JSON);
        files.put("f.txt", JSON);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.writeString(path, file.getValue());
            History history = HistoryReader.read(path);
            assertEquals(2, history.size(), file.getKey());
            assertEquals(path.toString(), history.source());
            assertEquals(OpType.OK, history.ops().get(1).type(), file.getKey());
        }
    }

    @Test
    void aMissingFileNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.edn");
        HistoryException e = assertThrows(HistoryException.class,
                () -> HistoryReader.read(missing));
        assertMentions(e, missing.toString());
    }

    // ---- EDN ----

    @Test
    void knossosMapsWithExtraKeys() {
        History history = read("""
                ; a comment before the history
                [{:process 0, :type :invoke, :f :read, :value nil, :time 120, :index 40}
                 {:process 0, :type :fail, :f :read, :value nil, :time 150, :index 41,
                  :error :timeout}
                 {:process 1, :type :invoke, :f :cas, :value [1 2]}]
                """, HistoryFormat.EDN);
        assertEquals(List.of(
                new Op(0, 0, OpType.INVOKE, "read", null, null, 120),
                new Op(1, 0, OpType.FAIL, "read", null, null, 150),
                op(2, 1, OpType.INVOKE, "cas", List.of(1L, 2L))), history.ops());
    }

    @Test
    void aListWorksLikeAVectorAndStringsWorkLikeKeywords() {
        History history = read("({:process 2 :type \"invoke\" :f \"write\" :value 3})",
                HistoryFormat.EDN);
        assertEquals(List.of(op(0, 2, OpType.INVOKE, "write", 3L)), history.ops());
    }

    @Test
    void nemesisOpsAreDroppedAndTheRestReindexed() {
        History history = read("""
                [{:process :nemesis, :type :info, :f :start, :value nil}
                 {:process 0, :type :invoke, :f :read, :value nil}
                 {:process :nemesis, :type :info, :f :start, :value [:isolated #{"n1"}]}
                 {:process 0, :type :ok, :f :read, :value 0}]
                """, HistoryFormat.EDN);
        assertEquals(List.of(op(0, 0, OpType.INVOKE, "read", null),
                op(1, 0, OpType.OK, "read", 0L)), history.ops());
    }

    @Test
    void ednLinesCarryTheirKeys() {
        History history = read(EDN_LINES, HistoryFormat.EDN_LINES);
        assertEquals(List.of(new Op(0, 0, OpType.INVOKE, "get", "k", null, Op.TIME_UNKNOWN),
                new Op(1, 0, OpType.OK, "get", "k", "v", Op.TIME_UNKNOWN)), history.ops());
    }

    @Test
    void emptyHistories() {
        assertEquals(0, read("[]", HistoryFormat.EDN).size());
        assertEquals(0, read("  ; nothing\n", HistoryFormat.EDN_LINES).size());
        assertEquals(0, read("[{:process :nemesis :type :info :f :kill :value nil}]",
                HistoryFormat.EDN).size());
        assertEquals(0, read("[]", HistoryFormat.JSON).size());
        assertEquals(0, read("", HistoryFormat.JEPSEN_LOG).size());
    }

    // ---- Jepsen logs ----

    @Test
    void jepsenLogLinesWithTabs() {
        History history = read("""
                2015-05-27 11:19:37,361 - some other log line
                INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]
                INFO  jepsen.util - 3\t:ok\t:cas\t[1 4]
                INFO  jepsen.util - 1\t:invoke\t:read\tnil
                INFO  jepsen.util - 1\t:fail\t:read\t:timed-out
                INFO  jepsen.util - 4\t:invoke\t:write\t2
                INFO  jepsen.util - 4\t:info\t:write\t:timed-out
                """, HistoryFormat.JEPSEN_LOG);
        assertEquals(List.of(op(0, 3, OpType.INVOKE, "cas", List.of(1L, 4L)),
                op(1, 3, OpType.OK, "cas", List.of(1L, 4L)),
                op(2, 1, OpType.INVOKE, "read", null),
                op(3, 1, OpType.FAIL, "read", kw("timed-out")),
                op(4, 4, OpType.INVOKE, "write", 2L),
                op(5, 4, OpType.INFO, "write", kw("timed-out"))), history.ops());
    }

    @Test
    void jepsenLogLinesWithSpacesReadTheSameAsWithTabs() {
        assertEquals(read(LOG_TABS, HistoryFormat.JEPSEN_LOG).ops(),
                read(LOG_SPACES, HistoryFormat.JEPSEN_LOG).ops());
        History spaced = read("INFO jepsen.util -   7   :invoke   :write   5  \r\n",
                HistoryFormat.JEPSEN_LOG);
        assertEquals(List.of(op(0, 7, OpType.INVOKE, "write", 5L)), spaced.ops());
    }

    @Test
    void jepsenLogNemesisLinesAreDropped() {
        History history = read("""
                INFO  jepsen.util - :nemesis\t:info\t:start\tnil
                INFO  jepsen.util - 0\t:invoke\t:read\tnil
                INFO  jepsen.util - :nemesis\t:info\t:start\t[:isolated {"n1" #{"n2"}}]
                INFO  jepsen.util - 0\t:ok\t:read\t3
                """, HistoryFormat.JEPSEN_LOG);
        assertEquals(List.of(op(0, 0, OpType.INVOKE, "read", null),
                op(1, 0, OpType.OK, "read", 3L)), history.ops());
    }

    @Test
    void jepsenLogWithoutAValue() {
        History history = read("INFO  jepsen.util - 2\t:invoke\t:acquire\n",
                HistoryFormat.JEPSEN_LOG);
        assertNull(history.ops().get(0).value());
        assertEquals("acquire", history.ops().get(0).f());
    }

    // ---- errors name the source, the line and the op ----

    @Test
    void badTypeInEdn() {
        HistoryException e = fails("""
                [{:process 0, :type :invoke, :f :read, :value nil}
                 {:process 0, :type :okay, :f :read, :value 1}]
                """, "bad-type.edn", HistoryFormat.EDN);
        assertMentions(e, "bad-type.edn:2", "op 1", ":type", ":okay");
    }

    @Test
    void missingFunctionInEdnLines() {
        HistoryException e = fails("""
                {:process 0, :type :invoke, :f :get, :key "k", :value nil}
                {:process 0, :type :ok, :f :get, :key "k", :value nil}

                {:process 1, :type :invoke, :key "k", :value "v"}
                """, "kv.txt", HistoryFormat.EDN_LINES);
        assertMentions(e, "kv.txt:4", "op 2", ":f", "nil");
    }

    @Test
    void nonIntegerProcess() {
        HistoryException e = fails("""
                [{:process 0, :type :invoke, :f :read, :value nil}
                 {:process 0, :type :ok, :f :read, :value nil}
                 {:process 1.5, :type :invoke, :f :read, :value nil}]
                """, "p.edn", HistoryFormat.EDN);
        assertMentions(e, "p.edn:3", "op 2", ":process", "1.5");
        HistoryException missing = fails("[{:type :invoke, :f :read}]", "np.edn",
                HistoryFormat.EDN);
        assertMentions(missing, "np.edn:1", "op 0", ":process");
    }

    @Test
    void notAnOpMap() {
        HistoryException e = fails("""
                [{:process 0, :type :invoke, :f :read, :value nil}
                 [:process 0 :type :ok]]
                """, "vec.edn", HistoryFormat.EDN);
        assertMentions(e, "vec.edn:2", "op 1", "op map", "[:process 0 :type :ok]");
        HistoryException lines = fails("{:process 0 :type :invoke :f :r}\n:oops\n", "l.txt",
                HistoryFormat.EDN_LINES);
        assertMentions(lines, "l.txt:2", "op 1", ":oops");
    }

    @Test
    void unclosedHistoryVector() {
        HistoryException e = fails("""
                [{:process 0, :type :invoke, :f :read, :value nil}
                 {:process 0, :type :ok, :f :read, :value nil}
                """, "open.edn", HistoryFormat.EDN);
        assertMentions(e, "open.edn", "']' missing", "opened on line 1", "line 3");
    }

    @Test
    void unclosedValueInsideAnOp() {
        HistoryException e = fails("""
                [{:process 0, :type :invoke, :f :cas, :value [1 2]}
                 {:process 0, :type :ok, :f :cas, :value [1 2}]
                """, "inner.edn", HistoryFormat.EDN);
        assertMentions(e, "inner.edn", "op 1", "line 2", "expected ']'");
    }

    @Test
    void historyThatIsNotASequence() {
        assertMentions(fails("{:process 0}", "m.edn", HistoryFormat.EDN), "m.edn",
                "vector or list");
        assertMentions(fails("[] [{:process 0}]", "two.edn", HistoryFormat.EDN), "two.edn",
                "after the history");
        assertMentions(fails("", "empty.edn", HistoryFormat.EDN), "empty.edn");
    }

    @Test
    void readerEvalInAHistoryIsRefused() {
        HistoryException e = fails("[{:process 0 :type :invoke :f :read :value "
                + "#=(java.lang.System/exit 1)}]", "evil.edn", HistoryFormat.EDN);
        assertMentions(e, "evil.edn", "reader eval", "op 0");
    }

    @Test
    void garbageLineInAJepsenLog() {
        HistoryException e = fails("""
                INFO  jepsen.util - 0\t:invoke\t:read\tnil
                INFO  jepsen.util - 0\t:ok\t:read\tnil
                starting the next phase
                INFO  jepsen.util - 3 :invoke
                """, "etcd.log", HistoryFormat.JEPSEN_LOG);
        assertMentions(e, "etcd.log:4", "op 2", "not a Jepsen op line");
    }

    @Test
    void badFieldsInAJepsenLog() {
        String good = "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n";
        assertMentions(fails(good + "INFO  jepsen.util - 0\t:started\t:read\tnil\n", "t.log",
                HistoryFormat.JEPSEN_LOG), "t.log:2", "op 1", ":started");
        assertMentions(fails(good + "INFO  jepsen.util - x1\t:ok\t:read\tnil\n", "p.log",
                HistoryFormat.JEPSEN_LOG), "p.log:2", "op 1", "process", "x1");
        assertMentions(fails("\n\n" + good + "INFO  jepsen.util - (3\t:ok\t:read\tnil\n",
                "paren.log", HistoryFormat.JEPSEN_LOG), "paren.log:4", "op 1", "(3");
        assertMentions(fails(good + "INFO  jepsen.util - 0\t:ok\t:cas\t[1 4\n", "v.log",
                HistoryFormat.JEPSEN_LOG), "v.log:2", "op 1", "[1 4");
    }

    @Test
    void badJsonNamesTheSourceAndOp() {
        assertMentions(fails("[{\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"},\n"
                + " {\"process\": 0, \"type\": \"done\", \"f\": \"read\"}]", "h.json",
                HistoryFormat.JSON), "h.json", "op 1", "type");
        assertMentions(fails("[{\"process\": 0, \"type\": \"invoke\"}]", "f.json",
                HistoryFormat.JSON), "f.json", "op 0", "\"f\"");
        assertMentions(fails("[{\"process\": 0.5, \"type\": \"invoke\", \"f\": \"r\"}]",
                "p.json", HistoryFormat.JSON), "p.json", "op 0", "process");
        assertMentions(fails("[\n{\"process\": 0,,}]", "syntax.json", HistoryFormat.JSON),
                "syntax.json", "line 2");
        assertMentions(fails("{}", "obj.json", HistoryFormat.JSON), "obj.json", "array");
    }

    // ---- round trips ----

    @Test
    void syntheticValuesRoundTripThroughEdnAndJson() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(kw("x"), List.of(1L, "two"));
        map.put("k", null);
        List<Object> values = Arrays.asList(null, true, -5L, Long.MAX_VALUE,
                new BigInteger("123456789012345678901234567890"), 2.5, "s \"q\" \n",
                kw("timed-out"), List.of(1L, List.of(kw("a"))), Set.of(1L, kw("b")), map);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ops.add(new Op(2L * i, i, OpType.INVOKE, "write", i % 2 == 0 ? null : "key" + i,
                    values.get(i), i % 3 == 0 ? Op.TIME_UNKNOWN : 1000L * i));
            ops.add(new Op(2L * i + 1, i, OpType.OK, "write", null, values.get(i),
                    Op.TIME_UNKNOWN));
        }
        History history = new History(ops, "synthetic");
        assertRoundTrips(history);
    }

    static Stream<SharedHistories.Row> sharedRows() {
        return SharedHistories.rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedRows")
    void everySharedHistoryRoundTrips(SharedHistories.Row row) throws IOException {
        History history = HistoryReader.read(row.file());
        if (!row.decided()) {
            assertEquals(0L, Files.size(row.file()), row + " was expected to be empty");
            assertEquals(0, history.size(), row + " is empty, so its history is");
            return;
        }
        long invocations = history.ops().stream().filter(o -> o.type() == OpType.INVOKE)
                .count();
        assertEquals(row.invocations(), invocations, row + ": invocations per VERDICTS.tsv");
        assertRoundTrips(history);
    }

    @Test
    void theEmptyEtcdLogIsListedAndReadsAsEmpty() {
        SharedHistories.Row row = SharedHistories.rows().stream()
                .filter(r -> r.relativePath().endsWith("etcd_095.log")).findFirst()
                .orElseThrow();
        assertFalse(row.decided());
        History history = HistoryReader.read(row.file());
        assertEquals(0, history.size());
        assertEquals(List.of(), history.operations());
    }

    @Test
    void porcupineKvOpsCarryTheirKeys() {
        Path file = SharedHistories.root().resolve("porcupine/test_data/kv/c01-ok.txt");
        History history = HistoryReader.read(file);
        assertEquals(58, history.ops().stream().filter(o -> o.type() == OpType.INVOKE)
                .count(), "PROVENANCE.md: c01-ok has 58 invocations");
        assertEquals(new Op(0, 0, OpType.INVOKE, "append", "0", "x 0 0 y", Op.TIME_UNKNOWN),
                history.ops().get(0));
        Set<String> keys = Set.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        for (Op op : history.ops()) {
            assertTrue(keys.contains(op.key()), () -> "op without a key 0..9: " + op);
            assertTrue(Set.of("get", "put", "append").contains(op.f()), op::toString);
        }
        for (Operation operation : history.operations()) {
            assertTrue(keys.contains(operation.key()), operation::toString);
        }
    }

    private static void assertRoundTrips(History history) {
        String edn = HistoryEdn.write(history);
        assertEquals(HistoryFormat.EDN, HistoryReader.detect("out.edn", edn));
        assertEquals(history.ops(), read(edn, HistoryFormat.EDN).ops(),
                () -> history.source() + " through HistoryEdn");
        String json = HistoryJson.write(history);
        if (history.size() > 0) {
            // An empty JSON array is also an empty EDN vector: either reading gives no ops.
            assertEquals(HistoryFormat.JSON, HistoryReader.detect("out", json));
        }
        assertEquals(history.ops(), read(json, HistoryFormat.JSON).ops(),
                () -> history.source() + " through HistoryJson");
    }
}
