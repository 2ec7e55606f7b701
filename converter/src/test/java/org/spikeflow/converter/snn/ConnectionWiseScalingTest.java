package org.spikeflow.converter.snn;

import org.junit.jupiter.api.Test;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.ConvTransposeProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.Window;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The skip-respecting rescaling pass on its own: a UNet-like concatenation whose two sources carry different scales. */
class ConnectionWiseScalingTest {

    private static float[] rnd(SplittableRandom r, int n, double lo, double hi) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return w;
    }

    /**
     * in (1x4x4) -> enc (2x4x4, large activations) -> down: conv stride 2 -> bott (3x2x2, small activations) -> up:
     * transposed conv -> dec (2x4x4); the skip concatenation feeds cat (2x4x4) from enc and dec, then a 1x1 head.
     */
    private static Network unet() {
        SplittableRandom r = new SplittableRandom(5);
        NeuronParams n = NeuronParams.IF_SOFT;
        Population in = Population.input("in", Shape.chw(1, 4, 4));
        Population enc = Population.spiking("enc", Shape.chw(2, 4, 4), n, new float[] {0.5f, 1f});
        Population bott = Population.spiking("bott", Shape.chw(3, 2, 2), n, new float[] {0.01f, 0.02f, 0.03f});
        Population dec = Population.spiking("dec", Shape.chw(2, 4, 4), n, new float[] {0.05f, 0f});
        Population cat = Population.spiking("cat", Shape.chw(2, 4, 4), n, new float[] {0.1f, -0.1f});
        Population head = Population.spiking("head", Shape.chw(3, 4, 4), n, new float[] {0f, 0.1f, -0.1f});
        return Network.builder("unet").add(in).add(enc).add(bott).add(dec).add(cat).add(head)
            .connect(new ConvProjection("k-enc", in, enc, 3, 1, 1, rnd(r, 9 * 2, 0.5, 3)))
            .connect(new ConvProjection("k-down", enc, bott, 2, 2, 0, rnd(r, 4 * 2 * 3, -0.01, 0.04)))
            .connect(new ConvTransposeProjection("k-up", bott, dec, Window.square(2, 2, 0), 1, rnd(r, 4 * 3 * 2, -0.2, 1)))
            .connect(new ConvProjection("skip", enc, cat, 3, 1, 1, rnd(r, 9 * 2 * 2, -0.1, 0.2)))
            .connect(new ConvProjection("from-dec", dec, cat, 1, 1, 0, rnd(r, 2 * 2, -1, 3)))
            .connect(new ConvProjection("k-head", cat, head, 1, 1, 0, rnd(r, 2 * 3, -1, 1)))
            .output(head).build();
    }

    @Test
    void everyPopulationSeesItsOwnUnitsWhateverItsSourcesScales() {
        Network ann = unet();
        // Scales as a calibration would give them: enc runs ~50x hotter than dec.
        Map<String, float[]> lambda = Map.of("in", new float[] {1}, "enc", new float[] {6f, 8f}, "bott", new float[] {0.2f, 0.1f, 0.3f},
            "dec", new float[] {0.15f, 0.12f}, "cat", new float[] {1.5f, 0.9f}, "head", new float[] {2f, 2f, 2f});
        Network scaled = ConnectionWiseScaling.apply(ann, p -> lambda.get(p.name()));
        SplittableRandom r = new SplittableRandom(9);
        AnalogForward a = new AnalogForward(ann);
        AnalogForward s = new AnalogForward(scaled);
        for (int sample = 0; sample < 5; sample++) {
            float[] x = rnd(r, 16, 0, 1);
            float[][] ya = a.run(x);
            float[][] copy = new float[ya.length][];
            for (int k = 0; k < ya.length; k++) copy[k] = ya[k].clone();
            float[][] ys = s.run(x);
            for (Population p : ann.populations()) {
                float[] l = lambda.get(p.name());
                int c = p.shape().channels();
                for (int j = 0; j < p.size(); j++) {
                    float expected = copy[p.id()][j] / l[j % c];
                    assertEquals(expected, ys[scaled.population(p.name()).id()][j], 1e-5f * (1 + Math.abs(expected)), p.name() + " neuron " + j);
                }
            }
        }
    }

    @Test
    void oneScaleForBothSourcesOfTheConcatenationWouldMisweighTheSkip() {
        // The counter-check: if the concatenation's inputs were rescaled by one common scale (the encoder's), the
        // decoder half would arrive 50x too strong, and the target's activations would be far from its own units.
        Network ann = unet();
        Map<String, float[]> lambda = Map.of("in", new float[] {1}, "enc", new float[] {6f, 8f}, "bott", new float[] {0.2f, 0.1f, 0.3f},
            "dec", new float[] {0.15f, 0.12f}, "cat", new float[] {1.5f, 0.9f}, "head", new float[] {2f, 2f, 2f});
        Network right = ConnectionWiseScaling.apply(ann, p -> lambda.get(p.name()));
        // The same network with the decoder's connection into the concatenation rescaled by the encoder's scale.
        Network.Builder w = Network.builder("wrong");
        right.populations().forEach(w::add);
        float[] encOverDec = {6f / 0.15f, 8f / 0.12f};
        for (var pr : right.projections()) w.connect(pr.name().equals("from-dec") ? pr.normalized(encOverDec, new float[] {1f, 1f}) : pr);
        Network wrong = w.output(right.output()).build();
        float[] x = rnd(new SplittableRandom(3), 16, 0, 1);
        float[] a = new AnalogForward(right).run(x)[right.population("cat").id()].clone();
        float[] b = new AnalogForward(wrong).run(x)[wrong.population("cat").id()];
        double diff = 0, norm = 0;
        for (int j = 0; j < a.length; j++) {
            diff += Math.abs(a[j] - b[j]);
            norm += Math.abs(a[j]);
        }
        assertTrue(norm > 0 && diff > 0.5 * norm, "a common scale changes the concatenation's result (" + diff + " of " + norm + ")");
    }

    @Test
    void inputsMustKeepScaleOne() {
        Network ann = unet();
        assertThrows(IllegalArgumentException.class, () -> ConnectionWiseScaling.apply(ann, p -> {
            float[] l = new float[p.shape().channels()];
            java.util.Arrays.fill(l, 2f);
            return l;
        }));
    }
}
