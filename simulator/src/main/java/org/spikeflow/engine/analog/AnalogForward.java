package org.spikeflow.engine.analog;

import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;
import org.spikeflow.graph.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * The rate-limit (ANN) reading of an event graph: every spiking population computes
 * {@code ReLU(bias + sum of projections)} of its sources' activations, capped where the model caps it (the
 * output population stays linear),
 * max-pool populations take the window maximum, and inputs are the sample values. This is the function an
 * ideally converted SNN approximates; conversion passes use it to calibrate thresholds and to check that a
 * rewrite of the graph keeps the network's function.
 * <p>
 * Not thread-safe: one instance per thread (it keeps per-population buffers).
 */
public final class AnalogForward {
    private final Network net;
    private final float[][] act;
    private final float[] scratch;
    private final float[] caps;

    /**
     * Activation ceilings of capped ReLUs (ReLU6, QCFS), stored in the network's metadata as
     * {@code activation.cap.<population>}; absent means uncapped.
     */
    public static final class Caps {
        public static final String KEY_PREFIX = "activation.cap.";

        private Caps() {
        }

        /** The ceiling of a population, or +Infinity. */
        public static float of(Network net, Population p) {
            String v = net.metadata().get(KEY_PREFIX + p.name());
            return v == null ? Float.POSITIVE_INFINITY : Float.parseFloat(v);
        }
    }

    public AnalogForward(Network net) {
        this.net = net;
        this.act = new float[net.populations().size()][];
        int max = 0;
        for (Population p : net.populations()) {
            act[p.id()] = new float[p.size()];
            max = Math.max(max, p.size());
        }
        this.scratch = new float[max];
        this.caps = new float[net.populations().size()];
        for (Population p : net.populations()) caps[p.id()] = Caps.of(net, p);
    }

    /**
     * Runs one sample (HWC values of the input population) and returns the activations of every population,
     * indexed by population id. The arrays are reused by the next call.
     */
    public float[][] run(float[] input) {
        final List<Population> pops = net.populations();
        for (Population p : pops) {
            final float[] a = act[p.id()];
            if (p.kind() == PopulationKind.INPUT) {
                System.arraycopy(input, 0, a, 0, a.length);
                continue;
            }
            final List<Projection> in = net.incoming(p.id());
            if (p.kind() == PopulationKind.MAX_POOL) {
                for (Projection pr : in) maxPool((PoolProjection) pr, act[pr.source().id()], a);
                continue;
            }
            final int c = p.shape().channels();
            final float[] pre = a;
            if (p.hasBias()) {
                for (int j = 0; j < pre.length; j++) pre[j] = p.bias(j % c);
            } else {
                Arrays.fill(pre, 0f);
            }
            for (Projection pr : in) accumulate(pr, act[pr.source().id()], pre);
            if (p != net.output()) {
                final float cap = caps[p.id()];
                for (int j = 0; j < pre.length; j++) {
                    if (pre[j] < 0f) pre[j] = 0f;
                    else if (pre[j] > cap) pre[j] = cap;
                }
            }
        }
        return act;
    }

    /** Logits (linear output population) of one sample; a fresh array. */
    public float[] logits(float[] input) {
        return run(input)[net.output().id()].clone();
    }

    private void accumulate(Projection pr, float[] a, float[] out) {
        switch (pr.kind()) {
            case DENSE -> {
                final float[] w = ((DenseProjection) pr).weights();
                final int n = out.length;
                for (int i = 0; i < a.length; i++) {
                    final float x = a[i];
                    if (x == 0f) continue;
                    final int row = i * n;
                    for (int j = 0; j < n; j++) out[j] += w[row + j] * x;
                }
            }
            case CONV -> conv((ConvProjection) pr, a, out);
            case AVG_POOL -> {
                final PoolProjection p = (PoolProjection) pr;
                final Shape s = p.source().shape();
                final Shape t = p.target().shape();
                final int c = s.channels();
                for (int oy = 0; oy < t.height(); oy++) {
                    for (int ox = 0; ox < t.width(); ox++) {
                        for (int ky = 0; ky < p.kernelH(); ky++) {
                            final int iy = oy * p.strideH() - p.padTop() + ky;
                            if (iy < 0 || iy >= s.height()) continue;
                            for (int kx = 0; kx < p.kernelW(); kx++) {
                                final int ix = ox * p.strideW() - p.padLeft() + kx;
                                if (ix < 0 || ix >= s.width()) continue;
                                final int src = (iy * s.width() + ix) * c;
                                final int dst = (oy * t.width() + ox) * t.channels() + p.targetChannelOffset();
                                for (int ch = 0; ch < c; ch++) out[dst + ch] += p.weight() * a[src + ch];
                            }
                        }
                    }
                }
            }
            default -> throw new IllegalStateException(pr.kind().name());
        }
    }

    private void conv(ConvProjection c, float[] a, float[] out) {
        final Shape s = c.source().shape();
        final Shape t = c.target().shape();
        final int cin = s.channels();
        final int cout = t.channels();
        final float[] w = c.weights();
        final float[] tmp = scratch;
        for (int oy = 0; oy < t.height(); oy++) {
            for (int ox = 0; ox < t.width(); ox++) {
                final int o = (oy * t.width() + ox) * cout;
                Arrays.fill(tmp, 0, cout, 0f);
                for (int ky = 0; ky < c.kernelH(); ky++) {
                    final int iy = oy * c.strideH() - c.padTop() + ky * c.dilationH();
                    if (iy < 0 || iy >= s.height()) continue;
                    for (int kx = 0; kx < c.kernelW(); kx++) {
                        final int ix = ox * c.strideW() - c.padLeft() + kx * c.dilationW();
                        if (ix < 0 || ix >= s.width()) continue;
                        final int src = (iy * s.width() + ix) * cin;
                        final int wb = (ky * c.kernelW() + kx) * cin * cout;
                        for (int ci = 0; ci < cin; ci++) {
                            final float x = a[src + ci];
                            if (x == 0f) continue;
                            final int wr = wb + ci * cout;
                            for (int co = 0; co < cout; co++) tmp[co] += w[wr + co] * x;
                        }
                    }
                }
                for (int co = 0; co < cout; co++) out[o + co] += tmp[co];
            }
        }
    }

    private static void maxPool(PoolProjection p, float[] a, float[] out) {
        final Shape s = p.source().shape();
        final Shape t = p.target().shape();
        final int c = s.channels();
        for (int oy = 0; oy < t.height(); oy++) {
            for (int ox = 0; ox < t.width(); ox++) {
                for (int ch = 0; ch < c; ch++) {
                    float m = 0f;
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        final int iy = oy * p.strideH() - p.padTop() + ky;
                        if (iy < 0 || iy >= s.height()) continue;
                        for (int kx = 0; kx < p.kernelW(); kx++) {
                            final int ix = ox * p.strideW() - p.padLeft() + kx;
                            if (ix < 0 || ix >= s.width()) continue;
                            m = Math.max(m, a[(iy * s.width() + ix) * c + ch]);
                        }
                    }
                    out[(oy * t.width() + ox) * t.channels() + p.targetChannelOffset() + ch] = m;
                }
            }
        }
    }

    /** Index of the largest logit. */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
