package org.spikeflow.data;

import org.spikeflow.graph.Shape;

/**
 * Labelled samples in memory. Each sample is a float vector in the simulator's channels-last (HWC) layout,
 * values usually scaled to [0, 1].
 *
 * @param name    where the data came from
 * @param shape   shape of one sample
 * @param samples one float vector per sample, HWC order
 * @param labels  class index per sample
 * @param classes number of classes
 * @param masks   per-pixel labels of segmentation data (null for classification data)
 */
public record Dataset(String name, Shape shape, float[][] samples, int[] labels, int classes, Masks masks) {
    /**
     * Per-pixel class labels of segmentation scenes: {@code labels[sample][y * width + x]} (unsigned bytes), in
     * {@code classes} classes of which class 0 is the background.
     */
    public record Masks(byte[][] labels, int classes) {
        /** Class of pixel {@code p} of sample {@code s}. */
        public int label(int s, int p) {
            return labels[s][p] & 0xff;
        }

        Masks pick(int[] indices) {
            byte[][] m = new byte[indices.length][];
            for (int i = 0; i < indices.length; i++) m[i] = labels[indices[i]];
            return new Masks(m, classes);
        }
    }

    public Dataset {
        if (samples.length != labels.length) {
            throw new IllegalArgumentException(name + ": " + samples.length + " samples but " + labels.length + " labels");
        }
        if (masks != null && masks.labels().length != samples.length) {
            throw new IllegalArgumentException(name + ": " + samples.length + " samples but " + masks.labels().length + " masks");
        }
    }

    /** Classification data (no masks). */
    public Dataset(String name, Shape shape, float[][] samples, int[] labels, int classes) {
        this(name, shape, samples, labels, classes, null);
    }

    /** The same samples under another name, with other pixels (a transform), masks kept. */
    public Dataset with(String newName, float[][] newSamples) {
        return new Dataset(newName, shape, newSamples, labels, classes, masks);
    }

    /** The samples at {@code indices}, in that order, with their labels and masks. */
    public Dataset pick(int[] indices) {
        float[][] x = new float[indices.length][];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            x[i] = samples[indices[i]];
            y[i] = labels[indices[i]];
        }
        return new Dataset(name, shape, x, y, classes, masks == null ? null : masks.pick(indices));
    }

    /** True for segmentation data. */
    public boolean segmentation() {
        return masks != null;
    }

    public int size() {
        return samples.length;
    }

    /** The first {@code n} samples (all when n &lt;= 0 or n &gt;= size). */
    public Dataset limit(int n) {
        if (n <= 0 || n >= samples.length) return this;
        return slice(0, n);
    }

    /** A view of samples {@code [from, to)}. */
    public Dataset slice(int from, int to) {
        return new Dataset(name, shape, java.util.Arrays.copyOfRange(samples, from, to),
            java.util.Arrays.copyOfRange(labels, from, to), classes,
            masks == null ? null : new Masks(java.util.Arrays.copyOfRange(masks.labels(), from, to), masks.classes()));
    }

    /** Converts one HWC sample to CHW order (the layout of ONNX / PyTorch tensors). */
    public static float[] toChw(float[] hwc, Shape s) {
        float[] out = new float[hwc.length];
        int c = s.channels(), h = s.height(), w = s.width();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < c; k++) out[(k * h + y) * w + x] = hwc[(y * w + x) * c + k];
        return out;
    }

    /** Converts one CHW sample to the simulator's HWC order. */
    public static float[] toHwc(float[] chw, Shape s) {
        float[] out = new float[chw.length];
        int c = s.channels(), h = s.height(), w = s.width();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < c; k++) out[(y * w + x) * c + k] = chw[(k * h + y) * w + x];
        return out;
    }
}
