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
 */
public record Dataset(String name, Shape shape, float[][] samples, int[] labels, int classes) {
    public Dataset {
        if (samples.length != labels.length) {
            throw new IllegalArgumentException(name + ": " + samples.length + " samples but " + labels.length + " labels");
        }
    }

    public int size() {
        return samples.length;
    }

    /** The first {@code n} samples (all when n &lt;= 0 or n &gt;= size). */
    public Dataset limit(int n) {
        if (n <= 0 || n >= samples.length) return this;
        return new Dataset(name, shape, java.util.Arrays.copyOf(samples, n), java.util.Arrays.copyOf(labels, n), classes);
    }

    /** A view of samples {@code [from, to)}. */
    public Dataset slice(int from, int to) {
        return new Dataset(name, shape, java.util.Arrays.copyOfRange(samples, from, to),
            java.util.Arrays.copyOfRange(labels, from, to), classes);
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
