package org.spikeflow.data.io;

/**
 * One NumPy array: its shape and its values widened to double (exact for float32, int32, uint8 and for
 * int64 labels).
 */
public record NpyArray(String dtype, int[] shape, double[] data) {
    public int size() {
        return data.length;
    }

    public float[] toFloats() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
        return f;
    }

    public int[] toInts() {
        int[] r = new int[data.length];
        for (int i = 0; i < r.length; i++) r[i] = (int) data[i];
        return r;
    }

    /** Row {@code i} of the leading dimension, flattened. */
    public float[] row(int i) {
        int n = data.length / shape[0];
        float[] r = new float[n];
        for (int k = 0; k < n; k++) r[k] = (float) data[i * n + k];
        return r;
    }
}
