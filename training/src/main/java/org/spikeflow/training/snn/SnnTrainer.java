package org.spikeflow.training.snn;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.InputEncoder;
import org.spikeflow.graph.Network;

import java.util.SplittableRandom;

/**
 * Direct supervised training of a two-layer SNN by backpropagation through time with surrogate gradients,
 * mini-batches and Adam. Runs on the calling thread; deterministic for a seed.
 */
public final class SnnTrainer {
    /** Progress of a run. */
    public interface Listener {
        void epoch(int epoch, double loss, double trainAccuracy, double testAccuracy, double seconds);
    }

    /** The trained network with its accuracy as measured by the training-side forward pass. */
    public record Result(Network network, TwoLayerSnn model, double testAccuracy, int epochs, double seconds) {
    }

    private SnnTrainer() {
    }

    public static Result train(String name, SnnTrainingConfig cfg, Dataset train, Dataset test, Listener listener) {
        final int in = train.shape().size();
        final int out = train.classes();
        TwoLayerSnn m = new TwoLayerSnn(cfg.convChannels() > 0 ? train.shape() : org.spikeflow.graph.Shape.flat(in), out, cfg);
        float[][] params = {m.w1, m.b1, m.w2, m.b2};
        double[][] grads = new double[params.length][];
        double[][] mom = new double[params.length][];
        double[][] vel = new double[params.length][];
        for (int k = 0; k < params.length; k++) {
            grads[k] = new double[params[k].length];
            mom[k] = new double[params[k].length];
            vel[k] = new double[params[k].length];
        }
        InputEncoder enc = new InputEncoder(m.encoderConfig(), in);
        long start = System.nanoTime();
        int step = 0;
        double testAcc = Double.NaN;
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            int[] order = org.spikeflow.data.spec.Splits.permutation(train.size(), new SplittableRandom(cfg.seed() * 1_000_003L + epoch));
            double lossSum = 0;
            int correct = 0;
            for (int from = 0; from < order.length; from += cfg.batchSize()) {
                int to = Math.min(order.length, from + cfg.batchSize());
                for (double[] g : grads) java.util.Arrays.fill(g, 0);
                for (int b = from; b < to; b++) {
                    int i = order[b];
                    TwoLayerSnn.Trace tr = m.forward(train.samples()[i], i, enc, false);
                    double[][] dv = new double[cfg.timesteps()][out];
                    lossSum += m.loss(tr, train.labels()[i], dv);
                    if (TwoLayerSnn.predict(tr) == train.labels()[i]) correct++;
                    m.backward(tr, dv, grads[0], grads[1], grads[2], grads[3]);
                }
                step++;
                adam(params, grads, mom, vel, cfg.learningRate(), step, to - from);
            }
            testAcc = test == null ? Double.NaN : m.accuracy(test);
            if (listener != null) {
                listener.epoch(epoch, lossSum / train.size(), correct / (double) train.size(), testAcc,
                    (System.nanoTime() - start) / 1e9);
            }
        }
        return new Result(m.toNetwork(name, train.shape()), m, testAcc, cfg.epochs(), (System.nanoTime() - start) / 1e9);
    }

    private static void adam(float[][] params, double[][] grads, double[][] m, double[][] v, double lr, int t, int batch) {
        final double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        final double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
        for (int k = 0; k < params.length; k++) {
            final float[] p = params[k];
            final double[] g = grads[k], mk = m[k], vk = v[k];
            for (int i = 0; i < p.length; i++) {
                final double gi = g[i] / batch;
                mk[i] = b1 * mk[i] + (1 - b1) * gi;
                vk[i] = b2 * vk[i] + (1 - b2) * gi * gi;
                p[i] -= (float) (lr * (mk[i] / c1) / (Math.sqrt(vk[i] / c2) + eps));
            }
        }
    }
}
