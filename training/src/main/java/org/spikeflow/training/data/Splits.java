package org.spikeflow.training.data;

import org.spikeflow.data.Dataset;

import java.util.SplittableRandom;

/** Seeded train/validation/test splits (80/10/10 by default) of a dataset that comes in one piece. */
public final class Splits {
    private Splits() {
    }

    /** Returns {train, validation, test} with the given fractions of a seeded shuffle (test gets the rest). */
    public static Dataset[] split(Dataset d, double train, double validation, long seed) {
        if (!(train > 0 && validation >= 0 && train + validation <= 1)) {
            throw new IllegalArgumentException("split fractions must satisfy train > 0, validation >= 0, train + validation <= 1");
        }
        int n = d.size();
        int[] p = permutation(n, new SplittableRandom(seed));
        int a = (int) Math.round(n * train), b = (int) Math.round(n * (train + validation));
        return new Dataset[] {pick(d, p, 0, a, "train"), pick(d, p, a, b, "validation"), pick(d, p, b, n, "test")};
    }

    /** A seeded random permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static Dataset pick(Dataset d, int[] p, int from, int to, String part) {
        float[][] x = new float[to - from][];
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            x[i - from] = d.samples()[p[i]];
            y[i - from] = d.labels()[p[i]];
        }
        return new Dataset(d.name() + " (" + part + ")", d.shape(), x, y, d.classes());
    }
}
