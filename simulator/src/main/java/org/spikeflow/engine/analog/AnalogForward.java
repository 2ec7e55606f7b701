package org.spikeflow.engine.analog;

import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;

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
                for (Projection pr : in) pr.forward(act[pr.source().id()], a, scratch);
                continue;
            }
            final int c = p.shape().channels();
            final float[] pre = a;
            if (p.hasBias()) {
                for (int j = 0; j < pre.length; j++) pre[j] = p.bias(j % c);
            } else {
                Arrays.fill(pre, 0f);
            }
            for (Projection pr : in) pr.forward(act[pr.source().id()], pre, scratch);
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

    /** Index of the largest logit. */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
