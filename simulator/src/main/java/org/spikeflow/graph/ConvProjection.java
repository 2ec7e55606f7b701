package org.spikeflow.graph;

import org.spikeflow.io.BinaryIO;
import org.spikeflow.kernel.Axpy;
import org.spikeflow.kernel.GatherKernel;
import org.spikeflow.kernel.ScatterKernel;
import org.spikeflow.kernel.TouchMap;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * 2-D convolution over a {@link Window}. Weights are {@code [kh][kw][cin][cout]}: index
 * {@code ((ky * kw + kx) * cin + ci) * cout + co}, so the output channels of one kernel tap are contiguous
 * (channels-last fan-out): one spike adds, for every tap that reaches a real output, a run of {@code cout}
 * weights to that output position's channels.
 */
public final class ConvProjection extends Projection {
    private final Window window;
    private final float[] weights;
    private final WindowTables tables;
    private final ScatterKernel scatter = this::scatterTaps;
    private final GatherKernel gather = this::gatherTaps;

    public ConvProjection(String name, Population source, Population target, Window window, float[] weightsHwio) {
        this(window, weightsHwio.clone(), name, source, target);
    }

    public ConvProjection(String name, Population source, Population target, int kernelH, int kernelW,
                          int strideH, int strideW, int padTop, int padLeft, int dilationH, int dilationW,
                          float[] weightsHwio) {
        this(name, source, target, new Window(kernelH, kernelW, strideH, strideW, padTop, padLeft, dilationH, dilationW),
            weightsHwio);
    }

    /** Square kernel, equal stride and padding, no dilation. */
    public ConvProjection(String name, Population source, Population target, int kernel, int stride, int pad,
                          float[] weightsHwio) {
        this(name, source, target, Window.square(kernel, stride, pad), weightsHwio);
    }

    /** Shares {@code weights} (never modified after construction). */
    private ConvProjection(Window window, float[] weights, String name, Population source, Population target) {
        super(name, source, target);
        this.window = window;
        this.weights = weights;
        this.tables = new WindowTables(window, source.shape(), target.shape());
    }

    @Override
    public ProjectionKind kind() {
        return ProjectionKind.CONV;
    }

    public Window window() { return window; }
    public int kernelH() { return window.kernelH(); }
    public int kernelW() { return window.kernelW(); }
    public int strideH() { return window.strideH(); }
    public int strideW() { return window.strideW(); }
    public int padTop() { return window.padTop(); }
    public int padLeft() { return window.padLeft(); }
    public int dilationH() { return window.dilationH(); }
    public int dilationW() { return window.dilationW(); }
    public int inChannels() { return source().shape().channels(); }
    public int outChannels() { return target().shape().channels(); }

    /** Shared read-only weight array (do not modify). */
    public float[] weights() {
        return weights;
    }

    public float weight(int ky, int kx, int ci, int co) {
        return weights[((ky * window.kernelW() + kx) * inChannels() + ci) * outChannels() + co];
    }

    @Override
    public long connections() {
        return window.validTaps(source().shape(), target().shape()) * inChannels() * outChannels();
    }

    @Override
    public int fanOut(int i) {
        return tables.fanOutOf(i / inChannels()) * outChannels();
    }

    @Override
    public ScatterKernel scatter() {
        return scatter;
    }

    @Override
    public GatherKernel gather() {
        return gather;
    }

    /** For each spike, every valid tap adds a run of {@code cout} weights to one output position. */
    private long scatterTaps(int[] index, float[] value, int from, int to, float[] acc, TouchMap touched) {
        final Window.Taps fo = tables.fanOut();
        final int cin = inChannels();
        final int cout = outChannels();
        final float[] w = weights;
        long ops = 0;
        for (int e = from; e < to; e++) {
            final int i = index[e];
            final float x = value[e];
            final int pos = i / cin;
            final int ci = i - pos * cin;
            final int begin = fo.begin(pos);
            final int end = fo.end(pos);
            for (int t = begin; t < end; t++) {
                final int outPos = fo.position(t);
                Axpy.axpy(acc, outPos * cout, w, (fo.tap(t) * cin + ci) * cout, x, cout);
                touched.position(outPos);
            }
            ops += (long) (end - begin) * cout;
        }
        return ops;
    }

    /** Every output neuron sums its receptive field in ascending input order (taps row-major, then input channels). */
    private void gatherTaps(float[] a, float[] acc, TouchMap touched) {
        final Window.Taps fi = tables.fanIn();
        final int cin = inChannels();
        final int cout = outChannels();
        final float[] w = weights;
        for (int p = 0; p < fi.positions(); p++) {
            final int begin = fi.begin(p);
            final int end = fi.end(p);
            boolean any = false;
            for (int co = 0; co < cout; co++) {
                float sum = 0f;
                for (int t = begin; t < end; t++) {
                    final int src = fi.position(t) * cin;
                    final int wb = fi.tap(t) * cin;
                    for (int ci = 0; ci < cin; ci++) {
                        final float ai = a[src + ci];
                        if (ai != 0f) any = true;
                        sum += w[(wb + ci) * cout + co] * ai;
                    }
                }
                acc[p * cout + co] = sum;
            }
            if (any) touched.position(p);
        }
    }

    @Override
    public void forward(float[] a, float[] out, float[] tmp) {
        final Window.Taps fi = tables.fanIn();
        final int cin = inChannels();
        final int cout = outChannels();
        final float[] w = weights;
        for (int p = 0; p < fi.positions(); p++) {
            final int o = p * cout;
            Arrays.fill(tmp, 0, cout, 0f);
            for (int t = fi.begin(p); t < fi.end(p); t++) {
                final int src = fi.position(t) * cin;
                final int wb = fi.tap(t) * cin * cout;
                for (int ci = 0; ci < cin; ci++) {
                    final float x = a[src + ci];
                    if (x == 0f) continue;
                    final int wr = wb + ci * cout;
                    for (int co = 0; co < cout; co++) tmp[co] += w[wr + co] * x;
                }
            }
            for (int co = 0; co < cout; co++) out[o + co] += tmp[co];
        }
    }

    @Override
    public ConvProjection copy(String name, Population source, Population target) {
        return new ConvProjection(window, weights, name, source, target);
    }

    @Override
    public ConvProjection normalized(float[] sourceScale, float[] targetScale) {
        final float[] w = weights.clone();
        final int cin = inChannels();
        final int cout = outChannels();
        for (int k = 0; k < window.taps(); k++)
            for (int ci = 0; ci < cin; ci++)
                for (int co = 0; co < cout; co++) w[(k * cin + ci) * cout + co] *= sourceScale[ci] / targetScale[co];
        return new ConvProjection(window, w, name(), source(), target());
    }

    @Override
    public ConvProjection scaledByTargetChannel(float[] scale) {
        final float[] w = weights.clone();
        final int cout = outChannels();
        for (int i = 0; i < w.length; i++) w[i] *= scale[i % cout];
        return new ConvProjection(window, w, name(), source(), target());
    }

    /**
     * Pooling with window = stride s followed by a k x k convolution with stride t and padding p equals one
     * (k*s) x (k*s) convolution with stride t*s and padding p*s on the unpooled input, each tap's weight spread
     * over its s x s window with the pooling weight. Dilated convolutions do not fold.
     */
    @Override
    public ConvProjection foldPool(AvgPoolProjection pool) {
        if (window.dilationH() != 1 || window.dilationW() != 1) return null;
        final int sh = pool.window().strideH(), sw = pool.window().strideW();
        final int kh0 = window.kernelH(), kw0 = window.kernelW();
        final int kh = kh0 * sh, kw = kw0 * sw;
        final int cin = inChannels(), cout = outChannels();
        final float[] out = new float[kh * kw * cin * cout];
        final float pw = pool.weight();
        for (int ky = 0; ky < kh0; ky++)
            for (int kx = 0; kx < kw0; kx++)
                for (int u = 0; u < sh; u++)
                    for (int v = 0; v < sw; v++)
                        for (int ci = 0; ci < cin; ci++)
                            for (int co = 0; co < cout; co++) {
                                out[(((ky * sh + u) * kw + kx * sw + v) * cin + ci) * cout + co] =
                                    weights[((ky * kw0 + kx) * cin + ci) * cout + co] * pw;
                            }
        Window folded = new Window(kh, kw, window.strideH() * sh, window.strideW() * sw, window.padTop() * sh,
            window.padLeft() * sw, 1, 1);
        return new ConvProjection(folded, out, name(), pool.source(), target());
    }

    @Override
    public void writeParameters(DataOutput out) throws IOException {
        for (int v : new int[] {window.kernelH(), window.kernelW(), window.strideH(), window.strideW(), window.padTop(),
            window.padLeft(), window.dilationH(), window.dilationW()}) out.writeInt(v);
        BinaryIO.writeFloats(out, weights);
    }

    static ConvProjection read(String name, Population source, Population target, BinaryIO.Bounded in) throws IOException {
        int[] v = new int[8];
        for (int k = 0; k < 8; k++) v[k] = in.readInt();
        float[] w = BinaryIO.readFloats(in);
        return new ConvProjection(new Window(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]), w == null ? new float[0] : w,
            name, source, target);
    }

    @Override
    void validate() {
        String bad = window.mismatch(source().shape(), target().shape());
        if (bad != null && bad.startsWith("kernel")) throw error(bad);
        Shape s = source().shape();
        Shape t = target().shape();
        if (weights.length != (long) window.taps() * s.channels() * t.channels()) {
            throw error("shape mismatch: " + weights.length + " weights for a " + window.kernelH() + "x" + window.kernelW()
                + " kernel with " + s.channels() + " input and " + t.channels() + " output channels");
        }
        if (bad != null) throw error(bad);
        checkFinite(this, weights);
    }
}
