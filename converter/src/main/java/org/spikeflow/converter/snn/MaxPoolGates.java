package org.spikeflow.converter.snn;

import org.spikeflow.graph.MaxPoolProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Projection;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The pass that chooses the gate rule of every spiking max pooling ({@link MaxPoolProjection.Rule}): the
 * leader rule forwards the spikes of the window's most active input so far, the running-maximum rule emits what keeps
 * the output's count equal to the window's largest count. Everything else is copied unchanged.
 */
public final class MaxPoolGates {
    private MaxPoolGates() {
    }

    public static Network apply(Network net, MaxPoolProjection.Rule rule) {
        Network.Builder b = Network.builder(net.name());
        net.metadata().forEach(b::meta);
        Map<Population, Population> copies = new IdentityHashMap<>();
        for (Population p : net.populations()) {
            Population q = p.copy();
            copies.put(p, q);
            b.add(q);
        }
        boolean any = false;
        for (Projection pr : net.projections()) {
            Projection q = pr.rewire(copies.get(pr.source()), copies.get(pr.target()));
            if (q instanceof MaxPoolProjection m) {
                q = m.withRule(rule);
                any = true;
            }
            b.connect(q);
        }
        if (any) b.meta("max_pool.rule", rule.name().toLowerCase(java.util.Locale.ROOT));
        return b.output(copies.get(net.output())).build();
    }
}
