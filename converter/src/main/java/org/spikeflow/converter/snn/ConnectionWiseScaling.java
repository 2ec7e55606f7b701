package org.spikeflow.converter.snn;

import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Connection-wise rescaling: given an activation scale per population and channel, every projection is rescaled by
 * the scales of its own two ends, {@code w' = w * scale_source[c'] / scale_target[c]}, and every bias by its
 * population's, {@code b' = b / scale_target[c]}. A population fed by several sources that arrive with different
 * scales — the encoder and decoder halves of a UNet's skip concatenation, the branches of a residual addition — then
 * sees all of them in its own units: a population's rate-limit activation becomes its ANN activation divided by its
 * scale, whatever its sources' scales were. One scale for all incoming projections (layer-wise normalization along
 * a chain) would be right for at most one of them.
 * <p>
 * Populations keep their neuron parameters; input populations must have scale 1.
 */
public final class ConnectionWiseScaling {
    private ConnectionWiseScaling() {
    }

    public static Network apply(Network net, Function<Population, float[]> scale) {
        final Map<Population, Population> map = new IdentityHashMap<>();
        Network.Builder b = Network.builder(net.name());
        net.metadata().forEach(b::meta);
        for (Population p : net.populations()) {
            final float[] l = scale.apply(p);
            if (l.length != p.shape().channels()) {
                throw new IllegalArgumentException(p.name() + ": " + l.length + " scales for " + p.shape().channels() + " channels");
            }
            Population q;
            if (p.kind() == PopulationKind.SPIKING) {
                float[] bias = p.biasPerChannel();
                if (bias != null) for (int c = 0; c < bias.length; c++) bias[c] /= l[c];
                q = Population.spiking(p.name(), p.shape(), p.neuron(), bias);
            } else {
                for (float v : l) {
                    if (p.kind() == PopulationKind.INPUT && v != 1f) {
                        throw new IllegalArgumentException("input population " + p.name() + " must keep scale 1");
                    }
                }
                q = p.kind() == PopulationKind.INPUT ? Population.input(p.name(), p.shape()) : Population.maxPool(p.name(), p.shape());
            }
            map.put(p, q);
            b.add(q);
        }
        for (Projection pr : net.projections()) {
            b.connect(pr.rewire(map.get(pr.source()), map.get(pr.target())).normalized(scale.apply(pr.source()), scale.apply(pr.target())));
        }
        return b.output(map.get(net.output())).build();
    }
}
