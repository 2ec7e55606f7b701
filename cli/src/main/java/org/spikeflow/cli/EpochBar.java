package org.spikeflow.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The per-epoch progress bar of the training commands: a new bar for every epoch, showing the latest sampled
 * training loss. Called from the training thread only.
 */
final class EpochBar {
    private final PrintWriter out;
    private Progress bar;
    private double loss = Double.NaN;

    EpochBar(PrintWriter out) {
        this.out = out;
    }

    /** Batch {@code b} of {@code batches} done; {@code sampledLoss} is NaN for batches whose loss was not sampled. */
    void batch(int epoch, int b, int batches, double sampledLoss) {
        if (bar == null) {
            bar = Progress.create(out, "epoch " + epoch, batches);
            loss = Double.NaN;
        }
        if (!Double.isNaN(sampledLoss)) loss = sampledLoss;
        bar.update(b, Double.isNaN(loss) ? "" : String.format(Locale.ROOT, "loss %.4f", loss));
    }

    /** Ends the epoch's bar (before the epoch summary line). */
    void close() {
        if (bar != null) bar.close();
        bar = null;
    }
}
