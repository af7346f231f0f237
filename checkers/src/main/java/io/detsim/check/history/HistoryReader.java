package io.detsim.check.history;

import io.detsim.check.edn.EdnException;
import io.detsim.check.edn.EdnReader;
import io.detsim.check.edn.Keyword;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a history in any of the {@link HistoryFormat}s, detecting which from the file's name and
 * content. Nothing is evaluated. Ops of non-client processes (Jepsen's {@code :nemesis}) are
 * dropped. Malformed input fails with a {@link HistoryException} naming the file, line and op.
 */
public final class HistoryReader {
    private static final Pattern JEPSEN_LINE = Pattern.compile(
            "^\\S+\\s+jepsen\\.util\\s+-\\s+(\\S+)\\s+:(\\S+)\\s+:(\\S+)(?:\\s+(.*?))?\\s*$");

    private HistoryReader() {}

    public static History read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HistoryException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return read(text, file.toString(), detect(name, text));
    }

    public static History read(String text, String source, HistoryFormat format) {
        try {
            return switch (format) {
                case EDN -> readEdn(text, source);
                case EDN_LINES -> readEdnLines(text, source);
                case JEPSEN_LOG -> readJepsenLog(text, source);
                case JSON -> HistoryJson.read(text, source);
            };
        } catch (EdnException e) {
            throw new HistoryException(source + ": " + e.getMessage(), e);
        }
    }

    /** Guesses the format from the file name and the first meaningful characters. */
    public static HistoryFormat detect(String fileName, String text) {
        if (fileName.endsWith(".json")) {
            return HistoryFormat.JSON;
        }
        if (text.contains("jepsen.util -")) {
            return HistoryFormat.JEPSEN_LOG;
        }
        if (fileName.endsWith(".log") && text.isBlank()) {
            // A Jepsen log of a test that never ran (Porcupine's etcd_095.log): no ops.
            return HistoryFormat.JEPSEN_LOG;
        }
        String start = firstMeaningful(text, 2);
        if (start.startsWith("{")) {
            return HistoryFormat.EDN_LINES;
        }
        if (start.equals("[\"") || start.equals("[{")
                && text.matches("(?s)\\s*\\[\\s*\\{\\s*\".*")) {
            return HistoryFormat.JSON;
        }
        return HistoryFormat.EDN;
    }

    private static String firstMeaningful(String text, int count) {
        StringBuilder out = new StringBuilder();
        boolean comment = false;
        for (int i = 0; i < text.length() && out.length() < count; i++) {
            char c = text.charAt(i);
            if (comment) {
                comment = c != '\n';
            } else if (c == ';') {
                comment = true;
            } else if (!Character.isWhitespace(c) && c != ',') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static History readEdn(String text, String source) {
        EdnReader reader = new EdnReader(text);
        if (!reader.openSequence()) {
            throw new HistoryException(source + ": expected a vector or list of ops");
        }
        List<Op> ops = readOps(reader, source, reader::hasNextElement);
        if (reader.hasNext()) {
            throw new HistoryException(source
                    + ": unexpected content after the history's closing bracket");
        }
        return new History(ops, source);
    }

    private static History readEdnLines(String text, String source) {
        EdnReader reader = new EdnReader(text);
        return new History(readOps(reader, source, reader::hasNext), source);
    }

    /** Reads op maps while {@code more} says another form follows. */
    private static List<Op> readOps(EdnReader reader, String source, BooleanSupplier more) {
        List<Op> ops = new ArrayList<>();
        for (int element = 0; more.getAsBoolean(); element++) {
            Object form = nextForm(reader, source, element);
            String where = source + ":" + reader.formLine() + ": op " + element;
            add(ops, OpMaps.toOp(form, ops.size(), where));
        }
        return ops;
    }

    private static History readJepsenLog(String text, String source) {
        List<Op> ops = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int opLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!line.contains("jepsen.util -")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": op " + opLine;
            opLine++;
            Matcher m = JEPSEN_LINE.matcher(line);
            if (!m.matches()) {
                throw new HistoryException(where + ": not a Jepsen op line: " + line.strip());
            }
            Object process = readProcess(m.group(1));
            if (process instanceof Keyword) {
                continue;
            }
            if (!(process instanceof Long p)) {
                throw new HistoryException(where + ": process must be an integer, found "
                        + m.group(1));
            }
            OpType type = OpType.fromJepsenName(m.group(2));
            if (type == null) {
                throw new HistoryException(where + ": unknown op type :" + m.group(2));
            }
            Object value = m.group(4) == null || m.group(4).isEmpty() ? null
                    : parseValue(m.group(4), where);
            ops.add(new Op(ops.size(), p, type, m.group(3), null, value, Op.TIME_UNKNOWN));
        }
        return new History(ops, source);
    }

    /** The form being op {@code element}; a syntax error inside it names the op. */
    private static Object nextForm(EdnReader reader, String source, int element) {
        try {
            return reader.next();
        } catch (EdnException e) {
            throw new HistoryException(source + ": op " + element + ": " + e.getMessage(), e);
        }
    }

    /** A log line's process as EDN, or null when it is not EDN at all. */
    private static Object readProcess(String text) {
        try {
            return EdnReader.readOne(text);
        } catch (EdnException e) {
            return null;
        }
    }

    private static Object parseValue(String text, String where) {
        try {
            return EdnReader.readOne(text);
        } catch (EdnException e) {
            throw new HistoryException(where + ": bad value '" + text + "': " + e.getMessage(), e);
        }
    }

    private static void add(List<Op> ops, Op op) {
        if (op != null) {
            ops.add(op);
        }
    }
}
