package io.detsim.check.history;

/** The forms in which Jepsen-style histories come. */
public enum HistoryFormat {
    /** One EDN vector or list of op maps (Knossos's test data, Jepsen's history.edn). */
    EDN,
    /** One EDN op map per line (Porcupine's kv data), possibly with a separate {@code :key}. */
    EDN_LINES,
    /** Jepsen's text log: {@code INFO  jepsen.util - <process> :<type> :<f> <value>}. */
    JEPSEN_LOG,
    /** detsim's JSON twin of the EDN form. */
    JSON
}
