package io.detsim.raft.microraft;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.NOPLogger;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The project's SLF4J binding (registered in {@code META-INF/services}; it replaced slf4j-nop).
 * MicroRaft's loggers ({@code io.microraft.*}) write to the {@link LogSink} of the node running on
 * this thread, if any; everything else (Chronicle Bytes) is dropped, as slf4j-nop did.
 *
 * <p>The sink is per thread because campaigns run seeds on parallel threads, and each node's shell
 * sets it around every entry into MicroRaft code. DEBUG and TRACE are always off: MicroRaft takes
 * other branches when DEBUG is on (it formats whole messages), and a run must not depend on
 * whether it keeps logs.
 */
public final class DetsimSlf4jProvider implements SLF4JServiceProvider {
    private static final ThreadLocal<LogSink> SINK = new ThreadLocal<>();
    private static final String CAPTURED_PREFIX = "io.microraft";
    private static final long BINDING_SPINS_MAX = 1L << 32;

    private final ILoggerFactory loggerFactory = new CaptureLoggerFactory();
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

    /** Makes {@code sink} this thread's sink (null: none) and returns the one it replaces. */
    static LogSink swap(LogSink sink) {
        LogSink previous = SINK.get();
        if (sink == null) {
            SINK.remove();
        } else {
            SINK.set(sink);
        }
        return previous;
    }

    /**
     * Makes sure SLF4J is bound to this provider before any MicroRaft class takes its loggers:
     * initialises SLF4J on this thread, or waits out an initialisation another thread has under
     * way. SLF4J hands a thread that arrives meanwhile stand-in loggers that queue their lines
     * and replay them later elsewhere, which would lose ERRORs and, with seeds run in parallel,
     * make a run's fate depend on which thread came first.
     *
     * @return false when another binding won (another provider on the classpath)
     */
    static boolean awaitBinding() {
        for (long spin = 0; spin < BINDING_SPINS_MAX; spin++) {
            ILoggerFactory factory = org.slf4j.LoggerFactory.getILoggerFactory();
            if (factory instanceof CaptureLoggerFactory) {
                return true;
            }
            if (!(factory instanceof org.slf4j.helpers.SubstituteLoggerFactory)) {
                return false;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    /** MicroRaft's loggers capture, everyone else's are silent. */
    private static final class CaptureLoggerFactory implements ILoggerFactory {
        @Override
        public org.slf4j.Logger getLogger(String name) {
            return name.startsWith(CAPTURED_PREFIX) ? new CaptureLogger(name)
                    : NOPLogger.NOP_LOGGER;
        }
    }

    /** Hands lines to the current sink; SLF4J has already split a trailing throwable off. */
    private static final class CaptureLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        CaptureLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            LogSink sink = SINK.get();
            return sink != null && sink.infoEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return isInfoEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return SINK.get() != null;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
                Object[] arguments, Throwable throwable) {
            LogSink sink = SINK.get();
            if (sink != null) {
                sink.log(level, name, pattern, arguments, throwable);
            }
        }
    }
}
