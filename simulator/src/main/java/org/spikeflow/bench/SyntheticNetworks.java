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
 * Seeded synthetic networks and inputs for benchmarks and tests: a convolutional stack and a dense stack.
 * {@link #conv} and {@link #dense} build integrate-and-fire networks whose weights are scaled so every layer
 * settles at roughly the input's activity after a start-up delay. {@link #convAtActivity} and
 * {@link #denseAtActivity} build the same topologies for measuring engines at a chosen spike density: memoryless
 * threshold units (leaky neurons whose membrane decays to zero within one step) with zero-mean weights, whose
 * thresholds are set so that
 * each layer fires at the input's activity from the first step on, fed by {@link #poissonInput} (every input
 * spikes with probability {@code activity} at every step).
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

    /** {@link #conv}'s topology with every layer firing at {@code activity} (see the class comment). */
    public static Network convAtActivity(int size, int channels, int layers, double activity, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Network.Builder b = Network.builder("synthetic-conv-" + size + "x" + size + "x" + channels + "-" + layers);
        Population prev = Population.input("input", Shape.chw(channels, size, size));
        b.add(prev);
        float[][] steps = inputSteps(prev.size(), calibrationSteps(activity, channels * size * size), activity,
            new SplittableRandom(seed ^ 0x5DEECE66DL));
        for (int l = 0; l < layers; l++) {
            Shape shape = Shape.chw(channels, size, size);
            float[] w = signedWeights(r, 9 * channels * channels, 9 * channels);
            Population probe = Population.spiking("probe", shape, NeuronParams.integrateAndFire(1f));
            float[][] drive = drive(new ConvProjection("probe", prev, probe, 3, 1, 1, w), steps);
            float threshold = threshold(drive, activity);
            Population next = Population.spiking("conv" + (l + 1), shape, relay(threshold));
            b.add(next).connect(new ConvProjection("w" + (l + 1), prev, next, 3, 1, 1, w));
            steps = fire(drive, threshold);
            prev = next;
        }
        return b.output(readout(b, prev, r, steps, activity)).build();
    }

    /** {@link #dense}'s topology with every layer firing at {@code activity} (see the class comment). */
    public static Network denseAtActivity(int inputs, int hidden, int layers, double activity, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Network.Builder b = Network.builder("synthetic-dense-" + inputs + "-" + hidden + "x" + layers);
        Population prev = Population.input("input", Shape.flat(inputs));
        b.add(prev);
        float[][] steps = inputSteps(prev.size(), calibrationSteps(activity, hidden), activity,
            new SplittableRandom(seed ^ 0x5DEECE66DL));
        for (int l = 0; l < layers; l++) {
            float[] w = signedWeights(r, prev.size() * hidden, prev.size());
            Population probe = Population.spiking("probe", Shape.flat(hidden), NeuronParams.integrateAndFire(1f));
            float[][] drive = drive(new DenseProjection("probe", prev, probe, w), steps);
            float threshold = threshold(drive, activity);
            Population next = Population.spiking("fc" + (l + 1), Shape.flat(hidden), relay(threshold));
            b.add(next).connect(new DenseProjection("w" + (l + 1), prev, next, w));
            steps = fire(drive, threshold);
            prev = next;
        }
        return b.output(readout(b, prev, r, steps, activity)).build();
    }

    private static Population readout(Network.Builder b, Population prev, SplittableRandom r, float[][] steps, double activity) {
        float[] w = signedWeights(r, prev.size() * 10, prev.size());
        Population probe = Population.spiking("probe", Shape.flat(10), NeuronParams.integrateAndFire(1f));
        float threshold = threshold(drive(new DenseProjection("probe", prev, probe, w), steps), activity);
        Population out = Population.spiking("output", Shape.flat(10), relay(threshold));
        b.add(out).connect(new DenseProjection("readout", prev, out, w));
        return out;
    }

    /**
     * Weights uniform in (-1, 1) / sqrt(fanIn): zero-mean, so the neurons of a layer do not all cross their threshold
     * together when more inputs than usual happen to spike in one step (positive weights would make every
     * neuron's input follow the count of spiking sources).
     */
    private static float[] signedWeights(SplittableRandom r, int n, int fanIn) {
        float[] w = new float[n];
        double scale = 1.0 / Math.sqrt(fanIn);
        for (int i = 0; i < n; i++) w[i] = (float) ((2 * r.nextDouble() - 1) * scale);
        return w;
    }

    /** A neuron without memory: the membrane decays to zero within one step, so it fires when one step's input reaches the threshold. */
    private static NeuronParams relay(float threshold) {
        return new NeuronParams(org.spikeflow.graph.NeuronModel.LIF, org.spikeflow.graph.ResetMode.ZERO, threshold, 0f, 1,
            0.001f, 1f, 0);
    }

    /** Steps of calibration input: every input spikes with probability {@code activity}. */
    private static float[][] inputSteps(int n, int count, double activity, SplittableRandom r) {
        float[][] steps = new float[count][n];
        for (float[] step : steps) for (int i = 0; i < n; i++) step[i] = r.nextDouble() < activity ? 1f : 0f;
        return steps;
    }

    /**
     * Timesteps sampled to set each layer's threshold (the layers are memoryless, so each step is independent):
     * enough for about 2,000 firing neuron-steps in a hidden layer of {@code neurons}, between 16 and 512.
     */
    static int calibrationSteps(double activity, int neurons) {
        return (int) Math.max(16, Math.min(512, Math.ceil(2000 / (activity * neurons))));
    }

    /** The input current of {@code p}'s target at each calibration step. */
    static float[][] drive(org.spikeflow.graph.Projection p, float[][] sourceSteps) {
        final float[] scratch = new float[Math.max(1, p.target().shape().channels())];
        final float[][] out = new float[sourceSteps.length][p.target().size()];
        for (int d = 0; d < sourceSteps.length; d++) p.forward(sourceSteps[d], out[d], scratch);
        return out;
    }

    /** The spikes of the relays at each calibration step. */
    private static float[][] fire(float[][] drive, float threshold) {
        final float[][] out = new float[drive.length][];
        for (int d = 0; d < drive.length; d++) {
            out[d] = new float[drive[d].length];
            for (int j = 0; j < drive[d].length; j++) out[d][j] = drive[d][j] >= threshold ? 1f : 0f;
        }
        return out;
    }

    /**
     * The threshold at which a fraction {@code activity} of the neuron-steps fire: the upper {@code activity}
     * quantile of the input currents of the calibration steps (the smallest positive current if fewer receive any).
     */
    static float threshold(float[][] drive, double activity) {
        int n = 0;
        for (float[] d : drive) n += d.length;
        final float[] all = new float[n];
        int o = 0;
        for (float[] d : drive) {
            System.arraycopy(d, 0, all, o, d.length);
            o += d.length;
        }
        java.util.Arrays.sort(all);
        int k = (int) Math.min(all.length - 1, Math.floor((1 - activity) * all.length));
        float t = all[k];
        if (t <= 0f) {
            int firstPositive = k;
            while (firstPositive < all.length && all[firstPositive] <= 0f) firstPositive++;
            t = firstPositive < all.length ? all[firstPositive] : Float.MIN_NORMAL;
        }
        return t;
    }

    /** Inputs for the activity networks: every value 1, so the Poisson encoder at {@code 1000 * activity} Hz and 1 ms steps fires each input with probability {@code activity} per step. */
    public static Dataset poissonInput(Network net, int samples) {
        int n = net.input().size();
        float[][] x = new float[samples][n];
        for (float[] v : x) java.util.Arrays.fill(v, 1f);
        return new Dataset("synthetic", net.input().shape(), x, new int[samples], 10);
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
