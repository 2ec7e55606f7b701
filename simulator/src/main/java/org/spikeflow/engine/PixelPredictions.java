package org.spikeflow.engine;

import org.spikeflow.graph.Population;

/**
 * The per-pixel predictions of a segmentation run: {@code classes[sample][checkpoint][y * width + x]}. Written by
 * the thread that runs the output population, read once the run has ended.
 */
public final class PixelPredictions {
    private final byte[][][] classes;

    private PixelPredictions(int samples, int checkpoints, int pixels) {
        this.classes = new byte[samples][checkpoints][pixels];
    }

    private PixelPredictions(byte[][][] classes) {
        this.classes = classes;
    }

    /** Predictions already made, {@code [sample][checkpoint][pixel]} (kept, not copied). */
    public static PixelPredictions of(byte[][][] classes) {
        return new PixelPredictions(classes);
    }

    /** The predictions of consecutive shards of the samples, in sample order (null when the parts have none). */
    public static PixelPredictions concat(byte[][][]... parts) {
        if (parts.length == 0 || parts[0] == null) return null;
        int n = 0;
        for (byte[][][] p : parts) n += p.length;
        byte[][][] all = new byte[n][][];
        int at = 0;
        for (byte[][][] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return new PixelPredictions(all);
    }

    /** A store for a per-pixel output ({@link Readout#perPixel}), or null for a classification output. */
    public static PixelPredictions forOutput(Population output, int samples, int checkpoints) {
        if (!Readout.perPixel(output)) return null;
        return new PixelPredictions(samples, checkpoints, output.shape().height() * output.shape().width());
    }

    /** Stores the read-out's per-pixel classes of {@code sample} at checkpoint index {@code k}. */
    public void store(int sample, int k, Readout readout, float[] v) {
        readout.predictPixels(v, classes[sample][k]);
    }

    /** Checkpoints {@code from..} of {@code sample} keep the classes of checkpoint {@code from - 1} (a stopped sample). */
    public void hold(int sample, int from) {
        final byte[][] c = classes[sample];
        for (int k = from; k < c.length; k++) System.arraycopy(c[from - 1], 0, c[k], 0, c[k].length);
    }

    /** {@code [sample][checkpoint][pixel]}. */
    public byte[][][] classes() {
        return classes;
    }
}
