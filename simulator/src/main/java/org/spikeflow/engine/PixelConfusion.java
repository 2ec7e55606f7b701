package org.spikeflow.engine;

import org.spikeflow.data.Dataset;
import org.spikeflow.report.SegmentationScores;

import java.util.ArrayList;
import java.util.List;

/**
 * The confusion matrix of per-pixel classes (true x predicted), accumulated sample by sample, and the scores it gives:
 * pixel accuracy, per-class and mean IoU, binary foreground Jaccard and F1 (class 0 is the background).
 */
public final class PixelConfusion {
    private final int classes;
    private final long[] counts;

    public PixelConfusion(int classes) {
        this.classes = classes;
        this.counts = new long[classes * classes];
    }

    public int classes() {
        return classes;
    }

    /** Adds one sample: its true and predicted class per pixel. */
    public void add(byte[] truth, byte[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("a mask of " + truth.length + " pixels for a prediction of " + predicted.length);
        }
        for (int p = 0; p < truth.length; p++) {
            final int t = truth[p] & 0xff, q = predicted[p] & 0xff;
            if (t >= classes || q >= classes) {
                throw new IllegalArgumentException("class " + Math.max(t, q) + " outside the " + classes + " classes");
            }
            counts[t * classes + q]++;
        }
    }

    /** Adds another matrix of the same classes (the part of another thread). */
    public void add(PixelConfusion other) {
        for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
    }

    /** Pixels of true class {@code t} predicted as {@code q}. */
    public long count(int t, int q) {
        return counts[t * classes + q];
    }

    public SegmentationScores scores() {
        long total = 0, correct = 0;
        long tp = 0, fp = 0, fn = 0;
        final long[] row = new long[classes], col = new long[classes];
        for (int t = 0; t < classes; t++) {
            for (int q = 0; q < classes; q++) {
                final long n = count(t, q);
                total += n;
                row[t] += n;
                col[q] += n;
                if (t == q) correct += n;
                if (t != 0 && q != 0) tp += n;
                else if (t == 0 && q != 0) fp += n;
                else if (t != 0) fn += n;
            }
        }
        final List<Double> iou = new ArrayList<>(classes);
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (row[c] == 0) {
                iou.add(null);
                continue;
            }
            final double v = count(c, c) / (double) (row[c] + col[c] - count(c, c));
            iou.add(v);
            sum += v;
            present++;
        }
        return new SegmentationScores(total == 0 ? 0 : correct / (double) total, present == 0 ? 0 : sum / present, iou,
            tp + fp + fn == 0 ? 1 : tp / (double) (tp + fp + fn), tp + fp + fn == 0 ? 1 : 2.0 * tp / (2.0 * tp + fp + fn));
    }

    /** The classes of a per-pixel output's logits or scores {@code v} (HWC, {@code channels} per pixel). */
    public static void classesOf(float[] v, int channels, byte[] out) {
        if (channels == 1) {
            for (int p = 0; p < out.length; p++) out[p] = (byte) (v[p] > 0f ? 1 : 0);
            return;
        }
        for (int p = 0; p < out.length; p++) {
            final int base = p * channels;
            int best = 0;
            for (int c = 1; c < channels; c++) if (v[base + c] > v[base + best]) best = c;
            out[p] = (byte) best;
        }
    }

    /** Classes for a network output of {@code channels} channels and masks of {@code masks.classes()}. */
    public static int classesFor(int channels, Dataset.Masks masks) {
        return Math.max(Math.max(2, channels), masks.classes());
    }
}
