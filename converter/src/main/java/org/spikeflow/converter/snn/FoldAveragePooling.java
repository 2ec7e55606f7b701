package org.spikeflow.converter.snn;

import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;
import org.spikeflow.graph.ProjectionKind;
import org.spikeflow.graph.Shape;

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
        Map<Population, PoolProjection> foldable = new IdentityHashMap<>();
        for (Population p : net.populations()) {
            PoolProjection pool = foldablePool(net, p);
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
            final PoolProjection pool = foldable.get(pr.source());
            if (pool == null) {
                b.connect(Projections.rewire(pr, copies.get(pr.source()), copies.get(pr.target())));
                continue;
            }
            folded.add(pr.source().name());
            Projection f = pr.kind() == ProjectionKind.CONV ? foldIntoConv(pool, (ConvProjection) pr)
                : foldIntoDense(pool, (DenseProjection) pr);
            b.connect(Projections.rewire(f, copies.get(f.source()), copies.get(f.target())));
        }
        b.meta("folded.avgpool", String.join(",", new java.util.LinkedHashSet<>(folded)));
        return b.output(copies.get(net.output())).build();
    }

    private static PoolProjection foldablePool(Network net, Population p) {
        if (p.kind() != PopulationKind.SPIKING || p == net.output() || p.hasBias()) return null;
        List<Projection> in = net.incoming(p.id());
        if (in.size() != 1 || in.get(0).kind() != ProjectionKind.AVG_POOL) return null;
        PoolProjection pool = (PoolProjection) in.get(0);
        Shape s = pool.source().shape();
        Shape t = p.shape();
        if (pool.kernelH() != pool.strideH() || pool.kernelW() != pool.strideW() || pool.padTop() != 0 || pool.padLeft() != 0
            || pool.targetChannelOffset() != 0 || s.channels() != t.channels()
            || s.height() != t.height() * pool.strideH() || s.width() != t.width() * pool.strideW()) {
            return null;
        }
        for (Projection out : net.outgoing(p.id())) {
            if (out.kind() == ProjectionKind.DENSE) continue;
            if (out.kind() == ProjectionKind.CONV) {
                ConvProjection c = (ConvProjection) out;
                if (c.dilationH() == 1 && c.dilationW() == 1) continue;
            }
            return null;
        }
        return net.outgoing(p.id()).isEmpty() ? null : pool;
    }

    static ConvProjection foldIntoConv(PoolProjection pool, ConvProjection c) {
        final int sh = pool.strideH(), sw = pool.strideW();
        final int kh = c.kernelH() * sh, kw = c.kernelW() * sw;
        final int cin = c.inChannels(), cout = c.outChannels();
        final float[] w = c.weights();
        final float[] out = new float[kh * kw * cin * cout];
        final float pw = pool.weight();
        for (int ky = 0; ky < c.kernelH(); ky++)
            for (int kx = 0; kx < c.kernelW(); kx++)
                for (int u = 0; u < sh; u++)
                    for (int v = 0; v < sw; v++)
                        for (int ci = 0; ci < cin; ci++)
                            for (int co = 0; co < cout; co++) {
                                out[(((ky * sh + u) * kw + kx * sw + v) * cin + ci) * cout + co] =
                                    w[((ky * c.kernelW() + kx) * cin + ci) * cout + co] * pw;
                            }
        return new ConvProjection(c.name(), pool.source(), c.target(), kh, kw, c.strideH() * sh, c.strideW() * sw,
            c.padTop() * sh, c.padLeft() * sw, 1, 1, out);
    }

    static DenseProjection foldIntoDense(PoolProjection pool, DenseProjection d) {
        final Shape s = pool.source().shape();
        final Shape p = pool.target().shape();
        final int out = d.target().size();
        final float[] w = d.weights();
        final float[] folded = new float[s.size() * out];
        final int c = s.channels();
        for (int y = 0; y < s.height(); y++)
            for (int x = 0; x < s.width(); x++)
                for (int ch = 0; ch < c; ch++) {
                    final int i = (y * s.width() + x) * c + ch;
                    final int j = ((y / pool.strideH()) * p.width() + x / pool.strideW()) * c + ch;
                    for (int o = 0; o < out; o++) folded[i * out + o] = w[j * out + o] * pool.weight();
                }
        return new DenseProjection(d.name(), pool.source(), d.target(), folded);
    }
}
