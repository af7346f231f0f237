package io.detsim.check.history;

/** The four kinds of history entries, as Jepsen names them. */
public enum OpType {
    /** A client began an operation. */
    INVOKE,
    /** The operation completed and took effect. */
    OK,
    /** The operation certainly did not take effect. */
    FAIL,
    /** The outcome is unknown: it may take effect at any time after its invocation, or never. */
    INFO;

    /** Jepsen's name: {@code invoke}, {@code ok}, {@code fail}, {@code info}. */
    public String jepsenName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses Jepsen's name; null when it is not one. */
    public static OpType fromJepsenName(String name) {
        return switch (name) {
            case "invoke" -> INVOKE;
            case "ok" -> OK;
            case "fail" -> FAIL;
            case "info" -> INFO;
            default -> null;
        };
    }
}
