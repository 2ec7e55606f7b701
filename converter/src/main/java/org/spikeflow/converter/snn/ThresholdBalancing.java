package org.spikeflow.converter.snn;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.dense.DenseEngine;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Spike-based threshold balancing (Sengupta et al. 2019): layer by layer in topological order, the partly
 * balanced spiking network is simulated on calibration samples and the layer's threshold is set to the
 * largest input current any of its neurons received in one timestep; downstream layers then see the spikes
 * of balanced layers. Thresholds are expressed as a scale of the incoming weights and bias (threshold 1), like
 * the other normalizations. Costs one simulation per layer.
 */
public final class ThresholdBalancing {
    private ThresholdBalancing() {
    }

    public static Network apply(Network ann, Dataset calibration, SpikingOptions o, int timesteps) {
        Network net = Normalize.apply(ann, null, o.withNorm(NormMode.NONE));
        StringBuilder scales = new StringBuilder();
        for (int idx = 0; idx < net.populations().size(); idx++) {
            Population p = net.populations().get(idx);
            if (p.kind() != PopulationKind.SPIKING || p == net.output() || inherits(net, p)) continue;
            final int id = p.id();
            final float[] max = {0f};
            new DenseEngine().run(net, calibration, SimulationConfig.builder().timesteps(timesteps)
                .encoder(EncoderKind.ANALOG).build(), (s, t, pop, current) -> {
                    if (pop != id) return;
                    for (float c : current) if (c > max[0]) max[0] = c;
                });
            float theta = max[0] > 0f ? max[0] : 1f;
            net = scaleIncoming(net, p.name(), 1f / theta);
            if (scales.length() > 0) scales.append(", ");
            scales.append(p.name()).append('=').append(String.format(Locale.ROOT, "%.4g", theta));
        }
        Network.Builder b = rebuild(net, null, 1f);
        b.meta("normalization", "threshold-balancing (" + timesteps + " timesteps)");
        b.meta("normalization.scales", scales.toString());
        b.meta("calibration.samples", Integer.toString(calibration.size()));
        return b.build();
    }

    private static boolean inherits(Network net, Population p) {
        return net.incoming(p.id()).stream().allMatch(Projection::inheritsScale);
    }

    private static Network scaleIncoming(Network net, String name, float factor) {
        return rebuild(net, name, factor).build();
    }

    /** A copy of {@code net} with the incoming weights and bias of population {@code name} multiplied by {@code factor}. */
    private static Network.Builder rebuild(Network net, String name, float factor) {
        Map<Population, Population> map = new IdentityHashMap<>();
        Network.Builder b = Network.builder(net.name());
        net.metadata().forEach(b::meta);
        for (Population p : net.populations()) {
            Population q;
            if (p.name().equals(name) && p.hasBias()) {
                float[] bias = p.biasPerChannel();
                for (int c = 0; c < bias.length; c++) bias[c] *= factor;
                q = p.withBias(bias);
            } else {
                q = p.copy();
            }
            map.put(p, q);
            b.add(q);
        }
        for (Projection pr : net.projections()) {
            boolean scale = pr.target().name().equals(name);
            Population s = map.get(pr.source()), t = map.get(pr.target());
            Projection q = pr.rewire(s, t);
            b.connect(scale ? q.scaledByTargetChannel(filled(t.shape().channels(), factor)) : q);
        }
        return b.output(map.get(net.output()));
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
