package io.detsim.check.edn;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A safe EDN reader: data only. It never evaluates ({@code #=} is refused), never resolves symbols
 * and never runs a tag's reader function (tagged elements come back as {@link Tagged}). Errors name
 * the line and column.
 *
 * <p>Values: {@code nil} is null; integers are {@link Long} (or {@link BigInteger} when they do not
 * fit or end in {@code N}); floats are {@link Double} ({@link BigDecimal} with {@code M}); strings,
 * {@link Keyword}s, {@link Symbol}s, characters as {@link Character}; lists and vectors as
 * unmodifiable
 * {@link List}s, maps as unmodifiable insertion-ordered {@link Map}s, sets as unmodifiable {@link
 * Set}s.
 */
public final class EdnReader {
    /** Nesting deeper than this is rejected rather than risking the stack. */
    public static final int DEPTH_MAX = 512;

    private static final Object CLOSE = new Object();
    /** EDN integers: no leading zeros (Clojure would read 010 as octal 8), optional N. */
    private static final Pattern INTEGER = Pattern.compile("[+-]?(?:0|[1-9][0-9]*)N?");
    /** EDN floats; Java-only forms (1.5f, 1d, hex 0x1p3) are not EDN. */
    private static final Pattern FLOAT =
            Pattern.compile("[+-]?[0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?M?");

    private final String text;
    private int pos;
    private int line = 1;
    private int column = 1;
    private int formLine;
    private int depth;
    private char openSequenceClose;
    private int openSequenceLine;

    public EdnReader(String text) {
        this.text = text;
    }

    /** Reads every top-level form. */
    public static List<Object> readAll(String text) {
        EdnReader reader = new EdnReader(text);
        List<Object> forms = new ArrayList<>();
        while (reader.hasNext()) {
            forms.add(reader.next());
        }
        return forms;
    }

    /** Reads exactly one form; anything after it is an error. */
    public static Object readOne(String text) {
        EdnReader reader = new EdnReader(text);
        if (!reader.hasNext()) {
            throw reader.error("no EDN form");
        }
        Object value = reader.next();
        if (reader.hasNext()) {
            throw reader.error("more than one EDN form");
        }
        return value;
    }

    /** True when another top-level form follows (skips whitespace, comments and discards). */
    public boolean hasNext() {
        skipIgnorable();
        return pos < text.length();
    }

    /** The next top-level form. */
    public Object next() {
        skipIgnorable();
        formLine = line;
        Object value = read();
        if (value == CLOSE) {
            throw error("unexpected '" + text.charAt(pos - 1) + "'");
        }
        return value;
    }

    /**
     * Streams the elements of a top-level list or vector: when the next form is one, consumes its
     * opening bracket and returns true; then {@link #hasNextElement()} and {@link #next()} walk its
     * elements, each with its own {@link #formLine()}.
     */
    public boolean openSequence() {
        skipIgnorable();
        if (pos < text.length() && (text.charAt(pos) == '[' || text.charAt(pos) == '(')) {
            openSequenceClose = text.charAt(pos) == '[' ? ']' : ')';
            openSequenceLine = line;
            advance();
            return true;
        }
        return false;
    }

    /** After {@link #openSequence()}: true when another element follows, false at the close. */
    public boolean hasNextElement() {
        skipIgnorable();
        if (pos >= text.length()) {
            throw error("'" + openSequenceClose + "' missing for the collection opened on line "
                    + openSequenceLine);
        }
        char c = text.charAt(pos);
        if (c == openSequenceClose) {
            advance();
            return false;
        }
        if (c == ')' || c == ']' || c == '}') {
            throw error("expected '" + openSequenceClose + "' but found '" + c + "'");
        }
        return true;
    }

    /** The line on which the last form returned by {@link #next()} started. */
    public int formLine() {
        return formLine;
    }

    private Object read() {
        skipIgnorable();
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '(', '[' -> {
                advance();
                return Collections.unmodifiableList(readSequence(c == '(' ? ')' : ']'));
            }
            case '{' -> {
                advance();
                return readMap();
            }
            case ')', ']', '}' -> {
                advance();
                return CLOSE;
            }
            case '"' -> {
                return readString();
            }
            case '\\' -> {
                return readCharacter();
            }
            case ':' -> {
                advance();
                String name = readToken();
                if (name.isEmpty() || name.startsWith(":")) {
                    throw error("bad keyword ':" + name + "'");
                }
                return new Keyword(name);
            }
            case '#' -> {
                return readDispatch();
            }
            case '^' -> throw error("metadata (^) is not supported in histories");
            default -> {
                return readAtom();
            }
        }
    }

    private List<Object> readSequence(char close) {
        enter();
        List<Object> items = new ArrayList<>();
        int startLine = line;
        while (true) {
            skipIgnorable();
            if (pos >= text.length()) {
                throw error("'" + close + "' missing for the collection opened on line "
                        + startLine);
            }
            Object item = read();
            if (item == CLOSE) {
                char got = text.charAt(pos - 1);
                if (got != close) {
                    throw error("expected '" + close + "' but found '" + got + "'");
                }
                depth--;
                return items;
            }
            items.add(item);
        }
    }

    private Map<Object, Object> readMap() {
        List<Object> items = readSequence('}');
        if (items.size() % 2 != 0) {
            throw error("a map needs an even number of forms, found " + items.size());
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            if (map.containsKey(items.get(i))) {
                throw error("duplicate map key " + EdnWriter.write(items.get(i)));
            }
            map.put(items.get(i), items.get(i + 1));
        }
        return Collections.unmodifiableMap(map);
    }

    private Object readDispatch() {
        advance();
        if (pos >= text.length()) {
            throw error("unexpected end of input after '#'");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                advance();
                List<Object> items = readSequence('}');
                Set<Object> set = new LinkedHashSet<>(items);
                if (set.size() != items.size()) {
                    throw error("duplicate set element");
                }
                return Collections.unmodifiableSet(set);
            }
            case '=' -> throw error("reader eval (#=) is refused: histories are data, never code");
            case '_' -> throw error("internal: discard reached read()");
            case '#' -> {
                advance();
                String name = readToken();
                return switch (name) {
                    case "Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> throw error("unknown symbolic value ##" + name);
                };
            }
            case ':' -> throw error("namespaced maps (#:ns{...}) are not supported in histories");
            case '"' -> throw error("regular expressions (#\"...\") are not EDN");
            default -> {
                String tag = readToken();
                if (tag.isEmpty() || !Character.isLetter(tag.charAt(0))) {
                    throw error("bad tag '#" + tag + "'");
                }
                enter();
                Object value = read();
                depth--;
                if (value == CLOSE) {
                    throw error("tag #" + tag + " has no value");
                }
                return new Tagged(tag, value);
            }
        }
    }

    private Object readString() {
        int startLine = line;
        advance();
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("string opened on line " + startLine + " never closes");
            }
            char c = text.charAt(pos);
            advance();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("string ends inside an escape");
            }
            char e = text.charAt(pos);
            advance();
            switch (e) {
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case '\\' -> out.append('\\');
                case '"' -> out.append('"');
                case 'u' -> out.append(readUnicodeEscape());
                default -> throw error("bad escape '\\" + e + "' in string");
            }
        }
    }

    private char readUnicodeEscape() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        String hex = text.substring(pos, pos + 4);
        if (!isHex(hex)) {
            throw error("bad \\u escape '" + hex + "'");
        }
        for (int i = 0; i < 4; i++) {
            advance();
        }
        return (char) Integer.parseInt(hex, 16);
    }

    /** Exactly ASCII hex digits: Integer.parseInt alone also takes a sign and non-ASCII digits. */
    private static boolean isHex(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private Object readCharacter() {
        advance();
        String token = readToken();
        if (token.isEmpty() && pos < text.length()) {
            char c = text.charAt(pos);
            advance();
            return c;
        }
        return switch (token) {
            case "newline" -> '\n';
            case "space" -> ' ';
            case "tab" -> '\t';
            case "return" -> '\r';
            case "backspace" -> '\b';
            case "formfeed" -> '\f';
            default -> {
                if (token.length() == 1) {
                    yield token.charAt(0);
                }
                if (token.length() == 5 && token.charAt(0) == 'u' && isHex(token.substring(1))) {
                    yield (char) Integer.parseInt(token.substring(1), 16);
                }
                throw error("bad character \\" + token);
            }
        };
    }

    private Object readAtom() {
        int startColumn = column;
        String token = readToken();
        if (token.isEmpty()) {
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }
        switch (token) {
            case "nil" -> {
                return null;
            }
            case "true" -> {
                return Boolean.TRUE;
            }
            case "false" -> {
                return Boolean.FALSE;
            }
            default -> { }
        }
        char first = token.charAt(0);
        boolean numeric = Character.isDigit(first)
                || ((first == '-' || first == '+') && token.length() > 1
                        && Character.isDigit(token.charAt(1)));
        if (numeric) {
            return parseNumber(token, startColumn);
        }
        return new Symbol(token);
    }

    private Object parseNumber(String token, int startColumn) {
        boolean integer = INTEGER.matcher(token).matches();
        boolean decimal = !integer && FLOAT.matcher(token).matches()
                && (token.contains(".") || token.contains("e") || token.contains("E")
                        || token.endsWith("M"));
        if (!integer && !decimal) {
            throw new EdnException("bad number '" + token + "'", line, startColumn);
        }
        try {
            if (token.endsWith("N")) {
                return new BigInteger(stripPlus(token.substring(0, token.length() - 1)));
            }
            if (token.endsWith("M")) {
                return new BigDecimal(stripPlus(token.substring(0, token.length() - 1)));
            }
            if (token.contains(".") || token.contains("e") || token.contains("E")) {
                return Double.parseDouble(token);
            }
            BigInteger big = new BigInteger(stripPlus(token));
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        } catch (NumberFormatException e) {
            throw new EdnException("bad number '" + token + "'", line, startColumn);
        }
    }

    private static String stripPlus(String token) {
        return token.startsWith("+") ? token.substring(1) : token;
    }

    private String readToken() {
        int start = pos;
        while (pos < text.length() && isTokenChar(text.charAt(pos))) {
            advance();
        }
        return text.substring(start, pos);
    }

    private static boolean isTokenChar(char c) {
        return !Character.isWhitespace(c) && c != ',' && c != '(' && c != ')' && c != '['
                && c != ']' && c != '{' && c != '}' && c != '"' && c != ';' && c != '\\';
    }

    private void skipIgnorable() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == ',') {
                advance();
            } else if (c == ';') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    advance();
                }
            } else if (c == '#' && pos + 1 < text.length() && text.charAt(pos + 1) == '_') {
                advance();
                advance();
                // A discard nests like a collection does: #_ #_ ... must not exhaust the stack.
                enter();
                Object discarded = read();
                depth--;
                if (discarded == CLOSE) {
                    throw error("#_ has nothing to discard");
                }
            } else {
                return;
            }
        }
    }

    private void enter() {
        if (++depth > DEPTH_MAX) {
            throw error("nesting deeper than " + DEPTH_MAX);
        }
    }

    private void advance() {
        if (text.charAt(pos) == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        pos++;
    }

    private EdnException error(String message) {
        return new EdnException(message, line, column);
    }
}
