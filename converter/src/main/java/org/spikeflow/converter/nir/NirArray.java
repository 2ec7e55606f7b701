package org.spikeflow.converter.nir;

import java.util.Arrays;

/**
 * One numeric dataset of a NIR node: its shape (no batch dimension; empty for a scalar) and its values in C order.
 * Values are held as doubles, which carry float32 and float64 datasets exactly.
 *
 * @param shape   dimensions, outermost first
 * @param values  the values, row-major
 * @param float64 whether the dataset was (or is to be written as) 64-bit
 * @param integer whether the dataset holds integers (written as int64)
 */
public record NirArray(int[] shape, double[] values, boolean float64, boolean integer) {
    public NirArray {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) n *= d;
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + values.length);
        }
    }

    public static NirArray floats(int[] shape, float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return new NirArray(shape, d, false, false);
    }

    public static NirArray doubles(int[] shape, double[] v) {
        return new NirArray(shape, v.clone(), true, false);
    }

    public static NirArray longs(long... v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return new NirArray(new int[] {v.length}, d, false, true);
    }

    public static NirArray scalarLong(long v) {
        return new NirArray(new int[0], new double[] {v}, false, true);
    }

    public int size() {
        return values.length;
    }

    public int rank() {
        return shape.length;
    }

    public double get(int i) {
        return values[i];
    }

    /** The value at flat index {@code i}, or the only value of a one-element array (broadcast). */
    public double broadcast(int i) {
        return values.length == 1 ? values[0] : values[i];
    }

    public int[] ints() {
        int[] r = new int[values.length];
        for (int i = 0; i < r.length; i++) r[i] = (int) values[i];
        return r;
    }

    public boolean allEqual(double x) {
        for (double v : values) if (v != x) return false;
        return true;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
