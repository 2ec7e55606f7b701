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
    private final ScatterKernel scatter;
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
        // Chosen once: undilated kernels scatter along kernel rows in contiguous runs; dilated ones tap by tap.
        this.scatter = window.dilationH() == 1 && window.dilationW() == 1 ? new RowRuns(this) : this::scatterTaps;
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

    /**
     * Spikes at one input position (consecutive in a block, which is sorted by neuron index) share that position's
     * taps: each valid tap adds a run of {@code cout} weights per spiking input channel to one output position, the
     * output run staying in cache across the channels. Every output neuron still receives its sources in ascending
     * index order.
     */
    private long scatterTaps(int[] index, float[] value, int from, int to, float[] acc, TouchMap touched) {
        return scatterTaps(tables.fanOut(), weights, inChannels(), outChannels(), index, value, from, to, acc, touched);
    }

    /**
     * The tap scatter of a kernel projection with weights {@code [tap][cin][cout]}: through {@code fo}, each source
     * position's (target position, tap) pairs (a convolution's fan-out; a transposed convolution's fan-in table, its
     * source and target exchanged).
     */
    static long scatterTaps(Window.Taps fo, float[] w, int cin, int cout, int[] index, float[] value, int from, int to,
                            float[] acc, TouchMap touched) {
        long ops = 0;
        int e = from;
        while (e < to) {
            final int pos = index[e] / cin;
            final int base = pos * cin;
            int end = e + 1;
            while (end < to && index[end] - base < cin) end++;
            final int tapsBegin = fo.begin(pos);
            final int tapsEnd = fo.end(pos);
            for (int t = tapsBegin; t < tapsEnd; t++) {
                final int outBase = fo.position(t) * cout;
                final int wTap = fo.tap(t) * cin;
                for (int k = e; k < end; k++) {
                    Axpy.axpy(acc, outBase, w, (wTap + index[k] - base) * cout, value[k], cout);
                }
                touched.position(fo.position(t));
            }
            ops += (long) (tapsEnd - tapsBegin) * cout * (end - e);
            e = end;
        }
        return ops;
    }

    /**
     * The scatter of an undilated convolution (any stride) along kernel rows. Along one kernel row, the taps through
     * which input column {@code ix} reaches the output are the columns {@code kx = r, r + s, r + 2s, ...} with
     * {@code r = (ix + padLeft) mod s}, and they reach consecutive output columns. With the weights of each residue
     * {@code r} laid out as {@code [ky][ci][kx descending][co]}, one input spike adds, per valid kernel row, a single
     * contiguous run of weights to a contiguous run of output neurons: {@code (valid columns) x cout} floats instead
     * of one {@code cout}-run per tap. Built on first use (tables and the re-laid weights); shared by all threads.
     */
    private static final class RowRuns implements ScatterKernel {
        private final ConvProjection c;
        private volatile Tables tables;

        RowRuns(ConvProjection c) {
            this.c = c;
        }

        /**
         * Per source position its runs: where the run starts in the accumulator, where its weights start (channel 0),
         * how many floats it covers, the weight stride between input channels, and the output position it starts at.
         */
        private record Tables(float[] weights, int[] start, int[] accOffset, int[] weightOffset, int[] length,
                              int[] channelStride, int[] firstPosition) {
        }

        private Tables tables() {
            Tables t = tables;
            if (t == null) {
                synchronized (this) {
                    t = tables;
                    if (t == null) tables = t = build();
                }
            }
            return t;
        }

        private Tables build() {
            final Window win = c.window;
            final Shape s = c.source().shape(), t = c.target().shape();
            final int kh = win.kernelH(), kw = win.kernelW(), sh = win.strideH(), sw = win.strideW();
            final int cin = s.channels(), cout = t.channels();
            // Weights re-laid per column residue r: [ky][ci][j'][co], j' counting the residue's columns from the last.
            final int[] count = new int[sw];
            for (int kx = 0; kx < kw; kx++) count[kx % sw]++;
            final int[] base = new int[sw + 1];
            for (int r = 0; r < sw; r++) base[r + 1] = base[r] + kh * cin * count[r] * cout;
            final float[] w = new float[base[sw]];
            for (int ky = 0; ky < kh; ky++)
                for (int kx = 0; kx < kw; kx++) {
                    final int r = kx % sw, j = kx / sw, jr = count[r] - 1 - j;
                    for (int ci = 0; ci < cin; ci++) {
                        final int dst = base[r] + ((ky * cin + ci) * count[r] + jr) * cout;
                        System.arraycopy(c.weights, ((ky * kw + kx) * cin + ci) * cout, w, dst, cout);
                    }
                }
            final int positions = s.height() * s.width();
            final int[] start = new int[positions + 1];
            final java.util.List<int[]> runs = new java.util.ArrayList<>();
            for (int iy = 0; iy < s.height(); iy++) {
                for (int ix = 0; ix < s.width(); ix++) {
                    final int r = Math.floorMod(ix + win.padLeft(), sw);
                    final int m = count[r];
                    for (int ky = 0; ky < kh && m > 0; ky++) {
                        final int ny = iy + win.padTop() - ky;
                        if (ny < 0 || ny % sh != 0 || ny / sh >= t.height()) continue;
                        final int oy = ny / sh;
                        // Column j of the residue (kx = r + j*sw) reaches ox = (ix + padLeft - kx) / sw, decreasing in j.
                        int jlo = -1, jhi = -1;
                        for (int j = 0; j < m; j++) {
                            final int nx = ix + win.padLeft() - (r + j * sw);
                            if (nx < 0 || nx / sw >= t.width()) continue;
                            if (jlo < 0) jlo = j;
                            jhi = j;
                        }
                        if (jlo < 0) continue;
                        final int oxFirst = (ix + win.padLeft() - (r + jhi * sw)) / sw;
                        final int firstPosition = oy * t.width() + oxFirst;
                        runs.add(new int[] {firstPosition * cout, base[r] + (ky * cin * m + (m - 1 - jhi)) * cout,
                            (jhi - jlo + 1) * cout, m * cout, firstPosition});
                    }
                    start[iy * s.width() + ix + 1] = runs.size();
                }
            }
            final int n = runs.size();
            final int[] acc = new int[n], wo = new int[n], len = new int[n], stride = new int[n], first = new int[n];
            for (int k = 0; k < n; k++) {
                final int[] run = runs.get(k);
                acc[k] = run[0];
                wo[k] = run[1];
                len[k] = run[2];
                stride[k] = run[3];
                first[k] = run[4];
            }
            return new Tables(w, start, acc, wo, len, stride, first);
        }

        @Override
        public long scatter(int[] index, float[] value, int from, int to, float[] acc, TouchMap touched) {
            final Tables tb = tables();
            final float[] w = tb.weights;
            final int cin = c.inChannels();
            final int cout = c.outChannels();
            long ops = 0;
            int e = from;
            while (e < to) {
                final int pos = index[e] / cin;
                final int base = pos * cin;
                int end = e + 1;
                while (end < to && index[end] - base < cin) end++;
                final int runsEnd = tb.start[pos + 1];
                for (int k = tb.start[pos]; k < runsEnd; k++) {
                    final int accOffset = tb.accOffset[k];
                    final int wOffset = tb.weightOffset[k];
                    final int len = tb.length[k];
                    final int stride = tb.channelStride[k];
                    Axpy.axpyEach(acc, accOffset, w, wOffset, stride, index, base, value, e, end, len);
                    touched.positions(tb.firstPosition[k], len / cout);
                    ops += (long) len * (end - e);
                }
                e = end;
            }
            return ops;
        }
    }

    /**
     * Every output neuron sums its whole receptive field, zeros included, in ascending input order (taps in
     * ascending source position, then input channels): one output position's channels accumulate together, one
     * weight row of {@code cout} per input value, so the loop runs along contiguous weights.
     */
    private void gatherTaps(float[] a, float[] acc, TouchMap touched) {
        final Window.Taps fi = tables.fanIn();
        final int cin = inChannels();
        final int cout = outChannels();
        final float[] w = weights;
        for (int p = 0; p < fi.positions(); p++) {
            final int begin = fi.begin(p);
            final int end = fi.end(p);
            final int o = p * cout;
            Arrays.fill(acc, o, o + cout, 0f);
            boolean any = false;
            for (int t = begin; t < end; t++) {
                final int src = fi.position(t) * cin;
                final int wb = fi.tap(t) * cin * cout;
                for (int ci = 0; ci < cin; ci++) {
                    final float ai = a[src + ci];
                    if (ai != 0f) any = true;
                    final int wr = wb + ci * cout;
                    for (int co = 0; co < cout; co++) acc[o + co] += w[wr + co] * ai;
                }
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
    public int[] sourceSpan(int axis, int t) {
        return window.sourceSpan(axis, t, axis == 0 ? source().shape().height() : source().shape().width());
    }

    @Override
    public Projection resized(Population source, Population target) {
        return resizedOver(window, true, source, target);
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

    /** Per output channel over every tap and input channel, in storage order. */
    @Override
    public float[] weightSumsByTargetChannel() {
        final int cout = outChannels();
        final float[] sum = new float[target().shape().channels()];
        for (int i = 0; i < weights.length; i++) sum[i % cout] += weights[i];
        return sum;
    }

    @Override
    public ConvProjection positivePart() {
        final float[] w = weights.clone();
        for (int i = 0; i < w.length; i++) if (w[i] < 0f) w[i] = 0f;
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

    @Override
    public String geometry() {
        return String.format(java.util.Locale.ROOT, "kernel %dx%d stride %dx%d pad %d/%d dilation %dx%d", kernelH(), kernelW(),
            strideH(), strideW(), padTop(), padLeft(), dilationH(), dilationW());
    }
}
