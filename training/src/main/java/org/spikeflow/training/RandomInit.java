package org.spikeflow.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An untrained model of an architecture: He-normal weights (standard deviation sqrt(2 / fan-in), which keeps the
 * activations of a deep ReLU stack at one scale), zero biases. For measuring how a network of a given size runs
 * (speed, memory, synaptic operations) when no trained one is at hand; its accuracy is chance.
 */
public final class RandomInit {
    private RandomInit() {
    }

    public static TrainedModel of(Arch arch, int channels, int height, int width, int classes, long seed) {
        List<LayerDef> plan = LayerDef.plan(arch, channels, height, width, classes, false);
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        for (LayerDef l : plan) {
            if (!l.hasParameters()) continue;
            int fanIn = l.kind() == LayerDef.Kind.CONV ? l.in() * l.kernel() * l.kernel() : l.in();
            int n = l.kind() == LayerDef.Kind.CONV ? l.out() * fanIn : l.in() * l.out();
            float[] w = new float[n];
            double std = Math.sqrt(2.0 / fanIn);
            for (int i = 0; i < n; i++) w[i] = (float) (r.nextGaussian() * std);
            weights.add(w);
            biases.add(l.bias() ? new float[l.out()] : null);
        }
        String name = arch.name().toLowerCase(java.util.Locale.ROOT) + "-" + channels + "x" + height + "x" + width + "-random";
        return new TrainedModel(name, channels, height, width, classes, plan, weights, biases, Double.NaN, 0);
    }
}
