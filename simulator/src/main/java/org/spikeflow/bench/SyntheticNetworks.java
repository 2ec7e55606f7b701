package org.spikeflow.bench;

import org.spikeflow.data.Dataset;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;

import java.util.SplittableRandom;

/**
 * Seeded synthetic networks and inputs for benchmarks: a convolutional stack and a dense stack whose
 * weights are scaled so every layer fires at roughly the input's activity (the benchmark reports the
 * measured activity of every layer).
 */
public final class SyntheticNetworks {
    private SyntheticNetworks() {
    }

    /**
     * Conv stack on a {@code channels x size x size} input: {@code layers} 3x3 same-padded convolutions with
     * {@code channels} output channels each, then a dense read-out to 10 classes.
     */
    public static Network conv(int size, int channels, int layers, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Network.Builder b = Network.builder("synthetic-conv-" + size + "x" + size + "x" + channels + "-" + layers);
        Population prev = Population.input("input", Shape.chw(channels, size, size));
        b.add(prev);
        for (int l = 0; l < layers; l++) {
            Population next = Population.spiking("conv" + (l + 1), Shape.chw(channels, size, size),
                NeuronParams.integrateAndFire(1f).withInitialMembraneFraction(0.5f));
            b.add(next).connect(new ConvProjection("w" + (l + 1), prev, next, 3, 1, 1,
                weights(r, 9 * channels * channels, 9 * channels)));
            prev = next;
        }
        Population out = Population.spiking("output", Shape.flat(10), NeuronParams.integrateAndFire(1f));
        b.add(out).connect(new DenseProjection("readout", prev, out, weights(r, prev.size() * 10, prev.size())));
        return b.output(out).build();
    }

    /** Dense stack: {@code inputs -> hidden x layers -> 10}. */
    public static Network dense(int inputs, int hidden, int layers, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Network.Builder b = Network.builder("synthetic-dense-" + inputs + "-" + hidden + "x" + layers);
        Population prev = Population.input("input", Shape.flat(inputs));
        b.add(prev);
        for (int l = 0; l < layers; l++) {
            Population next = Population.spiking("fc" + (l + 1), Shape.flat(hidden),
                NeuronParams.integrateAndFire(1f).withInitialMembraneFraction(0.5f));
            b.add(next).connect(new DenseProjection("w" + (l + 1), prev, next, weights(r, prev.size() * hidden, prev.size())));
            prev = next;
        }
        Population out = Population.spiking("output", Shape.flat(10), NeuronParams.integrateAndFire(1f));
        b.add(out).connect(new DenseProjection("readout", prev, out, weights(r, prev.size() * 10, prev.size())));
        return b.output(out).build();
    }

    /**
     * Random binary-ish inputs: each value is 1 with probability {@code activity}, else 0. With the
     * regular-rate or analog encoder, roughly {@code activity} of the inputs are active every step.
     */
    public static Dataset inputs(Network net, int samples, double activity, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = net.input().size();
        float[][] x = new float[samples][n];
        int[] labels = new int[samples];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < n; i++) x[s][i] = r.nextDouble() < activity ? 1f : 0f;
            labels[s] = r.nextInt(10);
        }
        return new Dataset("synthetic", net.input().shape(), x, labels, 10);
    }

    /**
     * Weights uniform in [0, 2/fanIn): a neuron's expected drive per timestep equals the fraction of its
     * inputs that spike, so with threshold 1 (and membranes starting at half of it) every layer settles at about
     * the input's activity after the start-up delay of each layer.
     */
    private static float[] weights(SplittableRandom r, int n, int fanIn) {
        float[] w = new float[n];
        double scale = 2.0 / fanIn;
        for (int i = 0; i < n; i++) w[i] = (float) (r.nextDouble() * scale);
        return w;
    }
}
