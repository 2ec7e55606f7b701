package org.spikeflow.converter.snn;

import org.junit.jupiter.api.Test;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Model-based normalization (Diehl et al. 2015; ANNarchy's rule and scales) against hand computations. */
class ModelNormalizationTest {

    /**
     * in(2) -> h(2) -> out(2), weights by input row. h's positive incoming sums: h0 = 1 + 0.5 = 1.5, h1 = 3 (the -0.5
     * does not count): 3. out's: out0 = 0.5 + 0.25 = 0.75, out1 = 1.5: 1.5.
     */
    private static Network chain() {
        Population in = Population.input("in", Shape.flat(2));
        Population h = Population.spiking("h", Shape.flat(2), NeuronParams.IF_SOFT, new float[] {0.3f, -0.6f});
        Population out = Population.spiking("out", Shape.flat(2), NeuronParams.IF_SOFT, new float[] {0.15f, 0f});
        return Network.builder("chain").add(in).add(h).add(out)
            .connect(new DenseProjection("w1", in, h, new float[] {1f, -0.5f, 0.5f, 3f}))
            .connect(new DenseProjection("w2", h, out, new float[] {0.5f, -1f, 0.25f, 1.5f}))
            .output(out).build();
    }

    private static float[] weights(Network net, String target) {
        return ((DenseProjection) net.incoming(net.population(target).id()).get(0)).weights();
    }

    /**
     * ANNarchy's factors: scale 2 for the first layer over its largest positive sum 3, 2/3; scale 3 for the second over
     * 1.5, 2. Biases in the layer's units: b / lambda with lambda_h = 3/2 and lambda_out = 1.5 * 1.5 / 3 = 0.75.
     */
    @Test
    void eachLayerIsScaledByItsDepthOverItsLargestSumOfPositiveIncomingWeights() {
        Network snn = SpikingConversion.convert(chain(), null, SpikingOptions.DEFAULT.withNorm(NormMode.MODEL), false, 1, null);
        float f1 = 2f / 3f;
        assertArrayEquals(new float[] {f1, -0.5f * f1, 0.5f * f1, 3f * f1}, weights(snn, "h"), 1e-6f);
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 3f}, weights(snn, "out"), 1e-6f);
        assertArrayEquals(new float[] {0.2f, -0.4f}, snn.population("h").biasPerChannel(), 1e-6f);
        assertArrayEquals(new float[] {0.2f, 0f}, snn.population("out").biasPerChannel(), 1e-6f);
        assertEquals(1f, snn.population("h").neuron().threshold());
        assertEquals("model scale depth+1", snn.metadata().get("normalization"));
        assertEquals("0", snn.metadata().get("calibration.samples"), "no data needed");
    }

    /** Diehl et al.'s own rule, scale 1: factors 1/3 and 1/1.5, whatever the depth. */
    @Test
    void aFixedScaleOfOneIsDiehlsRule() {
        Network snn = SpikingConversion.convert(chain(), null, SpikingOptions.DEFAULT.withNorm(NormMode.MODEL).withModelScale(1f), false, 1, null);
        assertArrayEquals(new float[] {1f / 3, -0.5f / 3, 0.5f / 3, 1f}, weights(snn, "h"), 1e-6f);
        assertArrayEquals(new float[] {0.5f / 1.5f, -1f / 1.5f, 0.25f / 1.5f, 1f}, weights(snn, "out"), 1e-6f);
        // lambda_h = 3, lambda_out = 3 * 1.5 = 4.5
        assertArrayEquals(new float[] {0.1f, -0.2f}, snn.population("h").biasPerChannel(), 1e-6f);
        assertArrayEquals(new float[] {0.15f / 4.5f, 0f}, snn.population("out").biasPerChannel(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> SpikingOptions.DEFAULT.withModelScale(0f));
    }

    /**
     * A 1x1 convolution with two output channels, a 2x2 max pool (which counts as a level, as in ANNarchy, and carries
     * its source's scale) and a dense output. The convolution's taps: into channel 0, 1 and -2 (positive sum 1); into
     * channel 1, 0.5 and 1.5 (sum 2): scale 2 over 2, factor 1, lambda = 1. The dense layer (depth 3: input 0, conv 1,
     * pool 2; scale 4) reads the two pooled values with rows {2, -1} and {3, 1}: sums 5 and 1, factor 4/5, lambda 5/4.
     */
    @Test
    void maxPoolingCarriesItsSourcesScaleAndCountsAsALevel() {
        Population in = Population.input("in", Shape.chw(2, 2, 2));
        Population c = Population.spiking("c", Shape.chw(2, 2, 2), NeuronParams.IF_SOFT);
        Population p = Population.maxPool("p", Shape.chw(2, 1, 1));
        Population out = Population.spiking("out", Shape.flat(2), NeuronParams.IF_SOFT);
        // 1x1 kernel, weights [ci][co]: ci0 -> (1, 0.5), ci1 -> (-2, 1.5)
        Network ann = Network.builder("cnn").add(in).add(c).add(p).add(out)
            .connect(new ConvProjection("k", in, c, 1, 1, 0, new float[] {1f, 0.5f, -2f, 1.5f}))
            .connect(PoolProjection.max("mp", c, p, 2, 2))
            .connect(new DenseProjection("fc", p, out, new float[] {2f, -1f, 3f, 1f}))
            .output(out).build();
        Network snn = SpikingConversion.convert(ann, null, SpikingOptions.DEFAULT.withNorm(NormMode.MODEL), false, 1, null);
        ConvProjection k = (ConvProjection) snn.incoming(snn.population("c").id()).get(0);
        assertArrayEquals(new float[] {1f, 0.5f, -2f, 1.5f}, k.weights(), 1e-6f);
        assertArrayEquals(new float[] {2f * 0.8f, -0.8f, 3f * 0.8f, 0.8f}, weights(snn, "out"), 1e-6f);
        assertEquals("c=1.000, out=1.250", snn.metadata().get("normalization.scales"));
    }
}
