package org.spikeflow.converter.snn;

import org.junit.jupiter.api.Test;
import org.spikeflow.converter.ModelLoader;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataLoader;
import org.spikeflow.data.spec.DataSpec;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.ReadoutMode;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.TtfsParams;
import org.spikeflow.testing.SharedFixtures;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The time-to-first-spike mapping of a ReLU network: spike ticks of a two-layer network computed by hand, and the
 * converted fixture against its ANN, both engines spike for spike.
 */
class TtfsConversionTest {

    /**
     * ANN: h = relu(W x + b) with W = [[0.5, 0.25], [-0.25, 0.75]], b = [0.25, 0]; out = V h with V = [[1, -1], [0.5, 2]].
     * Calibrated (max) on x = [1, 1]: h = [1, 0.5], so the hidden scale is 1 and with 8 ticks both windows have 8 ticks:
     * input [0, 8), hidden [8, 16), read-out at 16. In ticks W' = W, b' = 8 b (+ 0.5 to round); neuron 0 has weight sum
     * 0.75 &gt; 1/2 (constant-slope mapping: J = W, alpha 0.25, beta 1, theta = 0.25*8 + 8 - 2.5 = 7.5), neuron 1 has 0.5
     * (alpha1: J = 2 W, beta 2, theta = 8 + 2 (8 - 0.5) = 23).
     */
    static Network ann() {
        NeuronParams relu = NeuronParams.IF_SOFT;
        Population in = Population.input("in", new Shape(2, 1, 1));
        Population h = Population.spiking("h", new Shape(2, 1, 1), relu, new float[] {0.25f, 0f});
        Population out = Population.spiking("out", new Shape(2, 1, 1), relu);
        return Network.builder("tiny").add(in).add(h).add(out)
            .connect(new DenseProjection("ih", in, h, new float[] {0.5f, -0.25f, 0.25f, 0.75f}))
            .connect(new DenseProjection("ho", h, out, new float[] {1f, 0.5f, -1f, 2f}))
            .output(out).build();
    }

    @Test
    void mapsWindowsSlopesAndThresholdsAsDerived() {
        Network snn = convertTiny();
        TtfsParams h = snn.population("h").ttfs();
        assertEquals(0, h.tickStart());
        assertEquals(8, h.tickMin());
        assertEquals(16, h.tickMax());
        assertArrayEquals(new float[] {0.25f, 1f}, h.alpha());
        assertArrayEquals(new float[] {1f, 2f}, h.beta());
        assertArrayEquals(new float[] {7.5f, 23f}, h.threshold());
        DenseProjection ih = (DenseProjection) snn.incoming(snn.population("h").id()).get(0);
        assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f, 1.5f}, ih.weights());
        TtfsParams o = snn.population("out").ttfs();
        assertEquals(8, o.tickStart());
        assertEquals(16, o.tickMin());
        assertEquals(16, o.tickMax());
        assertArrayEquals(new float[] {0f, 0f}, o.beta());
        assertEquals("16", snn.metadata().get("ttfs.timesteps"));
    }

    /**
     * x = [0.5, 0.625]: input ticks 4 and 3 (x' = [4, 5]). h0: 2.5 + 0.5*4 + 0.25*5 = 5.75 ticks, rounded down 5: spike at
     * 16 - 5 = 11 (V(8) = 2 + 2 + 1.25 = 5.25, slope 1, reaches 7.5 between 10 and 11). h1: 0.5 - 1 + 3.75 = 3.25: spike
     * at 13 (V(8) = 8 - 2 + 7.5 = 13.5, slope 2: 23.5 at 13). Read-out: [5 - 3, 2.5 + 6] = [2, 8.5]: class 1, as the ANN.
     * x = [1, 0]: tick 0 only. h0: 2.5 + 4 = 6.5: spike at 10; h1: 0.5 - 2 &lt; 0: silent. Read-out [6, 3]: class 0.
     * x = [1, 1]: h0: 2.5 + 4 + 2 = 8.5 &gt;= the 8-tick window: spike at its top, 8; h1: 0.5 - 2 + 6 = 4.5: spike at 12.
     */
    @Test
    void spikesAtTheHandComputedTicksOnBothEngines() {
        Network snn = convertTiny();
        Dataset test = new Dataset("tiny", new Shape(2, 1, 1), new float[][] {{0.5f, 0.625f}, {1f, 0f}, {1f, 1f}}, new int[] {1, 0, 0}, 2);
        Map<String, String> expected = new TreeMap<>();
        expected.put("0/11/h", "0");
        expected.put("0/13/h", "1");
        expected.put("1/10/h", "0");
        expected.put("2/8/h", "0");
        expected.put("2/12/h", "1");
        Ticks dense = new Ticks(snn);
        SimulationResult d = Engines.create(EngineKind.DENSE).run(snn, test, config(snn, dense));
        assertEquals(expected, dense.of("h"));
        assertEquals(1, d.predictions()[0][0]);
        assertEquals(0, d.predictions()[1][0]);
        Ticks event = new Ticks(snn);
        SimulationResult e = Engines.create(EngineKind.EVENT).run(snn, test, config(snn, event));
        assertEquals(dense.all, event.all);
        for (int s = 0; s < test.size(); s++) assertArrayEquals(d.predictions()[s], e.predictions()[s]);
    }

    /**
     * fashion_mlp on 300 spread test images: within half a point of its ANN on the same images, under half a spike per
     * neuron, and on 20 of them the event engine and the dense reference give the same spikes.
     */
    @Test
    void fashionMlpKeepsItsAnnAccuracyWithFewSpikes() {
        var model = SharedFixtures.require("fixtures/fashion_mlp.onnx");
        var spec = DataSpec.parse("idx:" + SharedFixtures.require("data/fashion-mnist"));
        Network ann = ModelLoader.load(model);
        Dataset test = FixtureConversionTest.spread(DataLoader.file(spec, "t10k"), 300, 11);
        Dataset calibration = FixtureConversionTest.spread(DataLoader.file(spec, "train"), 1000, 12);
        Network snn = TtfsConversion.convert(ann, calibration, TtfsOptions.DEFAULT, true, 2, null);
        AnalogForward f = new AnalogForward(ann);
        int ok = 0;
        for (int i = 0; i < test.size(); i++) if (AnalogForward.argmax(f.logits(test.samples()[i])) == test.labels()[i]) ok++;
        double annAcc = ok / (double) test.size();
        SimulationResult r = Engines.create(EngineKind.EVENT).run(snn, test, config(snn, null).toBuilder().threads(2).build());
        int t = TtfsParams.ticksNeeded(snn);
        assertTrue(r.accuracyAt(t) >= annAcc - 0.005, "TTFS " + r.accuracyAt(t) + " vs ANN " + annAcc);
        long neurons = 0, spikes = 0;
        for (Population p : snn.populations()) {
            if (p.ttfs() == null || p == snn.output()) continue;
            neurons += p.size();
            for (long s : r.counters(p.id()).spikes) spikes += s;
        }
        double perNeuron = spikes / (double) neurons / test.size();
        assertTrue(perNeuron > 0.01 && perNeuron < 0.5, "spikes per neuron " + perNeuron);

        Dataset few = FixtureConversionTest.spread(test, 20, 3);
        Ticks dense = new Ticks(snn);
        Ticks event = new Ticks(snn);
        Engines.create(EngineKind.DENSE).run(snn, few, config(snn, dense));
        Engines.create(EngineKind.EVENT).run(snn, few, config(snn, event).toBuilder().threads(2).build());
        assertTrue(dense.all.size() > 100);
        assertEquals(dense.all, event.all);
    }

    private static Network convertTiny() {
        Dataset cal = new Dataset("cal", new Shape(2, 1, 1), new float[][] {{1f, 1f}, {0.5f, 0f}}, new int[] {0, 0}, 2);
        Network net = ann();
        return TtfsConversion.apply(net, ActivationStatistics.collect(net, cal, 1, null), new TtfsOptions(8, NormMode.MAX, 100));
    }

    private static SimulationConfig config(Network snn, SpikeListener l) {
        return SimulationConfig.builder().timesteps(TtfsParams.ticksNeeded(snn)).encoder(EncoderKind.TTFS)
            .inputWindow(TtfsParams.inputWindow(snn)).readout(ReadoutMode.MEMBRANE).listener(l).build();
    }

    /** Every spike as "sample/tick/population" to the neuron indices that fired there. */
    static final class Ticks implements SpikeListener {
        final Map<String, String> all = new ConcurrentHashMap<>();
        private final Network net;

        Ticks(Network net) {
            this.net = net;
        }

        @Override
        public void onSpikes(int sample, int timestep, int populationId, int[] neuronIndex, int[] spikeCount, int n) {
            if (n == 0) return;
            StringBuilder b = new StringBuilder();
            for (int e = 0; e < n; e++) {
                if (spikeCount[e] != 1) throw new AssertionError("a TTFS spike counts 1");
                b.append(e == 0 ? "" : ",").append(neuronIndex[e]);
            }
            all.put(sample + "/" + timestep + "/" + net.populations().get(populationId).name(), b.toString());
        }

        Map<String, String> of(String population) {
            Map<String, String> m = new TreeMap<>();
            all.forEach((k, v) -> {
                if (k.endsWith("/" + population)) m.put(k, v);
            });
            return m;
        }
    }
}
