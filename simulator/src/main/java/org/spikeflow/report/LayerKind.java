package org.spikeflow.report;

import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.ProjectionKind;

/**
 * What a layer of a report is: the input, or the kind of the projections that feed it (written in lower case:
 * {@code input}, {@code dense}, {@code conv}, {@code avg_pool}, {@code max_pool}, {@code recurrent}, {@code conv_transpose}, {@code linear_resize}).
 */
public enum LayerKind {
    INPUT, DENSE, CONV, AVG_POOL, MAX_POOL, RECURRENT, CONV_TRANSPOSE, LINEAR_RESIZE;

    /** The kind of population {@code p} of {@code net}: its first immediate incoming projection's kind. */
    public static LayerKind of(Network net, Population p) {
        if (p.kind() == PopulationKind.INPUT) return INPUT;
        for (org.spikeflow.graph.Projection pr : net.incoming(p.id())) if (!pr.delayed()) return of(pr.kind());
        return of(net.incoming(p.id()).get(0).kind());
    }

    public static LayerKind of(ProjectionKind k) {
        if (k == ProjectionKind.MAX_POOL_RUNNING) return MAX_POOL; // the same layer, another gate rule
        return valueOf(k.name());
    }

    /** True for layers whose ANN form multiplies and accumulates (every connection one MAC). */
    public boolean computes() {
        return this != INPUT && this != MAX_POOL;
    }
}
