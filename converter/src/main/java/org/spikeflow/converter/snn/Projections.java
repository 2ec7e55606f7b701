package org.spikeflow.converter.snn;

import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Projection;

/** Helpers for passes that rebuild a network. */
final class Projections {
    private Projections() {
    }

    /** The same projection (same weights) between other populations. */
    static Projection rewire(Projection pr, Population source, Population target) {
        return switch (pr.kind()) {
            case DENSE -> new DenseProjection(pr.name(), source, target, ((DenseProjection) pr).weights());
            case CONV -> {
                ConvProjection c = (ConvProjection) pr;
                yield new ConvProjection(c.name(), source, target, c.kernelH(), c.kernelW(), c.strideH(), c.strideW(),
                    c.padTop(), c.padLeft(), c.dilationH(), c.dilationW(), c.weights());
            }
            case AVG_POOL, MAX_POOL -> {
                PoolProjection p = (PoolProjection) pr;
                yield new PoolProjection(p.name(), p.kind(), source, target, p.kernelH(), p.kernelW(), p.strideH(),
                    p.strideW(), p.padTop(), p.padLeft(), p.targetChannelOffset(), p.weight());
            }
        };
    }
}
