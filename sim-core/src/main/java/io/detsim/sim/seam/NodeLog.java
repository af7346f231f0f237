package io.detsim.sim.seam;

/**
 * A node's logger. Lines carry the node's id and the virtual time; formatting happens only when the
 * run keeps logs, so logging in hot handlers costs nothing in campaigns. Logs never enter the
 * trace hash.
 */
public interface NodeLog {
    /** Logs {@code String.format(format, args)} when logging is on. */
    void info(String format, Object... args);

    boolean isEnabled();
}
