package org.spikeflow.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;
import org.spikeflow.neuron.NeuronDynamics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FineTunerTest {
    static final int SIDE = 8;
    static final int CLASSES = 3;

    /** 8x8 images; class k lights up a band of rows, with noise. */
    static Dataset bands(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][SIDE * SIDE];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
            for (int row = 0; row < SIDE; row++)
                for (int col = 0; col < SIDE; col++) {
                    boolean on = row * CLASSES / SIDE == y[i] && r.nextDouble() < 0.7;
                    x[i][row * SIDE + col] = (float) (on ? 0.6 + 0.4 * r.nextDouble() : 0.2 * r.nextDouble());
                }
        }
        return new Dataset("bands", Shape.chw(1, SIDE, SIDE), x, y, CLASSES);
    }

    static TrainedModel model(List<LayerDef> plan, long seed, List<Float> caps) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> w = new ArrayList<>(), b = new ArrayList<>();
        for (LayerDef l : plan) {
            if (l.kind() != LayerDef.Kind.CONV && l.kind() != LayerDef.Kind.DENSE) continue;
            int fan = l.kind() == LayerDef.Kind.CONV ? l.in() * l.kernel() * l.kernel() : l.in();
            float[] a = new float[l.kind() == LayerDef.Kind.CONV ? fan * l.out() : l.in() * l.out()];
            for (int i = 0; i < a.length; i++) a[i] = (float) ((r.nextDouble() - 0.4) * 3 / Math.sqrt(fan));
            w.add(a);
            float[] bias = null;
            if (l.bias()) {
                bias = new float[l.out()];
                for (int i = 0; i < bias.length; i++) bias[i] = (float) (0.1 * (r.nextDouble() - 0.5));
            }
            b.add(bias);
        }
        return new TrainedModel("t", 1, SIDE, SIDE, CLASSES, plan, w, b, Double.NaN, 0, caps);
    }

    static List<LayerDef> mlp() {
        return List.of(LayerDef.of(LayerDef.Kind.FLATTEN), LayerDef.dense(SIDE * SIDE, 12, true), LayerDef.of(LayerDef.Kind.RELU),
            LayerDef.dense(12, CLASSES, true));
    }

    static List<LayerDef> cnn() {
        return List.of(LayerDef.conv(1, 4, 3, true), LayerDef.of(LayerDef.Kind.RELU), LayerDef.of(LayerDef.Kind.AVG_POOL),
            LayerDef.conv(4, 6, 3, true), LayerDef.of(LayerDef.Kind.RELU), LayerDef.of(LayerDef.Kind.FLATTEN),
            LayerDef.dense(6 * 4 * 4, 10, true), LayerDef.of(LayerDef.Kind.RELU), LayerDef.dense(10, CLASSES, false));
    }

    static FineTuneConfig config(int t, int epochs, double l2, double upperHz) {
        return new FineTuneConfig(t, epochs, 16, 0.01, new double[] {1}, 0, 0, upperHz, l2, false, 99.9, 5);
    }

    @Test
    void fineTunedFirstLayerSpikesEqualNeuronDynamicsStep() {
        Dataset data = bands(48, 1);
        TrainedModel tuned = FineTuner.fineTune(model(mlp(), 2, List.of(1.2f)), data, null, config(6, 1, 0, 250), null);
        assertNotEquals(model(mlp(), 2, List.of(1.2f)).weights().get(0)[0], tuned.weights().get(0)[0], "fine-tuning changed nothing");
        int t = 6;
        SpikingForward fwd = new SpikingForward(tuned, data.limit(4), t, 1, 0);
        SpikingForward.Pass pass = fwd.run(data.limit(10), 2);
        Population hidden = fwd.hiddenPopulations().get(0);
        NeuronParams p = hidden.neuron();
        float lambda = tuned.caps().get(0);
        float[] w = tuned.weights().get(0), bias = tuned.biases().get(0);
        int out = 12, in = SIDE * SIDE;
        float scale = 1f / lambda;
        long spikes = 0;
        for (int s = 0; s < 10; s++) {
            float[] x = data.samples()[s];
            float[] v = new float[out];
            java.util.Arrays.fill(v, p.initialMembrane());
            int[] counts = new int[out];
            int[] idx = new int[out], cnt = new int[out];
            for (int step = 0; step < t; step++) {
                float[] acc = new float[out];
                for (int i = 0; i < in; i++) {
                    if (x[i] == 0f) continue;
                    for (int j = 0; j < out; j++) acc[j] += w[i * out + j] * scale * x[i];
                }
                float[] current = new float[out];
                for (int j = 0; j < out; j++) current[j] = bias[j] / lambda + acc[j];
                int k = NeuronDynamics.step(p, 1f, v, null, current, idx, cnt);
                for (int e = 0; e < k; e++) counts[idx[e]] += cnt[e];
            }
            for (int j = 0; j < out; j++) {
                assertEquals(counts[j], Math.round(pass.rates()[0][s][j] * t), "sample " + s + " neuron " + j);
                spikes += counts[j];
            }
        }
        assertTrue(spikes > 0, "the hidden layer never fired: the comparison would be empty");
    }

    @Test
    void forwardRatesOfEveryLayerEqualTheDenseReference() {
        Dataset data = bands(12, 3);
        TrainedModel m = model(cnn(), 4, List.of(1.5f, 2f, 2.5f));
        int t = 7;
        SpikingForward fwd = new SpikingForward(m, data.limit(4), t, 1, 0);
        SpikingForward.Pass pass = fwd.run(data, 2);
        List<Population> hidden = fwd.hiddenPopulations();
        int[][][] dense = new int[hidden.size()][data.size()][];
        for (int i = 0; i < hidden.size(); i++) for (int s = 0; s < data.size(); s++) dense[i][s] = new int[hidden.get(i).size()];
        Engines.create(EngineKind.DENSE).run(fwd.network(), data, SimulationConfig.builder().timesteps(t)
            .listener((sample, step, pop, idx, cnt, n) -> {
                for (int i = 0; i < hidden.size(); i++) {
                    if (hidden.get(i).id() != pop) continue;
                    for (int e = 0; e < n; e++) dense[i][sample][idx[e]] += cnt[e];
                }
            }).build());
        long total = 0;
        for (int i = 0; i < hidden.size(); i++) {
            for (int s = 0; s < data.size(); s++) {
                float[] chw = new float[dense[i][s].length];
                for (int j = 0; j < chw.length; j++) chw[j] = dense[i][s][j];
                float[] expected = Dataset.toChw(chw, hidden.get(i).shape());
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(expected[j], Math.round(pass.rates()[i][s][j] * t), "layer " + i + " sample " + s + " neuron " + j);
                    total += (long) expected[j];
                }
            }
        }
        assertTrue(total > 0);
    }

    @Test
    void trainingGraphForwardValueIsTheSpikingRate() {
        Dataset data = bands(5, 4);
        TrainedModel m = model(mlp(), 6, List.of(1.3f));
        FineTuner.Graph g = new FineTuner.Graph(m, config(8, 1, 0, 250));
        SpikingForward.Pass pass = new SpikingForward(m, data, 8, 1, 0).run(data, 1);
        float[] logits = g.logits(g.batch(data, pass));
        float[] w = m.weights().get(1), b = m.biases().get(1);
        for (int s = 0; s < data.size(); s++) {
            for (int k = 0; k < CLASSES; k++) {
                double expected = b[k];
                for (int j = 0; j < 12; j++) expected += 1.3f * pass.rates()[0][s][j] * w[j * CLASSES + k];
                assertEquals(expected, logits[s * CLASSES + k], 1e-4, "sample " + s + " class " + k);
            }
        }
    }

    @Test
    void fineTuningIsDeterministicForASeed() {
        Dataset data = bands(40, 7);
        TrainedModel a = FineTuner.fineTune(model(cnn(), 8, List.of()), data, data.limit(8), config(4, 1, 1e-6, 100), null);
        TrainedModel b = FineTuner.fineTune(model(cnn(), 8, List.of()), data, data.limit(8), config(4, 1, 1e-6, 100), null);
        assertEquals(a.caps(), b.caps());
        for (int i = 0; i < a.weights().size(); i++) assertArrayEquals(a.weights().get(i), b.weights().get(i), "layer " + i);
    }

    @Test
    void rateRegularizationLowersFiring() {
        Dataset data = bands(64, 9);
        TrainedModel start = model(mlp(), 10, List.of(0.8f));
        double before = new SpikingForward(start, data, 8, 1, 0).run(data, 2).spikesPerSample();
        TrainedModel free = FineTuner.fineTune(start, data, null, config(8, 3, 0, 100), null);
        TrainedModel held = FineTuner.fineTune(start, data, null, config(8, 3, 1e-3, 100), null);
        double spikesFree = new SpikingForward(free, data, 8, 1, 0).run(data, 2).spikesPerSample();
        double spikesHeld = new SpikingForward(held, data, 8, 1, 0).run(data, 2).spikesPerSample();
        assertTrue(spikesHeld < 0.8 * spikesFree && spikesHeld < before,
            "spikes/sample: before " + before + ", fine-tuned " + spikesFree + ", with the rate band " + spikesHeld);
    }

    @Test
    void refusesBadArgumentsByName() {
        IllegalArgumentException band = assertThrows(IllegalArgumentException.class,
            () -> new FineTuneConfig(8, 1, 16, 0.01, new double[] {1}, 0, 300, 200, 0, false, 99.9, 1));
        assertTrue(band.getMessage().startsWith("lower-hz") && band.getMessage().contains("upper-hz"), band.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FineTuneConfig(8, 1, 16, 0.01, new double[] {1}, 0, 200, 200, 0, false, 99.9, 1));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new FineTuneConfig(8, 1, 16, 0.01, new double[] {1, 0}, 0, 0, 200, 0, false, 99.9, 1)).getMessage().startsWith("dt"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new FineTuneConfig(0, 1, 16, 0.01, new double[] {1}, 0, 0, 200, 0, false, 99.9, 1)).getMessage().startsWith("timesteps"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new FineTuneConfig(8, 1, 16, 0.01, new double[] {1}, -1, 0, 200, 0, false, 99.9, 1)).getMessage().startsWith("tau"));
    }

    @Test
    void iterateDoublesTimestepsAndHalvesBatchEpochsAndRate() {
        FineTuneConfig c = new FineTuneConfig(4, 4, 64, 0.001, new double[] {1, 0.5}, 0, 0, 200, 0, true, 99.9, 1);
        List<FineTuneConfig.Stage> s = c.stages();
        assertEquals(3, s.size());
        assertEquals(new FineTuneConfig.Stage(0, 4, 64, 4, 0.001), s.get(0));
        assertEquals(new FineTuneConfig.Stage(1, 8, 32, 2, 0.0005), s.get(1));
        assertEquals(new FineTuneConfig.Stage(2, 16, 16, 1, 0.00025), s.get(2));
        assertEquals(1, c.dtMsAt(1));
        assertEquals(0.5, c.dtMsAt(2));
        assertEquals(0.5, c.dtMsAt(7));
        assertEquals(1, new FineTuneConfig(4, 4, 64, 0.001, new double[] {1}, 0, 0, 200, 0, false, 99.9, 1).stages().size());
    }

    @Test
    void modelReaderReadsBackWhatIsExported(@TempDir Path dir) throws Exception {
        TrainedModel m = model(cnn(), 11, List.of(1.5f, 2f, 2.5f));
        Path f = dir.resolve("m.onnx");
        OnnxExport.write(m, f);
        TrainedModel back = ModelReader.read(f);
        assertEquals(m.layers(), back.layers());
        assertEquals(m.caps(), back.caps());
        for (int i = 0; i < m.weights().size(); i++) {
            assertArrayEquals(m.weights().get(i), back.weights().get(i));
            assertArrayEquals(m.biases().get(i), back.biases().get(i));
        }
        assertThrows(org.spikeflow.converter.ModelException.class, () -> ModelReader.read(dir.resolve("missing.onnx")));
    }
}
