package org.spikeflow.graph;

import org.spikeflow.io.BinaryIO;
import org.spikeflow.kernel.GatherKernel;
import org.spikeflow.kernel.ScatterKernel;
import org.spikeflow.kernel.TouchMap;

import java.io.IOException;

/**
 * Average pooling into spiking neurons: a fixed weight per window member (by default 1/(kh*kw)). Padded
 * positions count in the average's divisor (ONNX {@code count_include_pad=1}) only when the weight says so: the
 * converter sets the weight.
 */
public final class AvgPoolProjection extends PoolProjection {
    private final float weight;
    private final ScatterKernel scatter = this::scatterWindows;
    private final GatherKernel gather = this::gatherWindows;

    public AvgPoolProjection(String name, Population source, Population target, Window window, int targetChannelOffset,
                             float weight) {
        super(name, source, target, window, targetChannelOffset);
        this.weight = weight;
    }

    @Override
    public ProjectionKind kind() {
        return ProjectionKind.AVG_POOL;
    }

    /** Weight of each window member. */
    public float weight() {
        return weight;
    }

    @Override
    float windowWeight() {
        return weight;
    }

    /** True when the windows tile the source exactly (window = stride, no padding, no channel offset). */
    public boolean tiles() {
        Window w = window();
        Shape s = source().shape();
        Shape t = target().shape();
        return w.kernelH() == w.strideH() && w.kernelW() == w.strideW() && w.padTop() == 0 && w.padLeft() == 0
            && targetChannelOffset() == 0 && s.channels() == t.channels()
            && s.height() == t.height() * w.strideH() && s.width() == t.width() * w.strideW();
    }

    /** Every window member weighs {@link #weight()}: per fed channel the window's size times it. */
    @Override
    public float[] weightSumsByTargetChannel() {
        final float[] sum = new float[target().shape().channels()];
        final float s = window().kernelH() * window().kernelW() * weight;
        for (int c = 0; c < source().shape().channels(); c++) sum[c + targetChannelOffset()] = s;
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

    private long scatterWindows(int[] index, float[] value, int from, int to, float[] a, TouchMap touched) {
        final Window.Taps fo = tables.fanOut();
        final int c = source().shape().channels();
        final int tc = target().shape().channels();
        final int off = targetChannelOffset();
        long ops = 0;
        for (int e = from; e < to; e++) {
            final int i = index[e];
            final int pos = i / c;
            final int ch = i - pos * c;
            final float contribution = weight * value[e];
            final int end = fo.end(pos);
            for (int t = fo.begin(pos); t < end; t++) {
                final int j = fo.position(t) * tc + off + ch;
                a[j] += contribution;
                touched.neuron(j);
            }
            ops += end - fo.begin(pos);
        }
        return ops;
    }

    private void gatherWindows(float[] a, float[] acc, TouchMap touched) {
        final Window.Taps fi = tables.fanIn();
        final int c = source().shape().channels();
        final int tc = target().shape().channels();
        final int off = targetChannelOffset();
        for (int p = 0; p < fi.positions(); p++) {
            for (int ch = 0; ch < c; ch++) {
                float sum = 0f;
                boolean any = false;
                for (int t = fi.begin(p); t < fi.end(p); t++) {
                    final float ai = a[fi.position(t) * c + ch];
                    if (ai != 0f) any = true;
                    sum += weight * ai;
                }
                final int j = p * tc + off + ch;
                acc[j] = sum;
                if (any) touched.neuron(j);
            }
        }
    }

    @Override
    public void forward(float[] a, float[] out, float[] scratch) {
        final Window.Taps fi = tables.fanIn();
        final int c = source().shape().channels();
        final int tc = target().shape().channels();
        final int off = targetChannelOffset();
        for (int p = 0; p < fi.positions(); p++) {
            final int dst = p * tc + off;
            for (int t = fi.begin(p); t < fi.end(p); t++) {
                final int src = fi.position(t) * c;
                for (int ch = 0; ch < c; ch++) out[dst + ch] += weight * a[src + ch];
            }
        }
    }

    @Override
    public AvgPoolProjection copy(String name, Population source, Population target) {
        return new AvgPoolProjection(name, source, target, window(), targetChannelOffset(), weight);
    }

    @Override
    public AvgPoolProjection normalized(float[] sourceScale, float[] targetScale) {
        final float r = uniformRatio(sourceScale, targetScale);
        if (Float.isNaN(r)) {
            throw error("average pooling has one weight for all channels, so it cannot carry channel-wise normalization"
                + " into a population that also has other inputs (use a layer-wise normalization)");
        }
        return r == 1f ? this : new AvgPoolProjection(name(), source(), target(), window(), targetChannelOffset(), weight * r);
    }

    @Override
    public AvgPoolProjection positivePart() {
        return this;
    }

    @Override
    public AvgPoolProjection scaledByTargetChannel(float[] scale) {
        final float f = uniformScale(scale);
        if (Float.isNaN(f)) throw error("per-channel scaling after average pooling is not supported");
        return new AvgPoolProjection(name(), source(), target(), window(), targetChannelOffset(), weight * f);
    }

    static AvgPoolProjection read(String name, Population source, Population target, BinaryIO.Bounded in) throws IOException {
        int[] v = new int[7];
        for (int k = 0; k < 7; k++) v[k] = in.readInt();
        return new AvgPoolProjection(name, source, target, window(v[0], v[1], v[2], v[3], v[4], v[5]), v[6], in.readFloat());
    }

    @Override
    void validate() {
        super.validate();
        if (!Float.isFinite(weight)) throw error("pool weight is not finite");
    }
}
