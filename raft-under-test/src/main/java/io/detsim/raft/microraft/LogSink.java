package io.detsim.raft.microraft;

import org.slf4j.event.Level;

/**
 * Where MicroRaft's log lines go while one of its nodes runs: that node's shell, which prints them
 * through the node's log and judges its ERRORs ({@link ErrorPolicy}).
 */
interface LogSink {
    /** True when INFO and WARN lines are wanted (the run keeps logs); ERRORs always are. */
    boolean infoEnabled();

    /**
     * One line, unformatted: {@code pattern} with SLF4J's {@code {}} anchors and its
     * {@code arguments}, and the throwable it carries or null.
     */
    void log(Level level, String loggerName, String pattern, Object[] arguments,
            Throwable throwable);
}
