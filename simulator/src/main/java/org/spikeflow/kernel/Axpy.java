package org.spikeflow.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The scatter arithmetic over a contiguous run of output channels, with the Vector API: {@link #axpy}
 * ({@code acc[a + j] += w[b + j] * x}, a multiply then an add, never a fused multiply-add, so every lane rounds
 * exactly as the scalar loop of the dense reference does) and {@link #add} ({@code acc[a + j] += w[b + j]}, the
 * path of a single binary spike: {@code w * 1} is {@code w} exactly, so skipping the multiply changes no float).
 */
public final class Axpy {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private Axpy() {
    }

    /** {@code acc[a + j] += w[b + j] * x}; {@code x == 1} takes the add path. */
    public static void axpy(float[] acc, int accOffset, float[] w, int wOffset, float x, int n) {
        if (x == 1f) {
            add(acc, accOffset, w, wOffset, n);
            return;
        }
        int j = 0;
        if (n >= LANES) {
            final int upper = SPECIES.loopBound(n);
            final FloatVector vx = FloatVector.broadcast(SPECIES, x);
            for (; j < upper; j += LANES) {
                final FloatVector a = FloatVector.fromArray(SPECIES, acc, accOffset + j);
                final FloatVector b = FloatVector.fromArray(SPECIES, w, wOffset + j);
                a.add(b.mul(vx)).intoArray(acc, accOffset + j);
            }
        }
        for (; j < n; j++) {
            acc[accOffset + j] += w[wOffset + j] * x;
        }
    }

    /** {@code acc[a + j] += w[b + j]}. */
    public static void add(float[] acc, int accOffset, float[] w, int wOffset, int n) {
        int j = 0;
        if (n >= LANES) {
            final int upper = SPECIES.loopBound(n);
            for (; j < upper; j += LANES) {
                final FloatVector a = FloatVector.fromArray(SPECIES, acc, accOffset + j);
                a.add(FloatVector.fromArray(SPECIES, w, wOffset + j)).intoArray(acc, accOffset + j);
            }
        }
        for (; j < n; j++) {
            acc[accOffset + j] += w[wOffset + j];
        }
    }

    /**
     * Several spikes into one output run: {@code acc[a + j] += w[o_q + j] * x_q} for every spike {@code q} in
     * {@code [from, to)}, in that order, with {@code o_q = wOffset + (index[q] - base) * stride}. Up to four spikes
     * (the input channels of one position that spiked together) share each load and store of the output vector;
     * every element still adds them one after the other, so the floats are those of one {@link #axpy} per spike.
     */
    public static void axpyEach(float[] acc, int accOffset, float[] w, int wOffset, int stride, int[] index, int base,
                                float[] value, int from, int to, int n) {
        int q = from;
        while (q < to) {
            final int m = Math.min(4, to - q);
            if (m == 1 || value[q] != 1f || value[q + 1] != 1f || (m > 2 && value[q + 2] != 1f) || (m > 3 && value[q + 3] != 1f)) {
                axpy(acc, accOffset, w, wOffset + (index[q] - base) * stride, value[q], n);
                q++;
                continue;
            }
            final int o0 = wOffset + (index[q] - base) * stride;
            final int o1 = wOffset + (index[q + 1] - base) * stride;
            if (m == 2) {
                add2(acc, accOffset, w, o0, o1, n);
            } else if (m == 3) {
                add3(acc, accOffset, w, o0, o1, wOffset + (index[q + 2] - base) * stride, n);
            } else {
                add4(acc, accOffset, w, o0, o1, wOffset + (index[q + 2] - base) * stride, wOffset + (index[q + 3] - base) * stride, n);
            }
            q += m;
        }
    }

    private static void add2(float[] acc, int a, float[] w, int o0, int o1, int n) {
        int j = 0;
        final int upper = SPECIES.loopBound(n);
        for (; j < upper; j += LANES) {
            FloatVector.fromArray(SPECIES, acc, a + j).add(FloatVector.fromArray(SPECIES, w, o0 + j))
                .add(FloatVector.fromArray(SPECIES, w, o1 + j)).intoArray(acc, a + j);
        }
        for (; j < n; j++) acc[a + j] = acc[a + j] + w[o0 + j] + w[o1 + j];
    }

    private static void add3(float[] acc, int a, float[] w, int o0, int o1, int o2, int n) {
        int j = 0;
        final int upper = SPECIES.loopBound(n);
        for (; j < upper; j += LANES) {
            FloatVector.fromArray(SPECIES, acc, a + j).add(FloatVector.fromArray(SPECIES, w, o0 + j))
                .add(FloatVector.fromArray(SPECIES, w, o1 + j)).add(FloatVector.fromArray(SPECIES, w, o2 + j)).intoArray(acc, a + j);
        }
        for (; j < n; j++) acc[a + j] = acc[a + j] + w[o0 + j] + w[o1 + j] + w[o2 + j];
    }

    private static void add4(float[] acc, int a, float[] w, int o0, int o1, int o2, int o3, int n) {
        int j = 0;
        final int upper = SPECIES.loopBound(n);
        for (; j < upper; j += LANES) {
            FloatVector.fromArray(SPECIES, acc, a + j).add(FloatVector.fromArray(SPECIES, w, o0 + j))
                .add(FloatVector.fromArray(SPECIES, w, o1 + j)).add(FloatVector.fromArray(SPECIES, w, o2 + j))
                .add(FloatVector.fromArray(SPECIES, w, o3 + j)).intoArray(acc, a + j);
        }
        for (; j < n; j++) acc[a + j] = acc[a + j] + w[o0 + j] + w[o1 + j] + w[o2 + j] + w[o3 + j];
    }
}
