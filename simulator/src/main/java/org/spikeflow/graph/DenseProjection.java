package org.spikeflow.graph;

import org.spikeflow.io.BinaryIO;
import org.spikeflow.kernel.Axpy;
import org.spikeflow.kernel.GatherKernel;
import org.spikeflow.kernel.ScatterKernel;
import org.spikeflow.kernel.TouchMap;

import java.io.DataOutput;
import java.io.IOException;

/**
 * All-to-all projection. Weights are stored by input row: {@code weights[i * out + j]} connects source
 * neuron i (flat HWC index) to target neuron j, so one input spike adds a contiguous row.
 * A dense projection from a multi-dimensional source is the flatten: no neuron, no cost, only indexing.
 */
public final class DenseProjection extends Projection {
    private final float[] weights;
    private final ScatterKernel scatter = this::scatterRows;
    private final GatherKernel gather = this::gatherRows;

    public DenseProjection(String name, Population source, Population target, float[] weightsByInputRow) {
        this(weightsByInputRow.clone(), name, source, target);
    }

    /** Shares {@code weights} (never modified after construction). */
    private DenseProjection(float[] weights, String name, Population source, Population target) {
        super(name, source, target);
        this.weights = weights;
    }

    @Override
    public ProjectionKind kind() {
        return ProjectionKind.DENSE;
    }

    /** Shared read-only weight array (do not modify). */
    public float[] weights() {
        return weights;
    }

    public float weight(int i, int j) {
        return weights[i * target().size() + j];
    }

    @Override
    public long connections() {
        return (long) source().size() * target().size();
    }

    @Override
    public int fanOut(int i) {
        return target().size();
    }

    /** Per target neuron, in ascending source order (a dense target is flat: its neurons are its channels). */
    @Override
    public float[] weightSumsByTargetChannel() {
        if (target().size() != target().shape().channels()) throw error("a dense projection into a map has no per-channel weight sum");
        final int out = target().size();
        final float[] sum = new float[out];
        for (int i = 0; i < source().size(); i++) for (int j = 0; j < out; j++) sum[j] += weights[i * out + j];
        return sum;
    }

    @Override
    public ScatterKernel scatter() {
        return scatter;
    }

    @Override
    public GatherKernel gather() {
        return gather;
    }

    /** Each spike adds its weight row to the whole target. */
    private long scatterRows(int[] index, float[] value, int from, int to, float[] acc, TouchMap touched) {
        final int out = acc.length;
        final float[] w = weights;
        for (int e = from; e < to; e++) Axpy.axpy(acc, 0, w, index[e] * out, value[e], out);
        if (to > from) touched.all();
        return (long) (to - from) * out;
    }

    /** {@code acc[j] = sum_i w(i, j) * a[i]} in ascending input order. */
    private void gatherRows(float[] a, float[] acc, TouchMap touched) {
        final float[] w = weights;
        final int out = acc.length;
        boolean any = false;
        for (int i = 0; i < a.length; i++) {
            final float ai = a[i];
            if (ai != 0f) any = true;
            final int row = i * out;
            for (int j = 0; j < out; j++) acc[j] += w[row + j] * ai;
        }
        if (any) touched.all();
    }

    @Override
    public void forward(float[] a, float[] out, float[] scratch) {
        final float[] w = weights;
        final int n = out.length;
        for (int i = 0; i < a.length; i++) {
            final float x = a[i];
            if (x == 0f) continue;
            final int row = i * n;
            for (int j = 0; j < n; j++) out[j] += w[row + j] * x;
        }
    }

    @Override
    public DenseProjection copy(String name, Population source, Population target) {
        return new DenseProjection(weights, name, source, target);
    }

    @Override
    public DenseProjection normalized(float[] sourceScale, float[] targetScale) {
        final float[] w = weights.clone();
        final int out = target().size();
        final int cs = source().shape().channels();
        final int ct = target().shape().channels();
        for (int i = 0; i < source().size(); i++) {
            final float li = sourceScale[i % cs];
            for (int j = 0; j < out; j++) w[i * out + j] *= li / targetScale[j % ct];
        }
        return new DenseProjection(w, name(), source(), target());
    }

    @Override
    public DenseProjection positivePart() {
        final float[] w = weights.clone();
        for (int i = 0; i < w.length; i++) if (w[i] < 0f) w[i] = 0f;
        return new DenseProjection(w, name(), source(), target());
    }

    @Override
    public DenseProjection scaledByTargetChannel(float[] scale) {
        final float[] w = weights.clone();
        final int c = target().shape().channels();
        for (int i = 0; i < w.length; i++) w[i] *= scale[i % c];
        return new DenseProjection(w, name(), source(), target());
    }

    /**
     * A dense layer reading a pooled population reads the unpooled one: each unpooled neuron takes the weight row
     * of the pooled neuron its window feeds, times the pooling weight.
     */
    @Override
    public DenseProjection foldPool(AvgPoolProjection pool) {
        final Shape s = pool.source().shape();
        final Shape p = pool.target().shape();
        final int out = target().size();
        final float[] folded = new float[s.size() * out];
        final int c = s.channels();
        final Window win = pool.window();
        for (int y = 0; y < s.height(); y++)
            for (int x = 0; x < s.width(); x++)
                for (int ch = 0; ch < c; ch++) {
                    final int i = (y * s.width() + x) * c + ch;
                    final int j = ((y / win.strideH()) * p.width() + x / win.strideW()) * c + ch;
                    for (int o = 0; o < out; o++) folded[i * out + o] = weights[j * out + o] * pool.weight();
                }
        return new DenseProjection(folded, name(), pool.source(), target());
    }

    @Override
    public void writeParameters(DataOutput out) throws IOException {
        BinaryIO.writeFloats(out, weights);
    }

    static DenseProjection read(String name, Population source, Population target, BinaryIO.Bounded in) throws IOException {
        float[] w = BinaryIO.readFloats(in);
        return new DenseProjection(w == null ? new float[0] : w, name, source, target);
    }

    @Override
    void validate() {
        long expected = (long) source().size() * target().size();
        if (weights.length != expected) {
            throw error("shape mismatch: " + weights.length + " weights for " + source().size() + " inputs x "
                + target().size() + " outputs");
        }
        checkFinite(this, weights);
    }
}
