package org.spikeflow.training.snn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.InputEncoder;
import org.spikeflow.engine.ReadoutMode;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.Shape;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwoLayerSnnTest {

    static Dataset data(int n, int in, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][in];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int k = 0; k < in; k++) x[i][k] = (k % classes == y[i] ? 0.6f : 0.05f) + (float) r.nextDouble() * 0.3f;
        }
        return new Dataset("toy", Shape.flat(in), x, y, classes);
    }

    static SnnTrainingConfig cfg(int hidden, NeuronModel model, ResetMode reset, int t, EncoderKind enc, Surrogate s, SnnLoss loss) {
        return new SnnTrainingConfig(hidden, model, reset, 8f, 1f, t, enc, 1000f, s, 2.0, loss, 3.0, 1, 4, 1e-2, 3L);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource({"FAST_SIGMOID, CE, IF, SUBTRACT", "ARCTAN, MSE, LIF, SUBTRACT", "TRIANGLE, HUBER, LIF, ZERO", "FAST_SIGMOID, HUBER, IF, ZERO"})
    void bpttGradientsMatchFiniteDifferencesOfTheSmoothedNetwork(Surrogate s, SnnLoss loss, NeuronModel model, ResetMode reset) {
        SnnTrainingConfig c = cfg(3, model, reset, 5, EncoderKind.ANALOG, s, loss);
        TwoLayerSnn m = new TwoLayerSnn(4, 2, c);
        float[] x = {0.9f, 0.2f, 0.6f, 0.4f};
        InputEncoder enc = new InputEncoder(m.encoderConfig(), 4);
        double[] gw1 = new double[m.w1.length], gb1 = new double[m.b1.length], gw2 = new double[m.w2.length], gb2 = new double[m.b2.length];
        TwoLayerSnn.Trace tr = m.forward(x, 0, enc, true);
        double[][] dv = new double[c.timesteps()][2];
        m.loss(tr, 1, dv);
        m.backward(tr, dv, gw1, gb1, gw2, gb2);
        float[][] params = {m.w1, m.b1, m.w2, m.b2};
        double[][] analytic = {gw1, gb1, gw2, gb2};
        double num = 0, den = 0;
        final float eps = 1e-2f;
        for (int k = 0; k < params.length; k++) {
            for (int i = 0; i < params[k].length; i++) {
                float keep = params[k][i];
                params[k][i] = keep + eps;
                double lp = m.loss(m.forward(x, 0, enc, true), 1, new double[c.timesteps()][2]);
                params[k][i] = keep - eps;
                double lm = m.loss(m.forward(x, 0, enc, true), 1, new double[c.timesteps()][2]);
                params[k][i] = keep;
                double fd = (lp - lm) / (2 * eps);
                num += (fd - analytic[k][i]) * (fd - analytic[k][i]);
                den += (fd + analytic[k][i]) * (fd + analytic[k][i]);
            }
        }
        double rel = Math.sqrt(num) / Math.sqrt(den);
        assertTrue(den > 1e-12, "gradients are not all zero");
        assertTrue(rel < 1e-3, "relative error " + rel);
    }

    @ParameterizedTest(name = "conv with {0} loss")
    @CsvSource({"CE", "HUBER"})
    void convolutionalBpttGradientsMatchFiniteDifferences(SnnLoss loss) {
        SnnTrainingConfig c = new SnnTrainingConfig(1, NeuronModel.LIF, ResetMode.SUBTRACT, 8f, 1f, 4, EncoderKind.ANALOG, 1000f,
            Surrogate.FAST_SIGMOID, 2.0, loss, 3.0, 1, 1, 1e-2, 5L, 2, 3, 2);
        TwoLayerSnn m = new TwoLayerSnn(Shape.chw(1, 5, 5), 2, c);
        float[] x = new float[25];
        for (int i = 0; i < 25; i++) x[i] = (i * 7 % 10) / 10f;
        InputEncoder enc = new InputEncoder(m.encoderConfig(), 25);
        double[] gw1 = new double[m.w1.length], gb1 = new double[m.b1.length], gw2 = new double[m.w2.length], gb2 = new double[m.b2.length];
        TwoLayerSnn.Trace tr = m.forward(x, 0, enc, true);
        double[][] dv = new double[4][2];
        m.loss(tr, 0, dv);
        m.backward(tr, dv, gw1, gb1, gw2, gb2);
        float[][] params = {m.w1, m.b1, m.w2, m.b2};
        double[][] analytic = {gw1, gb1, gw2, gb2};
        double num = 0, den = 0;
        for (int k = 0; k < params.length; k++) {
            for (int i = 0; i < params[k].length; i++) {
                float keep = params[k][i];
                params[k][i] = keep + 1e-2f;
                double lp = m.loss(m.forward(x, 0, enc, true), 0, new double[4][2]);
                params[k][i] = keep - 1e-2f;
                double lm = m.loss(m.forward(x, 0, enc, true), 0, new double[4][2]);
                params[k][i] = keep;
                double fd = (lp - lm) / 2e-2;
                num += (fd - analytic[k][i]) * (fd - analytic[k][i]);
                den += (fd + analytic[k][i]) * (fd + analytic[k][i]);
            }
        }
        assertTrue(den > 1e-12);
        assertTrue(Math.sqrt(num / den) < 1e-3, "relative error " + Math.sqrt(num / den));
    }

    @Test
    void convolutionalNetworkSpikesInTheSimulatorExactlyAsInTraining() {
        SplittableRandom r = new SplittableRandom(8);
        float[][] x = new float[40][64];
        int[] y = new int[40];
        for (int i = 0; i < 40; i++) {
            y[i] = i % 2;
            for (int k = 0; k < 64; k++) x[i][k] = ((y[i] == 0 ? k % 8 < 4 : k / 8 < 4) ? 0.7f : 0.1f) + (float) r.nextDouble() * 0.2f;
        }
        Dataset d = new Dataset("bars", Shape.chw(1, 8, 8), x, y, 2);
        SnnTrainingConfig c = new SnnTrainingConfig(1, NeuronModel.IF, ResetMode.SUBTRACT, 10f, 1f, 10, EncoderKind.POISSON, 900f,
            Surrogate.TRIANGLE, 1.0, SnnLoss.CE, 3.0, 3, 8, 5e-3, 13L, 4, 3, 2);
        SnnTrainer.Result res = SnnTrainer.train("bars", c, d, d, null);
        Network net = res.network();
        int hid = net.population("hidden").id();
        Map<String, int[]> sim = new ConcurrentHashMap<>();
        SimulationResult sr = Engines.create(EngineKind.EVENT).run(net, d, SimulationConfig.builder().timesteps(10)
            .encoder(EncoderKind.POISSON).maxRateHz(900f).seed(13L).threads(2).readout(ReadoutMode.MEMBRANE)
            .listener((s, t, p, idx, cnt, n) -> {
                if (p != hid) return;
                int[] v = new int[64];
                for (int e = 0; e < n; e++) v[idx[e]] = cnt[e];
                sim.put(s + "/" + t, v);
            }).build());
        assertEquals(64, net.population("hidden").size(), "4 channels x 4 x 4");
        InputEncoder enc = new InputEncoder(res.model().encoderConfig(), 64);
        for (int i = 0; i < d.size(); i++) {
            TwoLayerSnn.Trace tr = res.model().forward(d.samples()[i], i, enc, false);
            for (int t = 0; t < 10; t++) {
                int[] mine = new int[64];
                for (int j = 0; j < 64; j++) mine[j] = (int) tr.s[t][j];
                assertArrayEquals(mine, sim.getOrDefault(i + "/" + t, new int[64]), "sample " + i + " step " + t);
            }
        }
        assertEquals(res.testAccuracy(), sr.accuracyAt(10), 1e-12);
    }

    @Test
    void trainedNetworkSpikesInTheSimulatorExactlyAsInTraining() {
        Dataset d = data(60, 20, 3, 5);
        SnnTrainingConfig c = new SnnTrainingConfig(16, NeuronModel.LIF, ResetMode.SUBTRACT, 10f, 1f, 12, EncoderKind.POISSON,
            800f, Surrogate.FAST_SIGMOID, 5.0, SnnLoss.CE, 3.0, 3, 10, 5e-3, 11L);
        SnnTrainer.Result r = SnnTrainer.train("toy", c, d, d, null);
        assertTrue(r.testAccuracy() > 0.6, "learned something: " + r.testAccuracy());
        Network net = r.network();
        Map<String, int[]> sim = new ConcurrentHashMap<>();
        int hiddenId = net.population("hidden").id();
        SimulationResult res = Engines.create(EngineKind.EVENT).run(net, d, SimulationConfig.builder().timesteps(12)
            .encoder(EncoderKind.POISSON).maxRateHz(800f).seed(11L).threads(2).readout(ReadoutMode.MEMBRANE)
            .listener((s, t, p, idx, cnt, n) -> {
                if (p != hiddenId) return;
                int[] v = new int[16];
                for (int e = 0; e < n; e++) v[idx[e]] = cnt[e];
                sim.put(s + "/" + t, v);
            }).build());
        InputEncoder enc = new InputEncoder(r.model().encoderConfig(), 20);
        int agree = 0;
        long spikes = 0;
        for (int i = 0; i < d.size(); i++) {
            TwoLayerSnn.Trace tr = r.model().forward(d.samples()[i], i, enc, false);
            for (int t = 0; t < 12; t++) {
                int[] mine = new int[16];
                for (int j = 0; j < 16; j++) mine[j] = (int) tr.s[t][j];
                int[] theirs = sim.getOrDefault(i + "/" + t, new int[16]);
                assertArrayEquals(mine, theirs, "sample " + i + " step " + t);
                for (int v : mine) spikes += v;
            }
            if (TwoLayerSnn.predict(tr) == res.predictions()[i][0]) agree++;
        }
        assertTrue(spikes > 0);
        assertEquals(d.size(), agree, "same prediction for every sample");
        assertEquals(r.testAccuracy(), res.accuracyAt(12), 1e-12);
    }
}
