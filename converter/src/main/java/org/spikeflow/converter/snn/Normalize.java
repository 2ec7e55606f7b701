package org.spikeflow.converter.snn;

import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Weight normalization (data-based, or model-based for {@link NormMode#MODEL}) and neuron set-up: the pass that turns an ANN-form event graph (ReLU
 * semantics, see {@code AnalogForward}) into a spiking network whose IF neurons fire at rate
 * {@code activation / lambda} with threshold 1.
 * <p>
 * For a population P with scale {@code lambda_P[c]} fed by source S with {@code lambda_S[c']}:
 * {@code w' = w * lambda_S[c'] / lambda_P[c]} and {@code b'[c] = b[c] / lambda_P[c]} ({@link ConnectionWiseScaling}, projection
 * by projection, so the sources of a concatenation or a residual merge may carry different scales). Inputs have scale 1.
 * Pooling populations inherit their sources' scales, so the fixed pooling weights stay as they are. The
 * output population is normalized with one scale for all its neurons (so the winning class never changes);
 * as an integrator its threshold is infinite.
 */
public final class Normalize {
    private Normalize() {
    }

    public static Network apply(Network ann, ActivationStatistics stats, SpikingOptions o) {
        final Map<Population, float[]> lambda = new IdentityHashMap<>();
        final Map<Population, Population> map = new IdentityHashMap<>();
        final Map<Population, Integer> depth = new IdentityHashMap<>();
        for (Population p : ann.populations()) {
            int d = 0;
            for (Projection pr : ann.incoming(p.id())) if (!pr.delayed()) d = Math.max(d, depth.get(pr.source()) + 1);
            depth.put(p, d);
            lambda.put(p, o.norm() == NormMode.MODEL && p.kind() != PopulationKind.INPUT
                && !ann.incoming(p.id()).stream().allMatch(Projection::inheritsScale)
                ? modelScales(ann, p, Float.isNaN(o.modelScale()) ? d + 1 : o.modelScale(), lambda)
                : scales(ann, p, stats, o, lambda));
        }
        // Weights and biases in each population's own units, connection by connection (skips and merges included).
        final Network scaled = ConnectionWiseScaling.apply(ann, lambda::get);
        Network.Builder b = Network.builder(ann.name());
        // Ceilings (Clip, ReLU6, QCFS) are in the ANN's units: carried over in the population's own units where it has one
        // scale, so the rate-limit reading of the converted network is the capped ANN's (a ceiling equal to the scale,
        // as --norm cap makes it, is one spike per step); dropped under per-channel scales, which one ceiling cannot follow.
        final String capKey = org.spikeflow.engine.analog.AnalogForward.Caps.KEY_PREFIX;
        scaled.metadata().forEach((k, v) -> {
            if (!k.startsWith(capKey)) b.meta(k, v);
        });
        for (Population p : ann.populations()) {
            final float cap = org.spikeflow.engine.analog.AnalogForward.Caps.of(ann, p);
            final float[] l = lambda.get(p);
            if (!Float.isFinite(cap) || p.kind() != PopulationKind.SPIKING) continue;
            boolean uniform = true;
            for (float x : l) uniform &= x == l[0];
            if (uniform) b.meta(capKey + p.name(), Float.toString(cap / l[0]));
        }
        StringBuilder scales = new StringBuilder();
        for (Population p : scaled.populations()) {
            final float[] l = lambda.get(ann.population(p.name()));
            Population q = p;
            if (p.kind() == PopulationKind.SPIKING) {
                final boolean integrator = p == scaled.output() && o.output() == OutputMode.INTEGRATOR;
                NeuronParams n = new NeuronParams(NeuronModel.IF, o.reset(), integrator ? Float.POSITIVE_INFINITY : 1f,
                    integrator ? 0f : o.initialMembraneFraction(), integrator ? 1 : o.maxSpikesPerStep(), 20f, 1f, 0);
                q = Population.spiking(p.name(), p.shape(), n, p.biasPerChannel());
                if (scales.length() > 0) scales.append(", ");
                scales.append(p.name()).append('=').append(String.format(Locale.ROOT, "%.4g", max(l)));
            } else {
                q = p.kind() == PopulationKind.INPUT ? Population.input(p.name(), p.shape()) : Population.maxPool(p.name(), p.shape());
            }
            map.put(p, q);
            b.add(q);
        }
        for (Projection pr : scaled.projections()) b.connect(pr.rewire(map.get(pr.source()), map.get(pr.target())));
        b.meta("normalization", o.norm().name().toLowerCase(Locale.ROOT)
            + (o.norm() == NormMode.PERCENTILE || o.norm() == NormMode.CHANNEL_PERCENTILE ? " " + o.percentile() : "")
            + (o.norm() == NormMode.MODEL ? (Float.isNaN(o.modelScale()) ? " scale depth+1" : " scale " + o.modelScale()) : ""));
        b.meta("normalization.scales", scales.toString());
        b.meta("calibration.samples", Integer.toString(stats == null ? 0 : stats.samples()));
        if (o.burstCalibration() == BurstCalibration.CLAMP) b.meta(BurstCalibration.METADATA_KEY, BurstCalibration.describe(o.maxSpikesPerStep()));
        return b.output(map.get(scaled.output())).build();
    }

    /**
     * Model-based normalization of population p (Diehl et al. 2015; ANNarchy's rule): one scale for the layer, the
     * largest input any of its neurons can receive in one step when every source neuron fires at its full rate
     * (its sources' ANN activations at their own scales, the sum of positive incoming weights), over {@code scale}.
     * Its weights then become {@code w * scale / max_j sum_i max(0, w_ji * lambda_i)}: along a chain, ANNarchy's
     * factor {@code scale / max_j sum_i max(0, w_ji)}.
     */
    static float[] modelScales(Network ann, Population p, float scale, Map<Population, float[]> known) {
        final float[] sum = new float[p.size()];
        final float[] part = new float[p.size()];
        final float[] scratch = new float[Math.max(p.shape().channels(), p.size())];
        for (Projection pr : ann.incoming(p.id())) {
            final float[] ls = known.get(pr.source());
            if (ls == null) {
                throw new IllegalArgumentException("model-based normalization cannot scale recurrent projection '" + pr.name()
                    + "' into " + p.name() + " (its source has no scale yet)");
            }
            final Population src = pr.source();
            final int cs = src.shape().channels();
            final float[] full = new float[src.size()];
            for (int i = 0; i < full.length; i++) full[i] = ls[i % cs];
            java.util.Arrays.fill(part, 0f);
            pr.positivePart().forward(full, part, scratch);
            for (int j = 0; j < sum.length; j++) sum[j] += part[j];
        }
        float m = 0f;
        for (float x : sum) m = Math.max(m, x);
        final float[] l = new float[p.shape().channels()];
        // A layer without any positive weight can never fire: its scale does not matter.
        java.util.Arrays.fill(l, m > 0f ? m / scale : 1f);
        return l;
    }

    private static float max(float[] a) {
        float m = 0f;
        for (float x : a) m = Math.max(m, x);
        return m;
    }

    /** Scale per channel of population p. */
    private static float[] scales(Network ann, Population p, ActivationStatistics stats, SpikingOptions o,
                                  Map<Population, float[]> known) {
        final int c = p.shape().channels();
        final float[] l = new float[c];
        java.util.Arrays.fill(l, 1f);
        if (p.kind() == PopulationKind.INPUT || o.norm() == NormMode.NONE) return l;
        if (ann.incoming(p.id()).stream().allMatch(Projection::inheritsScale)) {
            for (Projection pr : ann.incoming(p.id())) {
                final float[] ls = known.get(pr.source());
                for (int k = 0; k < pr.source().shape().channels(); k++) l[pr.targetChannel(k)] = ls[k];
            }
            return l;
        }
        if (stats == null && !(o.norm() == NormMode.CAP && Float.isFinite(org.spikeflow.engine.analog.AnalogForward.Caps.of(ann, p)))) {
            throw new IllegalArgumentException("normalization " + o.norm() + " needs calibration data");
        }
        final float cap = org.spikeflow.engine.analog.AnalogForward.Caps.of(ann, p);
        final float layer = switch (o.norm()) {
            case MAX -> stats.max(p, -1);
            case CAP -> Float.isFinite(cap) ? cap : stats.percentile(p, -1, o.percentile());
            default -> stats.percentile(p, -1, o.percentile());
        };
        // The output keeps one scale for all classes, so that scaling never changes which class wins.
        final boolean perChannel = o.norm() == NormMode.CHANNEL_PERCENTILE && p != ann.output();
        for (int k = 0; k < c; k++) {
            float v = switch (o.norm()) {
                case CHANNEL_PERCENTILE -> perChannel ? stats.percentile(p, k, o.percentile()) : layer;
                default -> layer;
            };
            // A channel that never fired keeps the layer scale (its weights are irrelevant to calibration data).
            if (!(v > 0f)) v = layer > 0f ? layer : 1f;
            l[k] = v;
        }
        return l;
    }
}
