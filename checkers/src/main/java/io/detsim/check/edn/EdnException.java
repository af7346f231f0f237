package io.detsim.check.edn;

/** Malformed EDN, with the line and column where reading stopped. */
public final class EdnException extends RuntimeException {
    private final int line;
    private final int column;

    public EdnException(String message, int line, int column) {
        super("line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
