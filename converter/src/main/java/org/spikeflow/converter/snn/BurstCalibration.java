package org.spikeflow.converter.snn;

import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How calibration treats activations when hidden neurons fire bursts (up to {@code K} spikes per step).
 */
public enum BurstCalibration {
    /** Thresholds from the normalization's statistic of the ANN's own activations. */
    NONE,
    /**
     * BrainCog's calibration for burst neurons (Li and Zeng, "Efficient and accurate conversion of spiking neural
     * network with burst spikes", IJCAI 2022; BrainCog's {@code HookScale} with {@code gamma}): while calibrating,
     * every hidden activation is clamped at {@code gamma = K}, the burst length, in the ANN's own units, and the
     * clamped value is what the next layers receive; each layer's threshold is then the normalization's statistic
     * (percentile, channel percentile, maximum) of its clamped activations, so it never exceeds {@code gamma}. The
     * output layer is never clamped. The spiking network itself is built from the unclamped weights as usual.
     */
    CLAMP;

    /** Metadata key recording the clamp of a converted network. */
    public static final String METADATA_KEY = "calibration.clamp";

    /**
     * The network calibration runs on for {@code k}-spike bursts: the same graph with every hidden spiking
     * population's activation ceiling lowered to {@code k} (a model ceiling below {@code k} is kept). Population
     * order, and so every population id, is unchanged.
     */
    static Network clamped(Network ann, int k) {
        Network.Builder b = Network.builder(ann.name());
        ann.metadata().forEach(b::meta);
        Map<Population, Population> copies = new IdentityHashMap<>();
        for (Population p : ann.populations()) {
            Population q = p.copy();
            copies.put(p, q);
            b.add(q);
            if (p.kind() == PopulationKind.SPIKING && p != ann.output()) {
                float cap = Math.min(AnalogForward.Caps.of(ann, p), k);
                b.meta(AnalogForward.Caps.KEY_PREFIX + p.name(), Float.toString(cap));
            }
        }
        ann.projections().forEach(pr -> b.connect(pr.rewire(copies.get(pr.source()), copies.get(pr.target()))));
        return b.output(copies.get(ann.output())).build();
    }

    /** The value of {@link #METADATA_KEY} for a clamp at {@code k}. */
    static String describe(int k) {
        return String.format(Locale.ROOT, "%d (hidden activations clamped at the burst length while calibrating)", k);
    }
}
