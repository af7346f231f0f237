package io.detsim.check.edn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EdnReader: every value kind, the ignorable forms, safety, and errors with their position. */
class EdnReaderTest {

    private static Object read(String text) {
        return EdnReader.readOne(text);
    }

    private static EdnException fails(String text) {
        return assertThrows(EdnException.class, () -> EdnReader.readAll(text),
                () -> "should not read: " + text);
    }

    private static Keyword kw(String name) {
        return Keyword.of(name);
    }

    // ---- scalars ----

    @Test
    void nilAndBooleans() {
        assertNull(read("nil"));
        assertEquals(Boolean.TRUE, read("true"));
        assertEquals(Boolean.FALSE, read("false"));
        assertEquals(new Symbol("nil?"), read("nil?"), "a longer token is a symbol, not nil");
    }

    @Test
    void integersAreLongs() {
        assertEquals(42L, read("42"));
        assertEquals(0L, read("0"));
        assertEquals(-7L, read("-7"));
        assertEquals(5L, read("+5"));
        assertEquals(Long.MAX_VALUE, read("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, read("-9223372036854775808"));
    }

    @Test
    void integersBeyondLongAndNSuffixAreBigIntegers() {
        assertEquals(new BigInteger("9223372036854775808"), read("9223372036854775808"));
        assertEquals(new BigInteger("-9223372036854775809"), read("-9223372036854775809"));
        assertEquals(new BigInteger("123456789012345678901234567890"),
                read("123456789012345678901234567890"));
        assertEquals(BigInteger.valueOf(5), read("5N"));
        assertEquals(BigInteger.valueOf(-5), read("-5N"));
        assertEquals(BigInteger.valueOf(5), read("+5N"));
        assertInstanceOf(BigInteger.class, read("0N"));
    }

    @Test
    void floatsAreDoublesAndMSuffixIsBigDecimal() {
        assertEquals(1.5, read("1.5"));
        assertEquals(-2500.0, read("-2.5e3"));
        assertEquals(100.0, read("1E2"));
        assertEquals(0.015, read("1.5E-2"));
        assertEquals(1.5, read("+1.5"));
        assertEquals(new BigDecimal("1.50"), read("1.50M"), "the scale is kept");
        assertEquals(new BigDecimal("7"), read("7M"));
        assertEquals(new BigDecimal("-1.5E+3"), read("-1.5E+3M"));
    }

    @Test
    void symbolicValues() {
        assertEquals(Double.POSITIVE_INFINITY, read("##Inf"));
        assertEquals(Double.NEGATIVE_INFINITY, read("##-Inf"));
        assertTrue(Double.isNaN((Double) read("##NaN")));
        assertTrue(fails("##Infinity").getMessage().contains("##Infinity"));
    }

    @Test
    void stringsWithEveryEscape() {
        assertEquals("", read("\"\""));
        assertEquals("tab\t cr\r nl\n bs\b ff\f back\\ quote\"",
                read("\"tab\\t cr\\r nl\\n bs\\b ff\\f back\\\\ quote\\\"\""));
        assertEquals("A\u00e9\u4e2d\uFFFF", read("\"\\u0041\\u00e9\\u4E2D\\uffff\""));
        assertEquals("two\nlines", read("\"two\nlines\""), "a raw newline is part of the string");
        assertEquals("; not a comment, #_ not a discard",
                read("\"; not a comment, #_ not a discard\""));
    }

    @Test
    void characters() {
        assertEquals('\n', read("\\newline"));
        assertEquals(' ', read("\\space"));
        assertEquals('\t', read("\\tab"));
        assertEquals('\r', read("\\return"));
        assertEquals('\b', read("\\backspace"));
        assertEquals('\f', read("\\formfeed"));
        assertEquals('a', read("\\a"));
        assertEquals('u', read("\\u"));
        assertEquals('A', read("\\u0041"));
        assertEquals('(', read("\\("));
        assertEquals(List.of('a', 'b', ']'), read("[\\a \\b \\]]"));
        assertTrue(fails("\\abc").getMessage().contains("\\abc"));
        assertTrue(fails("\\u+041").getMessage().contains("u+041"));
    }

    @Test
    void keywordsWithAndWithoutNamespace() {
        assertEquals(kw("invoke"), read(":invoke"));
        Keyword namespaced = assertInstanceOf(Keyword.class, read(":jepsen/nemesis"));
        assertEquals("jepsen/nemesis", namespaced.name());
        assertEquals(":jepsen/nemesis", namespaced.toString());
        assertEquals(kw("timed-out"), read(":timed-out"));
        fails(":");
        fails("::auto-resolved");
    }

    @Test
    void symbolsAreDataNotResolved() {
        assertEquals(new Symbol("foo"), read("foo"));
        assertEquals(new Symbol("java.lang.System/exit"), read("java.lang.System/exit"));
        assertEquals(new Symbol("-"), read("-"));
        assertEquals(new Symbol("+"), read("+"));
        assertEquals(new Symbol("-abc"), read("-abc"), "sign then letter is a symbol");
        assertEquals(new Symbol("a.b"), read("a.b"));
        assertFalse(read("foo") instanceof Keyword);
    }

    // ---- collections ----

    @Test
    void listsAndVectorsAreLists() {
        assertEquals(List.of(1L, 2L, 3L), read("(1 2 3)"));
        assertEquals(List.of(1L, 2L, 3L), read("[1 2 3]"));
        assertEquals(List.of(), read("[]"));
        assertEquals(List.of(), read("()"));
        assertEquals(Arrays.asList(null, true, "s"), read("[nil true \"s\"]"));
    }

    @Test
    void mapsKeepInsertionOrder() {
        Map<?, ?> map = assertInstanceOf(Map.class, read("{:z 1 :a 2 :m 3}"));
        assertEquals(List.of(kw("z"), kw("a"), kw("m")), List.copyOf(map.keySet()));
        assertEquals(2L, map.get(kw("a")));
        assertEquals(Map.of(), read("{}"));
        Map<Object, Object> withNil = new LinkedHashMap<>();
        withNil.put(null, null);
        assertEquals(withNil, read("{nil nil}"));
    }

    @Test
    void sets() {
        assertEquals(Set.of(1L, kw("a"), "s"), read("#{1 :a \"s\"}"));
        assertEquals(Set.of(), read("#{}"));
    }

    @Test
    void nestedCollections() {
        Object value = read("{:ops [{:f :cas :value [1 4]} (nil)] :seen #{[1 2] {:x 1}}}");
        Map<Object, Object> op = Map.of(kw("f"), kw("cas"), kw("value"), List.of(1L, 4L));
        Map<Object, Object> expected = Map.of(
                kw("ops"), List.of(op, Arrays.asList((Object) null)),
                kw("seen"), Set.of(List.of(1L, 2L), Map.of(kw("x"), 1L)));
        assertEquals(expected, value);
    }

    @Test
    void collectionsAreUnmodifiable() {
        List<?> list = assertInstanceOf(List.class, read("[1]"));
        Map<?, ?> map = assertInstanceOf(Map.class, read("{:a 1}"));
        Set<?> set = assertInstanceOf(Set.class, read("#{1}"));
        assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
        assertThrows(UnsupportedOperationException.class, map::clear);
        assertThrows(UnsupportedOperationException.class, set::clear);
    }

    // ---- whitespace, comments, discards ----

    @Test
    void commasAreWhitespace() {
        assertEquals(List.of(1L, 2L, 3L), read("[1,2,,3,]"));
        assertEquals(Map.of(kw("a"), 1L, kw("b"), 2L), read("{:a 1, :b 2,}"));
        assertEquals(List.of(1L, 2L), EdnReader.readAll(",,1,2,,"));
    }

    @Test
    void semicolonCommentsRunToTheEndOfTheLine() {
        assertEquals(List.of(1L, 2L), read("[1 ; a comment with ] and \"\n 2]"));
        assertEquals(7L, read("; leading\n7 ; trailing"));
        assertEquals(List.of(), EdnReader.readAll("; only a comment"));
    }

    @Test
    void discardSkipsTheNextForm() {
        assertEquals(List.of(1L, 3L), read("[1 #_ 2 3]"));
        assertEquals(List.of(1L, 4L), read("[1 #_[2 [3 #{}]] 4]"));
        assertEquals(kw("x"), read("#_ {:a 1} :x"));
        assertEquals(Map.of(kw("a"), 1L), read("{:a #_ :b 1}"));
    }

    @Test
    void nestedDiscardsSkipOneFormEach() {
        assertEquals(3L, read("#_ #_ 1 2 3"));
        assertEquals(List.of(4L), read("[#_ #_ #_ 1 2 3 4]"));
        assertEquals(List.of(9L), read("[#_ [#_ 1 2] 9]"));
    }

    @Test
    void discardWithNothingToDiscardIsAnError() {
        assertTrue(fails("[1 #_]").getMessage().contains("#_"));
        fails("#_");
    }

    // ---- safety ----

    @Test
    void taggedLiteralsStayData() {
        Tagged inst = assertInstanceOf(Tagged.class, read("#inst \"1985-04-12T23:20:50.52Z\""));
        assertEquals("inst", inst.tag());
        assertEquals("1985-04-12T23:20:50.52Z", inst.value());
        Tagged uuid = assertInstanceOf(Tagged.class,
                read("#uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\""));
        assertEquals("uuid", uuid.tag());
        assertEquals(new Tagged("my/point", List.of(1L, 2L)), read("#my/point [1 2]"));
    }

    @Test
    void aTagNamingAClassConstructsNothing() {
        Tagged tagged = assertInstanceOf(Tagged.class, read("#java.io.File \"/tmp/x\""));
        assertFalse(tagged.value() instanceof File);
        assertEquals("/tmp/x", tagged.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"#=(java.lang.System/exit 1)", "[1 #=(+ 1 2)]",
            "#=java.lang.Runtime", "{:a #=(foo)}", "#_ #=(java.lang.System/exit 1) 1",
            "#inst #=(java.lang.System/exit 1)"})
    void readerEvalIsRefused(String text) {
        EdnException e = fails(text);
        assertTrue(e.getMessage().contains("reader eval"), e.getMessage());
        assertTrue(e.getMessage().contains("#="), e.getMessage());
    }

    @Test
    void metadataIsRefused() {
        EdnException e = fails("[1\n ^:private x]");
        assertTrue(e.getMessage().contains("metadata"), e.getMessage());
        assertEquals(2, e.line());
    }

    // ---- errors carry line and column ----

    @Test
    void unclosedStringNamesTheLineItOpenedOn() {
        EdnException e = fails("[1\n 2 \"abc\n\n");
        assertTrue(e.getMessage().contains("string opened on line 2"), e.getMessage());
        assertEquals(4, e.line(), "reading stopped at the end of the input");
        assertTrue(e.getMessage().startsWith("line 4, column 1: "), e.getMessage());
    }

    @Test
    void unclosedVectorNamesTheLineItOpenedOn() {
        EdnException e = fails("{:a 1}\n[1 2\n 3");
        assertTrue(e.getMessage().contains("']' missing"), e.getMessage());
        assertTrue(e.getMessage().contains("opened on line 2"), e.getMessage());
        assertEquals(3, e.line());
        assertEquals(3, e.column(), "after ' 3'");
    }

    @Test
    void unmatchedCloserIsAnErrorAtItsPosition() {
        EdnException top = fails("[1 2]\n  ]");
        assertTrue(top.getMessage().contains("unexpected ']'"), top.getMessage());
        assertEquals(2, top.line());
        assertClosesAt(top, 3);

        EdnException inner = fails("[1\n {:a [2}]");
        assertTrue(inner.getMessage().contains("expected ']' but found '}'"),
                inner.getMessage());
        assertEquals(2, inner.line());
        assertClosesAt(inner, 8);
    }

    /** The column names the offending closer or the character just after it. */
    private static void assertClosesAt(EdnException e, int closerColumn) {
        assertTrue(e.column() == closerColumn || e.column() == closerColumn + 1,
                "column " + e.column() + " for a closer at " + closerColumn);
    }

    @Test
    void mapWithAnOddNumberOfForms() {
        EdnException e = fails("[\n{:a 1 :b}]");
        assertTrue(e.getMessage().contains("even number"), e.getMessage());
        assertTrue(e.getMessage().contains("found 3"), e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void duplicateMapKey() {
        EdnException e = fails("{:a 1\n :b 2\n :a 3}");
        assertTrue(e.getMessage().contains("duplicate map key :a"), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void duplicateSetElement() {
        EdnException e = fails("\n#{1 [2] [2]}");
        assertTrue(e.getMessage().contains("duplicate set element"), e.getMessage());
        assertEquals(2, e.line());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a\\qb\"", "\"\\x41\"", "\"\\u12G4\"", "\"\\u+041\"", "\"\\u12\"",
            "\"ends in \\"})
    void badEscapes(String text) {
        EdnException e = fails(text);
        assertTrue(e.getMessage().contains("escape"), e.getMessage());
        assertEquals(1, e.line());
    }

    @ParameterizedTest
    @ValueSource(strings = {"12abc", "1.2.3", "1e", "1/2", "0x10", "1.5f", "1.5d", "2d",
            "0x1.8p1", "010", "1.5N", "1e5N", "-1-", "5MN", "1_000"})
    void badNumbersNameTheTokenAndWhereItStarts(String token) {
        EdnException e = fails("[:ok\n  0 " + token + " 9]");
        assertTrue(e.getMessage().contains("bad number '" + token + "'"), e.getMessage());
        assertEquals(2, e.line());
        assertEquals(5, e.column());
    }

    @Test
    void nestingUpToDepthMaxIsRead() {
        int depth = EdnReader.DEPTH_MAX;
        Object value = read("[".repeat(depth) + "]".repeat(depth));
        for (int i = 1; i < depth; i++) {
            value = assertInstanceOf(List.class, value).get(0);
        }
        assertEquals(List.of(), value);
    }

    @Test
    void nestingDeeperThanDepthMaxIsAnError() {
        int depth = EdnReader.DEPTH_MAX + 1;
        EdnException e = fails("[".repeat(depth) + "]".repeat(depth));
        assertTrue(e.getMessage().contains("nesting deeper than " + EdnReader.DEPTH_MAX),
                e.getMessage());
        assertEquals(1, e.line());
        EdnException maps = fails("{:a ".repeat(depth) + "1" + "}".repeat(depth));
        assertTrue(maps.getMessage().contains("nesting"), maps.getMessage());
    }

    @Test
    void deepTagsAndDiscardsAreBoundedToo() {
        int count = 100_000;
        EdnException tags = fails("#t ".repeat(count) + "1");
        assertTrue(tags.getMessage().contains("nesting"), tags.getMessage());
        EdnException discards = fails("#_ ".repeat(count) + "1 ".repeat(count + 1));
        assertTrue(discards.getMessage().contains("nesting"), discards.getMessage());
        EdnException mixed = fails("[#t ".repeat(count) + "1" + "]".repeat(count));
        assertTrue(mixed.getMessage().contains("nesting"), mixed.getMessage());
    }

    @Test
    void errorMessagesStartWithLineAndColumn() {
        EdnException e = fails("\n\n   \"x\\q\"");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("line 3, column " + e.column() + ": "),
                e.getMessage());
        assertTrue(e.column() >= 6 && e.column() <= 8, "column " + e.column());
    }

    // ---- readOne, readAll, streaming ----

    @Test
    void readOneRejectsTrailingForms() {
        EdnException e = assertThrows(EdnException.class, () -> EdnReader.readOne("1 2"));
        assertTrue(e.getMessage().contains("more than one"), e.getMessage());
        assertThrows(EdnException.class, () -> EdnReader.readOne("[1] [2]"));
        assertThrows(EdnException.class, () -> EdnReader.readOne("{:a 1} ]"));
        assertEquals(1L, EdnReader.readOne(" 1 ; comment\n #_ 2 ,"));
    }

    @Test
    void readOneOfNothingIsAnError() {
        EdnException e = assertThrows(EdnException.class, () -> EdnReader.readOne("  ; none"));
        assertTrue(e.getMessage().contains("no EDN form"), e.getMessage());
    }

    @Test
    void readAllReadsEveryTopLevelForm() {
        assertEquals(Arrays.asList(1L, null, kw("a"), List.of()),
                EdnReader.readAll("1 nil\n:a []"));
        assertEquals(List.of(), EdnReader.readAll(""));
    }

    @Test
    void openSequenceStreamsElementsWithTheirLines() {
        EdnReader reader = new EdnReader("; header\n[{:a 1}\n ; note\n {:b 2} #_ {:c 3}\n 3]");
        assertTrue(reader.openSequence());
        assertTrue(reader.hasNextElement());
        assertEquals(Map.of(kw("a"), 1L), reader.next());
        assertEquals(2, reader.formLine());
        assertTrue(reader.hasNextElement());
        assertEquals(Map.of(kw("b"), 2L), reader.next());
        assertEquals(4, reader.formLine());
        assertTrue(reader.hasNextElement());
        assertEquals(3L, reader.next());
        assertEquals(5, reader.formLine());
        assertFalse(reader.hasNextElement());
        assertFalse(reader.hasNext());
    }

    @Test
    void openSequenceOfANonSequenceConsumesNothing() {
        EdnReader reader = new EdnReader(" {:a 1}");
        assertFalse(reader.openSequence());
        assertEquals(Map.of(kw("a"), 1L), reader.next());
    }

    @Test
    void openSequenceReportsAWrongOrMissingCloser() {
        EdnReader wrong = new EdnReader("[1 }");
        assertTrue(wrong.openSequence());
        assertTrue(wrong.hasNextElement());
        wrong.next();
        EdnException e = assertThrows(EdnException.class, wrong::hasNextElement);
        assertTrue(e.getMessage().contains("expected ']' but found '}'"), e.getMessage());

        EdnReader missing = new EdnReader("(1\n2");
        assertTrue(missing.openSequence());
        missing.hasNextElement();
        missing.next();
        missing.hasNextElement();
        missing.next();
        EdnException m = assertThrows(EdnException.class, missing::hasNextElement);
        assertTrue(m.getMessage().contains("')' missing"), m.getMessage());
        assertTrue(m.getMessage().contains("opened on line 1"), m.getMessage());
    }
}
