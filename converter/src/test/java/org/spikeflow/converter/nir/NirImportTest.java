package org.spikeflow.converter.nir;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Layer;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Projection;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.Shape;
import org.spikeflow.kernel.TouchMap;
import org.spikeflow.testing.SharedFixtures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real NIR graphs written by Norse, Sinabs, snnTorch and the NIR paper's scripts (../shared/fixtures/nir). */
class NirImportTest {
    static final double DT = 1e-4;

    /** One LIF trace: membrane after each step (after reset) and the steps with a spike. */
    record Trace(double[] v, List<Integer> spikes) {
    }

    /** Drives the network's single LIF neuron with the input column, step by step through the shared layer update. */
    static Trace drive(Network net, double[] input) {
        Population lif = net.output();
        Layer layer = Layer.create(net, lif);
        Projection in = net.incoming(lif.id()).get(0);
        double[] v = new double[input.length];
        List<Integer> spikes = new ArrayList<>();
        int[] idx = new int[1];
        int[] cnt = new int[1];
        float[] a = new float[1];
        TouchMap touched = layer.touched();
        for (int t = 0; t < input.length; t++) {
            a[0] = (float) input[t];
            in.gather().gather(a, layer.accumulator(0), touched);
            int n = layer.step(idx, cnt);
            touched.countAndClear();
            if (n > 0) spikes.add(t);
            v[t] = layer.membrane()[0];
        }
        return new Trace(v, spikes);
    }

    static List<Integer> spikeSteps(double[][] csv) {
        List<Integer> r = new ArrayList<>();
        for (int t = 0; t < csv.length; t++) if (csv[t][2] > 0) r.add(t);
        return r;
    }

    static double[] column(double[][] csv, int c) {
        double[] r = new double[csv.length];
        for (int t = 0; t < csv.length; t++) r[t] = csv[t][c];
        return r;
    }

    static double maxAbsError(double[] a, double[] b, int from, int to) {
        double m = 0;
        for (int t = from; t < to; t++) m = Math.max(m, Math.abs(a[t] - b[t]));
        return m;
    }

    static double peak(double[] a) {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    @Test
    void norseLifUnderForwardEulerReproducesNorsesTraceAndTheExactSpikeTimes() throws Exception {
        Path nir = SharedFixtures.require("fixtures/nir/lif_norse.nir");
        double[][] norse = NirFixtures.csv(SharedFixtures.require("fixtures/nir/lif_norse.csv"));
        double[][] exact = NirFixtures.csv(SharedFixtures.require("fixtures/nir/lif_exact.csv"));
        Network net = NirImporter.load(nir, new NirImporter.Options(DT, Discretization.EULER));
        Population lif = net.output();
        assertEquals(NeuronModel.LIF, lif.neuron().model());
        assertEquals(ResetMode.ZERO, lif.neuron().reset());
        // dt / tau = 1e-4 / 2.5e-3 = 0.04: decay 0.96, input weight 0.04 (r = 1)
        assertEquals(0.96f, lif.neuron().decay(), 0f);
        assertEquals(0.04f, ((DenseProjection) net.incoming(lif.id()).get(0)).weight(0, 0), 1e-9f);
        assertEquals(0.1f, lif.neuron().threshold());

        Trace tr = drive(net, column(norse, 0));
        double[] vNorse = column(norse, 1);
        assertEquals(spikeSteps(exact), tr.spikes(), "spike steps of the exact solution");
        assertEquals(spikeSteps(norse), tr.spikes(), "spike steps of Norse");
        assertEquals(List.of(460, 510, 710, 760), tr.spikes());
        double err = maxAbsError(tr.v(), vNorse, 0, vNorse.length);
        assertTrue(err <= 1e-6 * peak(vNorse), "membrane within float rounding of Norse's trace, max error " + err);

        // both engines, fed the input column as a recorded spike train, fire at the same steps
        float[] train = new float[norse.length];
        for (int t = 0; t < train.length; t++) train[t] = (float) norse[t][0];
        Dataset d = new Dataset("lif input", net.input().shape(), new float[][] {train}, new int[1], 2);
        for (EngineKind engine : EngineKind.values()) {
            Map<String, int[]> m = NirFixtures.spikes(net, d, train.length, engine, 1);
            List<Integer> steps = new ArrayList<>();
            for (int t = 0; t < train.length; t++) {
                int[] c = m.get("0/" + t + "/" + lif.id());
                if (c != null && c[0] > 0) steps.add(t);
            }
            assertEquals(spikeSteps(exact), steps, engine + " engine");
        }
    }

    @Test
    void exponentialDiscretizationFollowsTheExactSolutionBetweenSpikes() throws Exception {
        Path nir = SharedFixtures.require("fixtures/nir/lif_norse.nir");
        double[][] norse = NirFixtures.csv(SharedFixtures.require("fixtures/nir/lif_norse.csv"));
        double[][] exact = NirFixtures.csv(SharedFixtures.require("fixtures/nir/lif_exact.csv"));
        Network net = NirImporter.load(nir, new NirImporter.Options(DT, Discretization.EXPONENTIAL));
        assertEquals((float) Math.exp(-0.04), net.output().neuron().decay(), 0f);
        Trace tr = drive(net, column(norse, 0));
        double[] vExact = column(exact, 1);
        assertEquals(spikeSteps(exact), tr.spikes());
        // Until the first spike the step-held exponential is the exact solution; after a spike the reference resets at
        // the crossing inside the step and integrates the rest of it, which a per-step reset does not.
        double before = maxAbsError(tr.v(), vExact, 0, 460);
        assertTrue(before <= 1e-5 * peak(vExact), "before the first spike: max error " + before);
        double vsNorse = maxAbsError(tr.v(), column(norse, 1), 0, vExact.length);
        assertTrue(vsNorse <= 0.02 * peak(column(norse, 1)), "within 2% of Norse's peak: " + vsNorse);
    }

    @Test
    void sinabsCnnImportsWithPoolingFoldedAndRunsSpikeForSpikeOnBothEngines() {
        Network net = NirImporter.load(SharedFixtures.require("fixtures/nir/cnn_sinabs.nir"), NirImporter.Options.defaults());
        assertEquals(Shape.chw(2, 34, 34), net.input().shape());
        // input, 5 IF layers
        assertEquals(6, net.populations().size());
        assertEquals(Shape.chw(16, 16, 16), net.population("1").shape());
        assertEquals(Shape.chw(8, 8, 8), net.population("6").shape());
        assertEquals(Shape.flat(256), net.population("10").shape());
        assertEquals(Shape.flat(10), net.output().shape());
        assertEquals("12", net.output().name());
        // SumPool2d(2) then Conv2d(3x3, p1) folds to a 6x6 kernel, stride 2, padding 2 on the unpooled map
        ConvProjection c = (ConvProjection) net.incoming(net.population("6").id()).get(0);
        assertEquals(6, c.kernelH());
        assertEquals(2, c.strideH());
        assertEquals(2, c.padTop());
        for (Population p : net.populations()) {
            if (p != net.input()) {
                assertEquals(NeuronModel.IF, p.neuron().model());
                assertEquals(1f, p.neuron().threshold());
            }
        }
        Dataset d = NirFixtures.trains(net, 3, 12, 0.15, 7);
        Map<String, int[]> dense = NirFixtures.spikes(net, d, 12, EngineKind.DENSE, 1);
        Map<String, int[]> event = NirFixtures.spikes(net, d, 12, EngineKind.EVENT, 2);
        assertNull(NirFixtures.difference(dense, event));
        assertTrue(NirFixtures.total(dense, net, "1") > 0, "the first layer fires");
        assertTrue(NirFixtures.total(dense, net, "10") > 0, "the 256-unit layer fires");
    }

    @Test
    void snntorchBrailleRecurrentCubaLifImportsAndFollowsTheSynapticEquationsOnBothEngines() {
        Network net = NirImporter.load(SharedFixtures.require("fixtures/nir/braille_noDelay_noBias_subtract.nir"), NirImporter.Options.defaults());
        Population lif1 = net.population("lif1.lif");
        Population lif2 = net.output();
        assertEquals("lif2", lif2.name());
        assertEquals(NeuronModel.CUBA_LIF, lif1.neuron().model());
        // snnTorch wrote tau_mem = dt / (1 - beta), tau_syn = dt / (1 - alpha), r = tau_mem / dt, w_in = tau_syn / dt (dt 1e-4):
        // forward Euler gives back beta = 0.85, alpha = 0.75 and an input gain of 1
        assertEquals(0.85f, lif1.neuron().decay(), 1e-6f);
        assertEquals(0.75f, lif1.neuron().synapseDecay(), 1e-6f);
        List<Projection> in = net.incoming(lif1.id());
        assertEquals(2, in.size());
        Projection ff = in.stream().filter(p -> !p.delayed()).findFirst().orElseThrow();
        Projection rec = in.stream().filter(Projection::delayed).findFirst().orElseThrow();
        assertEquals(lif1, rec.source(), "the recurrent Linear closes the loop onto lif1");
        assertEquals(12, net.input().size());

        Dataset d = NirFixtures.trains(net, 3, 60, 0.2, 11);
        Map<String, int[]> dense = NirFixtures.spikes(net, d, 60, EngineKind.DENSE, 1);
        Map<String, int[]> event = NirFixtures.spikes(net, d, 60, EngineKind.EVENT, 2);
        assertNull(NirFixtures.difference(dense, event));
        assertTrue(NirFixtures.total(dense, net, "lif1.lif") > 0, "the recurrent layer fires");

        // An independent step of the same equations (snnTorch's RSynaptic with reset to zero): syn = a syn + W x + V s_prev,
        // mem = b mem + syn, spike where mem >= 1.
        float[] wff = ((DenseProjection) ff).weights();
        float[] wrec = ((DenseProjection) ((org.spikeflow.graph.RecurrentProjection) rec).inner()).weights();
        float a = lif1.neuron().synapseDecay();
        float b = lif1.neuron().decay();
        int h = lif1.size();
        int id = lif1.id();
        for (int sample = 0; sample < d.size(); sample++) {
            float[] syn = new float[h];
            float[] mem = new float[h];
            float[] prev = new float[h];
            for (int t = 0; t < 60; t++) {
                float[] x = java.util.Arrays.copyOfRange(d.samples()[sample], t * 12, t * 12 + 12);
                float[] accF = new float[h];
                float[] accR = new float[h];
                for (int i = 0; i < 12; i++) for (int j = 0; j < h; j++) accF[j] += wff[i * h + j] * x[i];
                for (int i = 0; i < h; i++) for (int j = 0; j < h; j++) accR[j] += wrec[i * h + j] * prev[i];
                int[] spikes = new int[h];
                for (int j = 0; j < h; j++) {
                    syn[j] = syn[j] * a + (accF[j] + accR[j]);
                    mem[j] = mem[j] * b + syn[j];
                    if (mem[j] >= 1f) {
                        spikes[j] = 1;
                        mem[j] = 0f;
                    }
                }
                for (int j = 0; j < h; j++) prev[j] = spikes[j];
                int[] got = dense.getOrDefault(sample + "/" + t + "/" + id, new int[h]);
                org.junit.jupiter.api.Assertions.assertArrayEquals(spikes, got, "sample " + sample + " step " + t);
            }
        }
    }

    @Test
    void twoLifNeuronsCarryTheLeakAsBiasAndAgreeOnBothEngines() {
        Network net = NirImporter.load(SharedFixtures.require("fixtures/nir/two_lif_neurons.nir"), NirImporter.Options.defaults());
        Population lif1 = net.population("lif1");
        // tau 0.01 s, dt 1e-4: a = 0.01; v_leak 1.2 drives 0.012 per step
        assertEquals(0.99f, lif1.neuron().decay(), 1e-7f);
        assertEquals(0.012f, lif1.bias(0), 1e-7f);
        assertEquals("lif2", net.output().name());
        assertEquals(20f, net.output().neuron().threshold());
        Dataset d = NirFixtures.trains(net, 2, 400, 0.0, 1);
        Map<String, int[]> dense = NirFixtures.spikes(net, d, 400, EngineKind.DENSE, 1);
        Map<String, int[]> event = NirFixtures.spikes(net, d, 400, EngineKind.EVENT, 2);
        assertNull(NirFixtures.difference(dense, event));
        // v_leak 1.2 above threshold 1: v(t) = 1.2 (1 - 0.99^t) reaches 1 at t = ln(1/6)/ln(0.99) = 178.3, every 179 steps
        assertEquals(2 * 2, NirFixtures.total(dense, net, "lif1"), "two spikes in each of the two samples");
    }
}
