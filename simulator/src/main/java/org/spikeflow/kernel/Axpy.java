package org.spikeflow.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The scatter kernel: {@code acc[a + j] += w[b + j] * x} over a contiguous run of output channels. A
 * multiply then an add (never a fused multiply-add), so every lane rounds exactly as the scalar loop of the
 * dense reference does.
 */
public final class Axpy {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private Axpy() {
    }

    public static void axpy(float[] acc, int accOffset, float[] w, int wOffset, float x, int n) {
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
}
