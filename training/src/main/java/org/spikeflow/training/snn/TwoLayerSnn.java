package org.spikeflow.training.snn;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.InputEncoder;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.Window;
import org.spikeflow.neuron.NeuronDynamics;

import java.util.SplittableRandom;

/**
 * A two-layer SNN trained directly: encoded input spikes, a hidden layer of IF/LIF neurons (dense, or
 * convolutional with 'same'-style padding k/2) and an integrating (non-spiking) output layer read out by its
 * membrane. The forward pass is the simulator's: the same input
 * encoder and seeds, currents summed in ascending input order, and {@link NeuronDynamics} for charge, fire and
 * reset — so the exported network spikes exactly as it did in training. The backward pass is
 * backpropagation through time with a surrogate derivative of the spike, through the reset as well.
 */
public final class TwoLayerSnn {
    final int in;
    final int hidden;
    final int out;
    final float[] w1;
    final float[] b1;
    final float[] w2;
    final float[] b2;
    private final SnnTrainingConfig cfg;
    private final NeuronParams neuron;
    private final float decay;
    private final Shape inShape;
    private final Shape hiddenShape;
    private final boolean conv;
    private final Window window;
    private final Window.Taps fanOut;

    public TwoLayerSnn(int in, int out, SnnTrainingConfig cfg) {
        this(Shape.flat(in), out, cfg);
    }

    public TwoLayerSnn(Shape inputShape, int out, SnnTrainingConfig cfg) {
        this.inShape = inputShape;
        this.in = inputShape.size();
        this.conv = cfg.convChannels() > 0;
        if (conv) {
            int k = cfg.convKernel(), st = cfg.convStride(), p = k / 2;
            int oh = (inputShape.height() + 2 * p - k) / st + 1, ow = (inputShape.width() + 2 * p - k) / st + 1;
            this.hiddenShape = Shape.chw(cfg.convChannels(), oh, ow);
        } else {
            this.hiddenShape = Shape.flat(cfg.hidden());
        }
        this.hidden = hiddenShape.size();
        this.window = conv ? Window.square(cfg.convKernel(), cfg.convStride(), cfg.convKernel() / 2) : null;
        this.fanOut = conv ? window.fanOut(inputShape, hiddenShape) : null;
        this.out = out;
        this.cfg = cfg;
        this.neuron = new NeuronParams(cfg.model(), cfg.reset(), 1f, 0f, 1, cfg.tauMs(), cfg.timestepMs(), 0);
        this.decay = neuron.decay();
        SplittableRandom r = new SplittableRandom(cfg.seed());
        int fanIn = conv ? cfg.convKernel() * cfg.convKernel() * inputShape.channels() : in;
        w1 = new float[conv ? fanIn * cfg.convChannels() : in * hidden];
        b1 = new float[hiddenShape.channels()];
        w2 = new float[hidden * out];
        b2 = new float[out];
        // Uniform init scaled so that a few percent of active inputs bring a neuron to threshold.
        double s1 = Math.sqrt(6.0 / fanIn) * 1.5, s2 = Math.sqrt(6.0 / hidden);
        for (int i = 0; i < w1.length; i++) w1[i] = (float) ((r.nextDouble() * 2 - 1) * s1);
        for (int i = 0; i < w2.length; i++) w2[i] = (float) ((r.nextDouble() * 2 - 1) * s2);
    }

    /** What one sample's forward pass produced, kept for the backward pass. */
    static final class Trace {
        final int steps;
        final int[][] inputIndex;
        final float[][] inputValue;
        final int[] inputCount;
        final float[][] u; // charged hidden membrane before fire/reset
        final float[][] s; // hidden spikes (0/1), or the smooth surrogate in smooth mode
        final float[][] vOut; // output membrane after each step

        Trace(int steps, int in, int hidden, int out) {
            this.steps = steps;
            inputIndex = new int[steps][in];
            inputValue = new float[steps][in];
            inputCount = new int[steps];
            u = new float[steps][hidden];
            s = new float[steps][hidden];
            vOut = new float[steps][out];
        }
    }

    SimulationConfig encoderConfig() {
        return SimulationConfig.builder().timesteps(cfg.timesteps()).encoder(cfg.encoder()).maxRateHz(cfg.maxRateHz())
            .timestepMs(cfg.timestepMs()).seed(cfg.seed()).build();
    }

    /**
     * Runs one sample ({@code sampleIndex} seeds its input spikes exactly as the simulator does). With
     * {@code smooth} the spike is replaced by the surrogate's smooth function (for gradient checks only).
     */
    Trace forward(float[] x, int sampleIndex, InputEncoder encoder, boolean smooth) {
        final int steps = cfg.timesteps();
        Trace tr = new Trace(steps, in, hidden, out);
        encoder.start(sampleIndex, x);
        final float[] v = new float[hidden];
        java.util.Arrays.fill(v, neuron.initialMembrane());
        final float[] acc = new float[hidden];
        final float[] current = new float[hidden];
        final float[] vo = new float[out];
        final float[] accO = new float[out];
        final int[] idx = new int[hidden];
        final int[] cnt = new int[hidden];
        final float[][] accs = {acc};
        final float[][] accsO = {accO};
        final float[] currentO = new float[out];
        for (int t = 0; t < steps; t++) {
            int n = encoder.next(tr.inputIndex[t], tr.inputValue[t]);
            tr.inputCount[t] = n;
            java.util.Arrays.fill(acc, 0f);
            for (int e = 0; e < n; e++) {
                final int i = tr.inputIndex[t][e];
                final float val = tr.inputValue[t][e];
                if (conv) {
                    convTaps(i, (outBase, wBase) -> {
                        final int c = hiddenShape.channels();
                        for (int co = 0; co < c; co++) acc[outBase + co] += w1[wBase + co] * val;
                    });
                } else {
                    final int row = i * hidden;
                    for (int j = 0; j < hidden; j++) acc[j] += w1[row + j] * val;
                }
            }
            NeuronDynamics.assembleCurrent(current, b1, hiddenShape.channels(), accs);
            if (smooth) {
                for (int j = 0; j < hidden; j++) {
                    float uj = NeuronDynamics.charge(v[j], decay, current[j]);
                    float sj = (float) cfg.surrogate().smooth(uj - 1f, cfg.alpha());
                    tr.u[t][j] = uj;
                    tr.s[t][j] = sj;
                    v[j] = cfg.reset() == ResetMode.SUBTRACT ? uj - sj : uj * (1 - sj);
                }
            } else {
                for (int j = 0; j < hidden; j++) tr.u[t][j] = NeuronDynamics.charge(v[j], decay, current[j]);
                int k = NeuronDynamics.step(neuron, decay, v, null, current, idx, cnt);
                for (int e = 0; e < k; e++) tr.s[t][idx[e]] = cnt[e];
            }
            java.util.Arrays.fill(accO, 0f);
            for (int j = 0; j < hidden; j++) {
                final float sj = tr.s[t][j];
                if (sj == 0f) continue;
                final int row = j * out;
                for (int o = 0; o < out; o++) accO[o] += w2[row + o] * sj;
            }
            NeuronDynamics.assembleCurrent(currentO, b2, out, accsO);
            for (int o = 0; o < out; o++) vo[o] = NeuronDynamics.charge(vo[o], 1f, currentO[o]);
            System.arraycopy(vo, 0, tr.vOut[t], 0, out);
        }
        return tr;
    }

    /** Loss of one trace and its gradient with respect to the output membrane at every step. */
    double loss(Trace tr, int label, double[][] dvOut) {
        final int steps = tr.steps;
        final float[] last = tr.vOut[steps - 1];
        double loss = 0;
        switch (cfg.loss()) {
            case CE -> {
                double max = Double.NEGATIVE_INFINITY;
                for (float v : last) max = Math.max(max, v / (double) steps);
                double sum = 0;
                double[] p = new double[out];
                for (int o = 0; o < out; o++) sum += p[o] = Math.exp(last[o] / (double) steps - max);
                for (int o = 0; o < out; o++) {
                    p[o] /= sum;
                    dvOut[steps - 1][o] += (p[o] - (o == label ? 1 : 0)) / steps;
                }
                loss = -Math.log(Math.max(1e-12, p[label]));
            }
            case MSE -> {
                for (int o = 0; o < out; o++) {
                    double d = last[o] / (double) steps - (o == label ? 1 : 0);
                    loss += d * d / out;
                    dvOut[steps - 1][o] += 2 * d / out / steps;
                }
            }
            case HUBER -> {
                for (int t = 0; t < steps; t++) {
                    for (int o = 0; o < out; o++) {
                        double target = o == label ? cfg.target() * (t + 1) / steps : 0;
                        double d = tr.vOut[t][o] - target;
                        double a = Math.abs(d);
                        loss += (a <= 1 ? 0.5 * d * d : a - 0.5) / (steps * out);
                        dvOut[t][o] += (a <= 1 ? d : Math.signum(d)) / (steps * out);
                    }
                }
            }
        }
        return loss;
    }

    /** Backpropagation through time; adds this sample's gradients into the accumulators. */
    void backward(Trace tr, double[][] dvOut, double[] gw1, double[] gb1, double[] gw2, double[] gb2) {
        final int steps = tr.steps;
        final double[] gvo = new double[out];
        final double[] gv = new double[hidden];
        final double[] gu = new double[hidden];
        for (int t = steps - 1; t >= 0; t--) {
            for (int o = 0; o < out; o++) gvo[o] = gvo[o] + dvOut[t][o]; // output integrator: v_o(t) = v_o(t-1) + I(t)
            for (int o = 0; o < out; o++) gb2[o] += gvo[o];
            for (int j = 0; j < hidden; j++) {
                final float sj = tr.s[t][j];
                final int row = j * out;
                double gs = 0;
                for (int o = 0; o < out; o++) {
                    if (sj != 0f) gw2[row + o] += sj * gvo[o];
                    gs += w2[row + o] * gvo[o];
                }
                final double x = tr.u[t][j] - 1.0;
                final double ds = cfg.surrogate().grad(x, cfg.alpha());
                double g;
                if (cfg.reset() == ResetMode.SUBTRACT) {
                    // v = u - s: dL/du = (dL/ds - dL/dv) * s'(u) + dL/dv
                    g = (gs - gv[j]) * ds + gv[j];
                } else {
                    // v = u (1 - s): dL/du = dL/ds s' + dL/dv ((1 - s) - u s')
                    g = gs * ds + gv[j] * ((1 - sj) - tr.u[t][j] * ds);
                }
                gu[j] = g;
                gb1[j % hiddenShape.channels()] += g;
            }
            for (int e = 0; e < tr.inputCount[t]; e++) {
                final double val = tr.inputValue[t][e];
                if (conv) {
                    convTaps(tr.inputIndex[t][e], (outBase, wBase) -> {
                        final int c = hiddenShape.channels();
                        for (int co = 0; co < c; co++) gw1[wBase + co] += val * gu[outBase + co];
                    });
                } else {
                    final int row = tr.inputIndex[t][e] * hidden;
                    for (int j = 0; j < hidden; j++) gw1[row + j] += val * gu[j];
                }
            }
            for (int j = 0; j < hidden; j++) gv[j] = decay * gu[j];
        }
    }

    /** Receives, for one kernel tap, the first hidden neuron of the output position and the first weight index. */
    @FunctionalInterface
    interface Tap {
        void apply(int outBase, int weightBase);
    }

    /**
     * Visits the kernel taps through which input neuron {@code i} reaches hidden outputs, from the same fan-out
     * table the simulator's convolution scatters with (padding k/2, weights [kh][kw][cin][cout]). Every output and
     * every weight gets at most one tap per input neuron, so the visiting order changes no float.
     */
    void convTaps(int i, Tap tap) {
        final int cin = inShape.channels(), c = hiddenShape.channels();
        final int ci = i % cin, pos = i / cin;
        final Window.Taps fo = fanOut;
        for (int t = fo.begin(pos); t < fo.end(pos); t++) tap.apply(fo.position(t) * c, (fo.tap(t) * cin + ci) * c);
    }

    /** Predicted class (largest output membrane at the end). */
    static int predict(Trace tr) {
        float[] v = tr.vOut[tr.steps - 1];
        int best = 0;
        for (int o = 1; o < v.length; o++) if (v[o] > v[best]) best = o;
        return best;
    }

    /** The trained network as an event graph the simulator runs directly. */
    public Network toNetwork(String name, Shape inputShape) {
        NeuronParams outNeuron = new NeuronParams(NeuronModel.IF, ResetMode.SUBTRACT, Float.POSITIVE_INFINITY, 0f, 1, 20f,
            cfg.timestepMs(), 0);
        Population input = Population.input("input", inputShape);
        Population h = Population.spiking("hidden", hiddenShape, neuron, b1.clone());
        Population o = Population.spiking("output", Shape.flat(out), outNeuron, b2.clone());
        return Network.builder(name).add(input).add(h).add(o)
            .connect(conv ? new org.spikeflow.graph.ConvProjection("w1", input, h, window, w1) : new DenseProjection("w1", input, h, w1))
            .connect(new DenseProjection("w2", h, o, w2))
            .output(o)
            .meta("training", "direct BPTT, " + cfg.surrogate().name().toLowerCase(java.util.Locale.ROOT) + " surrogate, "
                + cfg.loss().name().toLowerCase(java.util.Locale.ROOT) + " loss, " + cfg.timesteps() + " timesteps, "
                + cfg.encoder().name().toLowerCase(java.util.Locale.ROOT) + " input, seed " + cfg.seed())
            .build();
    }

    /** Accuracy of the training-side forward pass (identical to the simulator's) on a dataset. */
    double accuracy(Dataset d) {
        InputEncoder enc = new InputEncoder(encoderConfig(), in);
        int ok = 0;
        for (int i = 0; i < d.size(); i++) if (predict(forward(d.samples()[i], i, enc, false)) == d.labels()[i]) ok++;
        return ok / (double) Math.max(1, d.size());
    }
}
