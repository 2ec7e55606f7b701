package org.spikeflow.graph;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A projection's positive part, whose forward pass of an all-ones source is each target's sum of positive incoming
 * weights (model-based normalization), against that sum taken weight by weight from one-hot forward passes.
 */
class PositivePartTest {

    private static float[] weights(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) (r.nextDouble() * 2 - 1);
        return w;
    }

    /** sum_i max(0, w_ji): each source neuron alone, its column of weights read back by the projection's own forward. */
    private static float[] positiveSumsByColumns(Projection p) {
        int ns = p.source().size(), nt = p.target().size();
        float[] sums = new float[nt];
        float[] scratch = new float[Math.max(nt, p.target().shape().channels())];
        for (int i = 0; i < ns; i++) {
            float[] oneHot = new float[ns];
            oneHot[i] = 1f;
            float[] col = new float[nt];
            p.forward(oneHot, col, scratch);
            for (int j = 0; j < nt; j++) sums[j] += Math.max(0f, col[j]);
        }
        return sums;
    }

    private static float[] ofOnes(Projection p) {
        float[] ones = new float[p.source().size()];
        java.util.Arrays.fill(ones, 1f);
        float[] out = new float[p.target().size()];
        p.positivePart().forward(ones, out, new float[Math.max(out.length, p.target().shape().channels())]);
        return out;
    }

    @Test
    void positivePartOfEveryWeightedKindSumsThePositiveIncomingWeights() {
        NeuronParams n = NeuronParams.IF_SOFT;
        Population in = Population.input("in", Shape.chw(2, 5, 5));
        Population flat = Population.spiking("flat", Shape.flat(4), n);
        Population conv = Population.spiking("conv", Shape.chw(3, 3, 3), n);
        Population up = Population.spiking("up", Shape.chw(2, 10, 10), n);
        Projection[] kinds = {
            new DenseProjection("d", in, flat, weights(1, 50 * 4)),
            new ConvProjection("c", in, conv, 3, 2, 1, weights(2, 9 * 2 * 3)),
            new ConvTransposeProjection("t", in, up, Window.square(2, 2, 0), 1, weights(3, 4 * 2 * 2)),
            new RecurrentProjection(new DenseProjection("r", flat, flat, weights(4, 16))),
        };
        for (Projection p : kinds) assertArrayEquals(positiveSumsByColumns(p), ofOnes(p), 1e-5f, p.name());
        Population pooled = Population.spiking("pooled", Shape.chw(2, 2, 2), n);
        AvgPoolProjection avg = PoolProjection.average("a", in, pooled, 2, 2);
        assertSame(avg, avg.positivePart(), "pooling weights are positive already");
    }
}
