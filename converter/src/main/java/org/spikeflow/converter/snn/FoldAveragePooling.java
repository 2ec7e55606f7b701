package org.spikeflow.converter.snn;

import org.spikeflow.graph.AvgPoolProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds non-overlapping average pooling into the convolution or dense layer that reads it: pooling with
 * window = stride s followed by a k x k convolution with stride t and padding p equals one (k*s) x (k*s)
 * convolution with stride t*s and padding p*s on the unpooled input (each tap's weight spread over its s x s
 * window with the pooling weight). The pooled population, a layer of spike quantization, disappears; the
 * network's ANN function is unchanged. Pools that overlap, are padded, do not tile their input exactly, carry
 * a bias, or feed anything but convolutions and dense layers stay as fixed projections.
 */
public final class FoldAveragePooling {
    private FoldAveragePooling() {
    }

    /**
     * Folds until nothing more folds: a pool that feeds another pool (2x2 pooling before global pooling) becomes
     * foldable once the second one has been folded into the dense layer after it.
     */
    public static Network apply(Network net) {
        List<String> folded = new ArrayList<>();
        Network current = net;
        for (Network next = once(current, folded); next != current; next = once(current, folded)) current = next;
        return current;
    }

    /** One pass; {@code net} itself when nothing folds. {@code folded} collects the names of folded pools. */
    private static Network once(Network net, List<String> folded) {
        Map<Population, AvgPoolProjection> foldable = new IdentityHashMap<>();
        for (Population p : net.populations()) {
            AvgPoolProjection pool = foldablePool(net, p);
            if (pool != null) foldable.put(p, pool);
        }
        if (foldable.isEmpty()) return net;
        Network.Builder b = Network.builder(net.name());
        net.metadata().forEach(b::meta);
        Map<Population, Population> copies = new IdentityHashMap<>();
        for (Population p : net.populations()) {
            if (!foldable.containsKey(p)) {
                Population q = p.copy();
                copies.put(p, q);
                b.add(q);
            }
        }
        for (Projection pr : net.projections()) {
            if (foldable.containsKey(pr.target())) continue;
            final AvgPoolProjection pool = foldable.get(pr.source());
            if (pool == null) {
                b.connect(pr.rewire(copies.get(pr.source()), copies.get(pr.target())));
                continue;
            }
            folded.add(pr.source().name());
            Projection f = pr.foldPool(pool);
            b.connect(f.rewire(copies.get(f.source()), copies.get(f.target())));
        }
        b.meta("folded.avgpool", String.join(",", new java.util.LinkedHashSet<>(folded)));
        return b.output(copies.get(net.output())).build();
    }

    /**
     * The pooling into {@code p} when it can disappear: p is a bias-free hidden population fed by one average pool
     * that tiles its source exactly, and every consumer of p can absorb the pool.
     */
    private static AvgPoolProjection foldablePool(Network net, Population p) {
        if (p.kind() != PopulationKind.SPIKING || p == net.output() || p.hasBias()) return null;
        List<Projection> in = net.incoming(p.id());
        if (in.size() != 1 || !(in.get(0) instanceof AvgPoolProjection pool) || !pool.tiles()) return null;
        if (net.outgoing(p.id()).isEmpty()) return null;
        for (Projection out : net.outgoing(p.id())) {
            if (out.foldPool(pool) == null) return null;
        }
        return pool;
    }
}
