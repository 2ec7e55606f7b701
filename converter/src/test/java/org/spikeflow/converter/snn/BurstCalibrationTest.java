package org.spikeflow.converter.snn;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.Shape;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BurstCalibrationTest {

    /**
     * in(2) -> h1(2): h1_0 = 2 x0, h1_1 = x0 + x1; h1 -> h2(1): h2 = (h1_0 + h1_1) / 2; h2 -> out(1) = h2. No biases.
     */
    private static Network ann() {
        NeuronParams n = NeuronParams.IF_SOFT;
        Population in = Population.input("in", Shape.flat(2));
        Population h1 = Population.spiking("h1", Shape.flat(2), n);
        Population h2 = Population.spiking("h2", Shape.flat(1), n);
        Population out = Population.spiking("out", Shape.flat(1), n);
        return Network.builder("tiny").add(in).add(h1).add(h2).add(out)
            .connect(new DenseProjection("w1", in, h1, new float[] {2, 1, 0, 1}))
            .connect(new DenseProjection("w2", h1, h2, new float[] {0.5f, 0.5f}))
            .connect(new DenseProjection("w3", h2, out, new float[] {1}))
            .output(out).build();
    }

    /** Samples (1, 0), (3, 1), (0.5, 0.5): h1 = (2, 1), (6, 4), (1, 1); h2 = 1.5, 5, 1. */
    private static Dataset samples() {
        return new Dataset("known", Shape.flat(2), new float[][] {{1, 0}, {3, 1}, {0.5f, 0.5f}}, new int[3], 1);
    }

    private static Map<String, Float> scales(Network snn) {
        Map<String, Float> m = new HashMap<>();
        for (String kv : snn.metadata().get("normalization.scales").split(", ")) {
            String[] p = kv.split("=");
            m.put(p[0], Float.parseFloat(p[1]));
        }
        return m;
    }

    private static SpikingOptions options(NormMode norm, int burst, BurstCalibration c) {
        return new SpikingOptions(norm, 100, ResetMode.SUBTRACT, 0.5f, burst, OutputMode.INTEGRATOR, c);
    }

    @Test
    void clampingAtTheBurstLengthCapsEachThresholdAndFeedsTheClampedActivationsOn() {
        // Unclamped maxima: h1 6 (sample 2's 2 x0), h2 5, out 5.
        Network plain = SpikingConversion.convert(ann(), samples(), options(NormMode.MAX, 5, BurstCalibration.NONE), false, 1, null);
        assertEquals(Map.of("h1", 6f, "h2", 5f, "out", 5f), scales(plain));
        assertFalse(plain.metadata().containsKey(BurstCalibration.METADATA_KEY));
        // Clamped at gamma = 5: h1 = (2, 1), (5, 4), (1, 1) -> threshold 5; h2 = (5 + 4) / 2 = 4.5 at most, below the
        // clamp, lower than unclamped because its input was clamped; the linear output sees h2 = 4.5.
        Network clamped = SpikingConversion.convert(ann(), samples(), options(NormMode.MAX, 5, BurstCalibration.CLAMP), false, 1, null);
        assertEquals(Map.of("h1", 5f, "h2", 4.5f, "out", 4.5f), scales(clamped));
        assertEquals("5 (hidden activations clamped at the burst length while calibrating)",
            clamped.metadata().get(BurstCalibration.METADATA_KEY));
        // Weights in each layer's units: w' = w * lambda_source / lambda_target, thresholds 1, bursts of 5.
        DenseProjection w2 = (DenseProjection) clamped.incoming(clamped.population("h2").id()).get(0);
        assertEquals(0.5f * 5f / 4.5f, w2.weight(0, 0), 1e-6f);
        DenseProjection w1 = (DenseProjection) clamped.incoming(clamped.population("h1").id()).get(0);
        assertEquals(2f / 5f, w1.weight(0, 0), 1e-6f);
        assertEquals(5, clamped.population("h1").neuron().maxSpikesPerStep());
        assertEquals(1f, clamped.population("h2").neuron().threshold());
    }

    @Test
    void aClampAboveEveryActivationChangesNothingAndOneBelowCapsEveryLayer() {
        // gamma = 7 exceeds every activation: the thresholds are the unclamped ones.
        Network high = SpikingConversion.convert(ann(), samples(), options(NormMode.MAX, 7, BurstCalibration.CLAMP), false, 1, null);
        assertEquals(Map.of("h1", 6f, "h2", 5f, "out", 5f), scales(high));
        // gamma = 1 (single spikes, BrainCog's gamma = 1): h1 clamped to (1, 1), (1, 1), (1, 1) -> 1; h2 = 1 -> 1.
        Network one = SpikingConversion.convert(ann(), samples(), options(NormMode.MAX, 1, BurstCalibration.CLAMP), false, 1, null);
        assertEquals(Map.of("h1", 1f, "h2", 1f, "out", 1f), scales(one));
        // The percentile is taken of the clamped activations too: at 100 it is the clamped maximum.
        Network pct = SpikingConversion.convert(ann(), samples(), options(NormMode.PERCENTILE, 5, BurstCalibration.CLAMP), false, 1, null);
        assertEquals(5f, scales(pct).get("h1"), 5f * 0.003f);
        assertEquals(4.5f, scales(pct).get("h2"), 4.5f * 0.003f);
    }

    @Test
    void theClampNeedsActivationStatistics() {
        assertThrows(IllegalArgumentException.class, () -> options(NormMode.NONE, 5, BurstCalibration.CLAMP));
        assertThrows(IllegalArgumentException.class, () -> options(NormMode.THRESHOLD_BALANCING, 5, BurstCalibration.CLAMP));
        assertThrows(IllegalArgumentException.class, () -> options(NormMode.MODEL, 5, BurstCalibration.CLAMP));
    }
}
