package io.detsim.scenario.cli;

import io.detsim.scenario.campaign.Campaign;
import io.detsim.scenario.run.RunResult;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A campaign's progress: a progress bar on a terminal (seeds done, failures, seeds/s, ETA), and
 * a plain line every 10 seconds otherwise (CI logs). Wall-clock time is fine here: it is the
 * campaign's, not the simulation's.
 */
final class Progress implements Campaign.Listener, AutoCloseable {
    private static final long LINE_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final boolean silent;
    private ProgressBar bar;
    private long startNanos;
    private long lastLineNanos;
    private int total;
    private int done;
    private int failures;

    Progress(PrintWriter err, boolean silent) {
        this.err = err;
        this.silent = silent;
    }

    @Override
    public synchronized void started(int seedsToRun, int seedsAlreadyDone) {
        total = seedsToRun;
        startNanos = System.nanoTime();
        lastLineNanos = startNanos;
        if (seedsAlreadyDone > 0) {
            err.printf("resuming: %d seeds already done, %d to go%n", seedsAlreadyDone,
                    seedsToRun);
            err.flush();
        }
        if (!silent && System.console() != null && total > 0) {
            bar = new ProgressBarBuilder().setTaskName("seeds").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .showSpeed().build();
        }
    }

    @Override
    public synchronized void finished(RunResult result) {
        done++;
        if (result.verdict().isFailure()) {
            failures++;
            if (bar == null && !silent) {
                err.printf("failure: seed %d %s: %s%n", result.seed(), result.verdict(),
                        result.reason());
            }
        }
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(failures + " failures");
        } else if (!silent && System.nanoTime() - lastLineNanos >= LINE_INTERVAL_NANOS) {
            lastLineNanos = System.nanoTime();
            double seconds = (lastLineNanos - startNanos) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            err.printf(Locale.ROOT, "progress: %d/%d seeds, %d failures, %.1f seeds/s, ETA %.0fs%n",
                    done, total, failures, rate, (total - done) / Math.max(rate, 1e-9));
            err.flush();
        }
    }

    synchronized void interrupted() {
        err.printf("%ninterrupted: %d seeds finished and saved; --resume continues%n", done);
        err.flush();
    }

    synchronized int finished() {
        return done;
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
