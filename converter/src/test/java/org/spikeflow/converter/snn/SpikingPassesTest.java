package org.spikeflow.converter.snn;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Shape;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpikingPassesTest {

    private static float[] rnd(SplittableRandom r, int n, double scale) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) ((r.nextDouble() - 0.4) * scale);
        return w;
    }

    /** ANN-form graph: conv, avgpool, conv, avgpool, dense (with biases), as a converter emits it. */
    static Network ann(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        NeuronParams n = NeuronParams.IF_SOFT;
        Population in = Population.input("in", Shape.chw(2, 8, 8));
        Population c1 = Population.spiking("c1", Shape.chw(4, 8, 8), n, rnd(r, 4, 0.2));
        Population p1 = Population.spiking("p1", Shape.chw(4, 4, 4), n);
        Population c2 = Population.spiking("c2", Shape.chw(3, 4, 4), n, rnd(r, 3, 0.2));
        Population p2 = Population.spiking("p2", Shape.chw(3, 2, 2), n);
        Population out = Population.spiking("out", Shape.flat(5), n, rnd(r, 5, 0.2));
        return Network.builder("ann").add(in).add(c1).add(p1).add(c2).add(p2).add(out)
            .connect(new ConvProjection("k1", in, c1, 3, 1, 1, rnd(r, 9 * 2 * 4, 1)))
            .connect(PoolProjection.average("a1", c1, p1, 2, 2))
            .connect(new ConvProjection("k2", p1, c2, 3, 1, 1, rnd(r, 9 * 4 * 3, 1)))
            .connect(PoolProjection.average("a2", c2, p2, 2, 2))
            .connect(new DenseProjection("fc", p2, out, rnd(r, 12 * 5, 1)))
            .output(out).build();
    }

    static Dataset data(Network net, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][net.input().size()];
        for (float[] s : x) for (int i = 0; i < s.length; i++) s[i] = (float) r.nextDouble();
        return new Dataset("rnd", net.input().shape(), x, new int[n], 5);
    }

    @Test
    void foldingAveragePoolingKeepsTheAnnFunctionAndRemovesThePoolLayers() {
        Network net = ann(1);
        Network folded = FoldAveragePooling.apply(net);
        assertEquals(net.populations().size() - 2, folded.populations().size());
        ConvProjection k2 = (ConvProjection) folded.incoming(folded.population("c2").id()).get(0);
        assertEquals(6, k2.kernelH(), "3x3 kernel over a 2x2 pool becomes 6x6");
        assertEquals(2, k2.strideH());
        assertEquals(2, k2.padTop());
        Dataset d = data(net, 5, 2);
        AnalogForward a = new AnalogForward(net);
        AnalogForward b = new AnalogForward(folded);
        for (float[] x : d.samples()) {
            float[] la = a.logits(x);
            float[] lb = b.logits(x);
            for (int k = 0; k < la.length; k++) assertEquals(la[k], lb[k], 1e-4f * (1 + Math.abs(la[k])));
        }
    }

    @Test
    void poolingBeforeGlobalPoolingFoldsAwayToo() {
        SplittableRandom r = new SplittableRandom(4);
        NeuronParams n = NeuronParams.IF_SOFT;
        Population in = Population.input("in", Shape.chw(2, 8, 8));
        Population c1 = Population.spiking("c1", Shape.chw(4, 8, 8), n, rnd(r, 4, 0.2));
        Population p1 = Population.spiking("p1", Shape.chw(4, 4, 4), n);
        Population g = Population.spiking("g", Shape.chw(4, 1, 1), n);
        Population out = Population.spiking("out", Shape.flat(5), n, rnd(r, 5, 0.2));
        Network net = Network.builder("gap").add(in).add(c1).add(p1).add(g).add(out)
            .connect(new ConvProjection("k1", in, c1, 3, 1, 1, rnd(r, 9 * 2 * 4, 1)))
            .connect(PoolProjection.average("a1", c1, p1, 2, 2))
            .connect(PoolProjection.average("global", p1, g, 4, 4))
            .connect(new DenseProjection("fc", g, out, rnd(r, 4 * 5, 1)))
            .output(out).build();
        Network folded = FoldAveragePooling.apply(net);
        assertEquals(3, folded.populations().size(), "both pools folded into the dense layer");
        assertEquals("c1", folded.incoming(folded.output().id()).get(0).source().name());
        assertEquals("g,p1", folded.metadata().get("folded.avgpool"));
        AnalogForward a = new AnalogForward(net);
        AnalogForward b = new AnalogForward(folded);
        for (float[] x : data(net, 5, 3).samples()) {
            float[] la = a.logits(x);
            float[] lb = b.logits(x);
            for (int k = 0; k < la.length; k++) assertEquals(la[k], lb[k], 1e-4f * (1 + Math.abs(la[k])));
        }
    }

    @Test
    void maxNormalizationScalesEveryHiddenLayerToAPeakOfOne() {
        Network net = ann(3);
        Dataset d = data(net, 20, 4);
        ActivationStatistics stats = ActivationStatistics.collect(net, d, 2, null);
        Network snn = Normalize.apply(net, stats, SpikingOptions.DEFAULT.withNorm(NormMode.MAX).withOutput(OutputMode.SPIKING));
        ActivationStatistics after = ActivationStatistics.collect(snn, d, 1, null);
        for (Population p : snn.populations()) {
            if (p.kind() != PopulationKind.SPIKING || p.name().startsWith("p")) continue; // pools inherit scales
            assertEquals(1f, after.max(p, -1), 1e-4f, p.name() + " peak after normalization");
        }
        AnalogForward a = new AnalogForward(net);
        AnalogForward b = new AnalogForward(snn);
        for (float[] x : d.samples()) assertEquals(AnalogForward.argmax(a.logits(x)), AnalogForward.argmax(b.logits(x)));
    }

    @Test
    void channelWiseNormalizationScalesEveryChannelSeparately() {
        Network net = ann(5);
        Dataset d = data(net, 20, 6);
        ActivationStatistics stats = ActivationStatistics.collect(net, d, 1, null);
        Network snn = Normalize.apply(net, stats,
            SpikingOptions.DEFAULT.withNorm(NormMode.CHANNEL_PERCENTILE).withPercentile(100));
        ActivationStatistics after = ActivationStatistics.collect(snn, d, 1, null);
        Population c1 = snn.population("c1");
        for (int c = 0; c < c1.shape().channels(); c++) {
            if (stats.max(net.population("c1"), c) > 0) assertEquals(1f, after.max(c1, c), 1e-4f, "channel " + c);
        }
        // Pooling populations inherit their source's scales: the pooled maxima stay <= 1.
        assertTrue(after.max(snn.population("p1"), -1) <= 1f + 1e-5f);
        AnalogForward a = new AnalogForward(net);
        AnalogForward b = new AnalogForward(snn);
        for (float[] x : d.samples()) assertEquals(AnalogForward.argmax(a.logits(x)), AnalogForward.argmax(b.logits(x)));
    }

    @Test
    void thresholdBalancingSetsEveryLayersPeakInputCurrentToTheThreshold() {
        Network net = FoldAveragePooling.apply(ann(7));
        Dataset d = data(net, 8, 8);
        Network snn = ThresholdBalancing.apply(net, d, SpikingOptions.DEFAULT, 16);
        java.util.Map<Integer, Float> peak = new java.util.HashMap<>();
        new org.spikeflow.engine.dense.DenseEngine().run(snn, d, org.spikeflow.engine.SimulationConfig.builder().timesteps(16).build(),
            (s, t, pop, current) -> {
                float m = peak.getOrDefault(pop, 0f);
                for (float c : current) m = Math.max(m, c);
                peak.put(pop, m);
            });
        int balanced = 0;
        for (Population p : snn.populations()) {
            if (p.kind() != PopulationKind.SPIKING || p == snn.output()) continue;
            assertEquals(1f, peak.get(p.id()), 1e-4f, p.name() + " peak current equals the threshold");
            balanced++;
        }
        assertEquals(2, balanced);
        assertTrue(snn.metadata().get("normalization").startsWith("threshold-balancing"));
    }

    @Test
    void percentileOfAKnownDistributionIsWithinTheHistogramResolution() {
        Population in = Population.input("in", Shape.flat(1000));
        Population h = Population.spiking("h", Shape.flat(1000), NeuronParams.IF_SOFT);
        float[] w = new float[1000 * 1000];
        for (int i = 0; i < 1000; i++) w[i * 1000 + i] = i + 1; // activation of neuron i = i + 1
        Network net = Network.builder("id").add(in).add(h).connect(new DenseProjection("w", in, h, w)).output(h).build();
        float[] ones = new float[1000];
        java.util.Arrays.fill(ones, 1f);
        Dataset d = new Dataset("ones", in.shape(), new float[][] {ones}, new int[1], 1000);
        ActivationStatistics s = ActivationStatistics.collect(net, d, 1, null);
        assertEquals(1000f, s.max(h, -1));
        assertEquals(999f, s.percentile(h, -1, 99.9), 999f * 0.003f);
        assertEquals(500f, s.percentile(h, -1, 50), 500f * 0.003f);
    }
}
