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
 * 2-D transposed convolution (ONNX {@code ConvTranspose}, Keras {@code Conv2DTranspose}): source position
 * {@code (iy, ix)} reaches target position {@code (iy * strideH - padTop + ky * dilationH, ix * strideW - padLeft +
 * kx * dilationW)} through tap {@code (ky, kx)}. That is exactly the {@link Window} formula with source and target
 * exchanged, so the geometry is the shared window's: the window's fan-in table over (target, source) is this
 * projection's fan-out, and its transpose this projection's fan-in. Output padding and bottom/right padding only
 * fix the target's size.
 * <p>
 * Weights are {@code [kh][kw][cin][cout / groups]}: index {@code ((ky * kw + kx) * cin + ci) * coutG + j}, feeding
 * target channel {@code g * coutG + j} for the group {@code g = ci / (cin / groups)} of the input channel. One spike
 * adds, for every tap that reaches a real output, a run of {@code coutG} weights to that position's channels of its
 * group. Nearest-neighbour upsampling by an integer factor is the depthwise case with unit weights
 * ({@link #nearestUpsampling}); it relays its source's activation scale.
 */
public final class ConvTransposeProjection extends Projection {
    private final Window window;
    private final int groups;
    private final float[] weights;
    /** Tables of the window over (target, source): its fan-in is this projection's fan-out, its fan-out our fan-in. */
    private final WindowTables tables;
    private final ScatterKernel scatter;
    private final GatherKernel gather = this::gatherTaps;

    public ConvTransposeProjection(String name, Population source, Population target, Window window, int groups,
                                   float[] weights) {
        this(window, groups, weights.clone(), name, source, target);
    }

    private ConvTransposeProjection(Window window, int groups, float[] weights, String name, Population source,
                                    Population target) {
        super(name, source, target);
        this.window = window;
        this.groups = groups;
        this.weights = weights;
        this.tables = new WindowTables(window, target.shape(), source.shape());
        this.scatter = groups == 1 ? this::scatterTaps : this::scatterGrouped;
    }

    /**
     * Nearest-neighbour upsampling by integer factors: every source neuron repeated over a {@code factorH x factorW}
     * block of the target, channel for channel (a depthwise transposed convolution with unit weights).
     */
    public static ConvTransposeProjection nearestUpsampling(String name, Population source, Population target,
                                                            int factorH, int factorW) {
        final int c = source.shape().channels();
        final float[] w = new float[factorH * factorW * c];
        Arrays.fill(w, 1f);
        return new ConvTransposeProjection(new Window(factorH, factorW, factorH, factorW, 0, 0, 1, 1), c, w, name,
            source, target);
    }

    @Override
    public ProjectionKind kind() {
        return ProjectionKind.CONV_TRANSPOSE;
    }

    public Window window() { return window; }
    public int groups() { return groups; }
    public int inChannels() { return source().shape().channels(); }
    public int outChannels() { return target().shape().channels(); }
    private int inPerGroup() { return inChannels() / groups; }
    private int outPerGroup() { return outChannels() / groups; }

    /** Shared read-only weight array (do not modify). */
    public float[] weights() {
        return weights;
    }

    /** Weight from input channel {@code ci} through tap {@code (ky, kx)} to channel {@code j} of its group. */
    public float weight(int ky, int kx, int ci, int j) {
        return weights[((ky * window.kernelW() + kx) * inChannels() + ci) * outPerGroup() + j];
    }

    @Override
    public long connections() {
        return tables.fanIn().total() * inChannels() * outPerGroup();
    }

    @Override
    public int fanOut(int i) {
        final Window.Taps fo = tables.fanIn();
        final int pos = i / inChannels();
        return (fo.end(pos) - fo.begin(pos)) * outPerGroup();
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
     * True for the relay of nearest-neighbour upsampling: depthwise, unit weights, every target neuron fed by exactly
     * one source neuron of its own channel. Such a target carries its source's activation scale.
     */
    @Override
    public boolean inheritsScale() {
        if (groups != inChannels() || inChannels() != outChannels()) return false;
        for (float w : weights) if (w != 1f) return false;
        final Window.Taps fi = tables.fanOut();
        for (int p = 0; p < fi.positions(); p++) if (fi.end(p) - fi.begin(p) != 1) return false;
        return true;
    }

    /** Spikes of one input position share its taps; each tap adds a run of {@code cout} weights per spiking channel. */
    private long scatterTaps(int[] index, float[] value, int from, int to, float[] acc, TouchMap touched) {
        return ConvProjection.scatterTaps(tables.fanIn(), weights, inChannels(), outChannels(), index, value, from, to, acc, touched);
    }

    /** Grouped form: each spike adds its group's run of {@code cout / groups} weights per tap. */
    private long scatterGrouped(int[] index, float[] value, int from, int to, float[] acc, TouchMap touched) {
        final Window.Taps fo = tables.fanIn();
        final int cin = inChannels();
        final int cout = outChannels();
        final int cinG = inPerGroup();
        final int coutG = outPerGroup();
        final float[] w = weights;
        long ops = 0;
        for (int e = from; e < to; e++) {
            final int pos = index[e] / cin;
            final int ci = index[e] - pos * cin;
            final int g = ci / cinG;
            final int tapsEnd = fo.end(pos);
            for (int t = fo.begin(pos); t < tapsEnd; t++) {
                final int out = fo.position(t) * cout + g * coutG;
                Axpy.axpy(acc, out, w, (fo.tap(t) * cin + ci) * coutG, value[e], coutG);
                for (int j = 0; j < coutG; j++) touched.neuron(out + j);
            }
            ops += (long) (tapsEnd - fo.begin(pos)) * coutG;
        }
        return ops;
    }

    /**
     * Every output neuron sums its whole receptive field, zeros included, in ascending source order (source
     * positions, then the input channels of its group).
     */
    private void gatherTaps(float[] a, float[] acc, TouchMap touched) {
        final Window.Taps fi = tables.fanOut();
        final int cin = inChannels();
        final int cout = outChannels();
        final int cinG = inPerGroup();
        final int coutG = outPerGroup();
        final float[] w = weights;
        for (int p = 0; p < fi.positions(); p++) {
            final int o = p * cout;
            Arrays.fill(acc, o, o + cout, 0f);
            boolean any = false;
            for (int t = fi.begin(p); t < fi.end(p); t++) {
                final int src = fi.position(t) * cin;
                final int wb = fi.tap(t) * cin;
                for (int ci = 0; ci < cin; ci++) {
                    final float ai = a[src + ci];
                    final int og = o + (ci / cinG) * coutG;
                    if (ai != 0f) {
                        any = true;
                        // Grouped: only the channels of the input's group are reached.
                        if (groups != 1) for (int j = 0; j < coutG; j++) touched.neuron(og + j);
                    }
                    final int wr = (wb + ci) * coutG;
                    for (int j = 0; j < coutG; j++) acc[og + j] += w[wr + j] * ai;
                }
            }
            if (any && groups == 1) touched.position(p);
        }
    }

    @Override
    public void forward(float[] a, float[] out, float[] tmp) {
        final Window.Taps fi = tables.fanOut();
        final int cin = inChannels();
        final int cout = outChannels();
        final int cinG = inPerGroup();
        final int coutG = outPerGroup();
        final float[] w = weights;
        for (int p = 0; p < fi.positions(); p++) {
            Arrays.fill(tmp, 0, cout, 0f);
            for (int t = fi.begin(p); t < fi.end(p); t++) {
                final int src = fi.position(t) * cin;
                final int wb = fi.tap(t) * cin;
                for (int ci = 0; ci < cin; ci++) {
                    final float x = a[src + ci];
                    if (x == 0f) continue;
                    final int og = (ci / cinG) * coutG;
                    final int wr = (wb + ci) * coutG;
                    for (int j = 0; j < coutG; j++) tmp[og + j] += w[wr + j] * x;
                }
            }
            final int o = p * cout;
            for (int co = 0; co < cout; co++) out[o + co] += tmp[co];
        }
    }

    @Override
    public int[] sourceSpan(int axis, int t) {
        return window.targetSpan(axis, t, axis == 0 ? source().shape().height() : source().shape().width());
    }

    @Override
    public Projection resized(Population source, Population target) {
        return resizedOver(window, false, source, target);
    }

    @Override
    public ConvTransposeProjection copy(String name, Population source, Population target) {
        return new ConvTransposeProjection(window, groups, weights, name, source, target);
    }

    @Override
    public ConvTransposeProjection normalized(float[] sourceScale, float[] targetScale) {
        final float[] w = weights.clone();
        final int cin = inChannels(), cinG = inPerGroup(), coutG = outPerGroup();
        for (int k = 0; k < window.taps(); k++)
            for (int ci = 0; ci < cin; ci++)
                for (int j = 0; j < coutG; j++) {
                    w[(k * cin + ci) * coutG + j] *= sourceScale[ci] / targetScale[(ci / cinG) * coutG + j];
                }
        return new ConvTransposeProjection(window, groups, w, name(), source(), target());
    }

    @Override
    public ConvTransposeProjection positivePart() {
        final float[] w = weights.clone();
        for (int i = 0; i < w.length; i++) if (w[i] < 0f) w[i] = 0f;
        return new ConvTransposeProjection(window, groups, w, name(), source(), target());
    }

    @Override
    public ConvTransposeProjection scaledByTargetChannel(float[] scale) {
        final float[] w = weights.clone();
        final int cin = inChannels(), cinG = inPerGroup(), coutG = outPerGroup();
        for (int k = 0; k < window.taps(); k++)
            for (int ci = 0; ci < cin; ci++)
                for (int j = 0; j < coutG; j++) w[(k * cin + ci) * coutG + j] *= scale[(ci / cinG) * coutG + j];
        return new ConvTransposeProjection(window, groups, w, name(), source(), target());
    }

    @Override
    public void writeParameters(DataOutput out) throws IOException {
        for (int v : new int[] {window.kernelH(), window.kernelW(), window.strideH(), window.strideW(), window.padTop(),
            window.padLeft(), window.dilationH(), window.dilationW(), groups}) out.writeInt(v);
        BinaryIO.writeFloats(out, weights);
    }

    static ConvTransposeProjection read(String name, Population source, Population target, BinaryIO.Bounded in)
        throws IOException {
        int[] v = new int[9];
        for (int k = 0; k < 9; k++) v[k] = in.readInt();
        float[] w = BinaryIO.readFloats(in);
        return new ConvTransposeProjection(new Window(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]), v[8],
            w == null ? new float[0] : w, name, source, target);
    }

    @Override
    void validate() {
        // The window runs from target to source: the source grid is what the window's output size must give.
        String bad = window.mismatch(target().shape(), source().shape());
        if (bad != null && bad.startsWith("kernel")) throw error(bad);
        final Shape s = source().shape(), t = target().shape();
        if (groups < 1 || s.channels() % groups != 0 || t.channels() % groups != 0) {
            throw error("groups " + groups + " must divide both the " + s.channels() + " input and " + t.channels()
                + " output channels");
        }
        if (weights.length != (long) window.taps() * s.channels() * (t.channels() / groups)) {
            throw error("shape mismatch: " + weights.length + " weights for a " + window.kernelH() + "x" + window.kernelW()
                + " transposed kernel with " + s.channels() + " input and " + t.channels() + " output channels in "
                + groups + " group" + (groups == 1 ? "" : "s"));
        }
        if (bad != null) {
            throw error("shape mismatch: output " + t + " cannot come from input " + s + " by a transposed " + window.kernelH()
                + "x" + window.kernelW() + " window, stride " + window.strideH() + "x" + window.strideW() + ", padding "
                + window.padTop() + "/" + window.padLeft());
        }
        checkFinite(this, weights);
    }

    @Override
    public String geometry() {
        return String.format(java.util.Locale.ROOT, "transposed kernel %dx%d stride %dx%d pad %d/%d dilation %dx%d%s",
            window.kernelH(), window.kernelW(), window.strideH(), window.strideW(), window.padTop(), window.padLeft(),
            window.dilationH(), window.dilationW(), groups == 1 ? "" : " groups " + groups);
    }
}
