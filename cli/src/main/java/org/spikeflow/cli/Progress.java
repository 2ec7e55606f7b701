package org.spikeflow.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar with rate and ETA. On a terminal it redraws one line; otherwise (CI logs, pipes) it prints a
 * plain line every 10% or every 10 seconds. Thread-safe: engines report from their own threads.
 */
public final class Progress implements AutoCloseable {
    private static final double MIN_RATE_SECONDS = 0.5;
    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final LongSupplier clockNanos;
    private final long start;
    private long lastPrintNanos;
    private int lastDecile = -1;
    private long done;
    private String status = "";
    private boolean closed;

    public Progress(PrintWriter out, String label, long total, boolean terminal, LongSupplier clockNanos) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = terminal;
        this.clockNanos = clockNanos;
        this.start = clockNanos.getAsLong();
        this.lastPrintNanos = start;
    }

    /** A progress bar on the given writer, drawn in place when standard output is an interactive terminal. */
    public static Progress create(PrintWriter out, String label, long total) {
        boolean tty = System.console() != null && System.getenv("CI") == null;
        return new Progress(out, label, total, tty, System::nanoTime);
    }

    /** Progress with a short status (e.g. the latest training loss) shown after the ETA; empty for none. */
    public synchronized void update(long doneNow, String statusNow) {
        status = statusNow == null ? "" : statusNow;
        update(doneNow);
    }

    public synchronized void update(long doneNow) {
        if (closed || doneNow <= done && done != 0) return;
        done = Math.min(doneNow, total);
        long now = clockNanos.getAsLong();
        if (terminal) {
            if (now - lastPrintNanos >= 100_000_000L || done == total) {
                out.print("\r" + line(now));
                out.flush();
                lastPrintNanos = now;
            }
        } else {
            int decile = (int) (done * 10 / total);
            if (decile > lastDecile || now - lastPrintNanos >= 10_000_000_000L) {
                out.println(line(now));
                out.flush();
                lastDecile = decile;
                lastPrintNanos = now;
            }
        }
    }

    /** The progress line for the current state (also used by tests). */
    synchronized String line(long nowNanos) {
        double seconds = (nowNanos - start) / 1e9;
        // Before half a second a rate says more about the clock than about the work (a bar created by its first
        // report would show millions per second); a finished bar shows its rate however short it was.
        double rate = seconds >= MIN_RATE_SECONDS || done == total && seconds > 0 ? done / seconds : Double.NaN;
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        int width = 30;
        int filled = (int) (width * done / total);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        return String.format(Locale.ROOT, "%s [%s] %d/%d %3.0f%% %s/s ETA %s", label, bar, done, total,
            100.0 * done / total, Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f", rate),
            Double.isNaN(eta) ? "?" : formatSeconds(eta)) + (status.isEmpty() ? "" : "  " + status);
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
            : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (terminal) {
            out.print("\r" + line(clockNanos.getAsLong()));
            out.println();
        } else if (lastDecile < 10) {
            out.println(line(clockNanos.getAsLong()));
        }
        out.flush();
    }
}
