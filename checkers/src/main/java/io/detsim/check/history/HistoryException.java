package io.detsim.check.history;

/** A history that cannot be read or makes no sense; the message names the line or op at fault. */
public final class HistoryException extends RuntimeException {
    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
