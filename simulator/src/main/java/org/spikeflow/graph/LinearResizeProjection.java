package org.spikeflow.graph;

import org.spikeflow.io.BinaryIO;
import org.spikeflow.kernel.GatherKernel;
import org.spikeflow.kernel.ScatterKernel;
import org.spikeflow.kernel.TouchMap;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Bilinear upsampling by integer factors (ONNX {@code Resize}/{@code Upsample} with mode {@code linear}, Keras
 * {@code UpSampling2D(interpolation="bilinear")}) as a fixed-weight depthwise projection: target row {@code o} reads
 * the source at the coordinate {@code x} its {@link Mode} gives, through its two neighbours {@code floor(x)} and
 * {@code floor(x) + 1} with weights {@code 1 - frac(x)} and {@code frac(x)}, neighbours past the edge clamped to the
 * edge (as ONNX and PyTorch do); columns likewise, and each target pixel sums the products of its row and column
 * weights over up to four source pixels of its own channel. The weights of every target sum to one, so the target
 * carries its source's activation scale; a per-channel gain (1 until a conversion rescales it) multiplies them.
 * <p>
 * The geometry is this kind's own: per target position its (source position, weight) pairs in ascending source
 * position, the fan-in the dense reference and the rate reading sum; its transpose is the fan-out a spike scatters.
 */
public final class LinearResizeProjection extends Projection {
    /** Where target coordinate {@code o} of an axis of {@code in -> out = in * factor} positions reads the source. */
    public enum Mode {
        /** {@code (o + 0.5) / factor - 0.5} (ONNX {@code half_pixel}, PyTorch {@code align_corners=False}, Keras). */
        HALF_PIXEL,
        /** {@code o / factor} (ONNX {@code asymmetric}, the opset-9 {@code Upsample}). */
        ASYMMETRIC,
        /** {@code o * (in - 1) / (out - 1)} (ONNX {@code align_corners}, PyTorch {@code align_corners=True}). */
        ALIGN_CORNERS;

        double source(int o, int in, int factor) {
            final int out = in * factor;
            return switch (this) {
                case HALF_PIXEL -> (o + 0.5) / factor - 0.5;
                case ASYMMETRIC -> o / (double) factor;
                case ALIGN_CORNERS -> out == 1 ? 0 : o * (in - 1) / (double) (out - 1);
            };
        }
    }

    private final int factorH, factorW;
    private final Mode mode;
    private final float[] gain;
    /** Fan-in: target position p reads {@code inPos[inStart[p] .. inStart[p+1])} with {@code inWeight}. */
    private final int[] inStart, inPos;
    private final float[] inWeight;
    /** Fan-out: source position q reaches {@code outPos[outStart[q] .. outStart[q+1])} with {@code outWeight}. */
    private final int[] outStart, outPos;
    private final float[] outWeight;
    private final ScatterKernel scatter = this::scatterPairs;
    private final GatherKernel gather = this::gatherPairs;

    /** Upsampling by {@code factorH x factorW}; the gain of every channel 1. */
    public LinearResizeProjection(String name, Population source, Population target, int factorH, int factorW, Mode mode) {
        this(name, source, target, factorH, factorW, mode, ones(source.shape().channels()));
    }

    private LinearResizeProjection(String name, Population source, Population target, int factorH, int factorW, Mode mode,
                                   float[] gain) {
        super(name, source, target);
        this.factorH = factorH;
        this.factorW = factorW;
        this.mode = mode;
        this.gain = gain;
        final Shape s = source.shape(), t = target.shape();
        final boolean fits = factorH >= 1 && factorW >= 1 && (long) s.height() * factorH == t.height()
            && (long) s.width() * factorW == t.width();
        if (!fits) {
            inStart = new int[1];
            inPos = outStart = outPos = new int[0];
            inWeight = outWeight = new float[0];
            return; // validate() names the mismatch
        }
        final int[][] rows = axis(s.height(), factorH, mode), cols = axis(s.width(), factorW, mode);
        final float[][] rowW = weights(s.height(), factorH, mode), colW = weights(s.width(), factorW, mode);
        final int positions = t.height() * t.width();
        inStart = new int[positions + 1];
        final int[] pos = new int[positions * 4];
        final float[] w = new float[positions * 4];
        int n = 0;
        for (int oy = 0; oy < t.height(); oy++) {
            for (int ox = 0; ox < t.width(); ox++) {
                for (int a = 0; a < rows[oy].length; a++) {
                    for (int b = 0; b < cols[ox].length; b++) {
                        pos[n] = rows[oy][a] * s.width() + cols[ox][b];
                        w[n++] = rowW[oy][a] * colW[ox][b];
                    }
                }
                inStart[oy * t.width() + ox + 1] = n;
            }
        }
        inPos = Arrays.copyOf(pos, n);
        inWeight = Arrays.copyOf(w, n);
        // The transpose, by counting sort (each source's targets in ascending target position).
        final int sources = s.height() * s.width();
        outStart = new int[sources + 1];
        for (int q : inPos) outStart[q + 1]++;
        for (int q = 0; q < sources; q++) outStart[q + 1] += outStart[q];
        final int[] fill = Arrays.copyOf(outStart, sources);
        outPos = new int[n];
        outWeight = new float[n];
        for (int p = 0; p < positions; p++) {
            for (int e = inStart[p]; e < inStart[p + 1]; e++) {
                final int k = fill[inPos[e]]++;
                outPos[k] = p;
                outWeight[k] = inWeight[e];
            }
        }
    }

    private static float[] ones(int n) {
        final float[] g = new float[n];
        Arrays.fill(g, 1f);
        return g;
    }

    /** Per target coordinate of an axis, its distinct source neighbours (ascending) with non-zero weight. */
    private static int[][] axis(int in, int factor, Mode mode) {
        final int[][] r = new int[in * factor][];
        for (int o = 0; o < r.length; o++) {
            final double x = mode.source(o, in, factor);
            final int lo = (int) Math.floor(x);
            final double frac = x - lo;
            final int a = clamp(lo, in), b = clamp(lo + 1, in);
            r[o] = a == b || frac == 0 ? new int[] {a} : frac == 1 ? new int[] {b} : new int[] {a, b};
        }
        return r;
    }

    /** The weights of {@link #axis}'s neighbours, in the same order. */
    private static float[][] weights(int in, int factor, Mode mode) {
        final float[][] r = new float[in * factor][];
        for (int o = 0; o < r.length; o++) {
            final double x = mode.source(o, in, factor);
            final int lo = (int) Math.floor(x);
            final double frac = x - lo;
            final int a = clamp(lo, in), b = clamp(lo + 1, in);
            r[o] = a == b || frac == 0 ? new float[] {1f} : frac == 1 ? new float[] {1f}
                : new float[] {(float) (1 - frac), (float) frac};
        }
        return r;
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }

    @Override
    public ProjectionKind kind() {
        return ProjectionKind.LINEAR_RESIZE;
    }

    public int factorH() { return factorH; }
    public int factorW() { return factorW; }
    public Mode mode() { return mode; }

    /** The weight from source pixel {@code (sy, sx)} to target pixel {@code (ty, tx)} of one channel (gain 1), 0 if none. */
    public float weight(int ty, int tx, int sy, int sx) {
        final int p = ty * target().shape().width() + tx, q = sy * source().shape().width() + sx;
        for (int e = inStart[p]; e < inStart[p + 1]; e++) if (inPos[e] == q) return inWeight[e];
        return 0f;
    }

    @Override
    public long connections() {
        return (long) inPos.length * source().shape().channels();
    }

    @Override
    public int fanOut(int i) {
        final int q = i / source().shape().channels();
        return outStart[q + 1] - outStart[q];
    }

    @Override
    public ScatterKernel scatter() {
        return scatter;
    }

    @Override
    public GatherKernel gather() {
        return gather;
    }

    private long scatterPairs(int[] index, float[] value, int from, int to, float[] acc, TouchMap touched) {
        final int c = source().shape().channels();
        long ops = 0;
        for (int e = from; e < to; e++) {
            final int i = index[e];
            final int q = i / c;
            final int ch = i - q * c;
            final float g = gain[ch], v = value[e];
            final int end = outStart[q + 1];
            for (int k = outStart[q]; k < end; k++) {
                final int j = outPos[k] * c + ch;
                acc[j] += outWeight[k] * g * v;
                touched.neuron(j);
            }
            ops += end - outStart[q];
        }
        return ops;
    }

    private void gatherPairs(float[] a, float[] acc, TouchMap touched) {
        final int c = source().shape().channels();
        final int positions = inStart.length - 1;
        for (int p = 0; p < positions; p++) {
            for (int ch = 0; ch < c; ch++) {
                final float g = gain[ch];
                float sum = 0f;
                boolean any = false;
                for (int e = inStart[p]; e < inStart[p + 1]; e++) {
                    final float ai = a[inPos[e] * c + ch];
                    if (ai != 0f) any = true;
                    sum += inWeight[e] * g * ai;
                }
                final int j = p * c + ch;
                acc[j] = sum;
                if (any) touched.neuron(j);
            }
        }
    }

    @Override
    public void forward(float[] a, float[] out, float[] scratch) {
        final int c = source().shape().channels();
        final int positions = inStart.length - 1;
        for (int p = 0; p < positions; p++) {
            for (int ch = 0; ch < c; ch++) {
                float sum = 0f;
                for (int e = inStart[p]; e < inStart[p + 1]; e++) sum += inWeight[e] * gain[ch] * a[inPos[e] * c + ch];
                out[p * c + ch] += sum;
            }
        }
    }

    /** Its target carries the source's activation scale while every channel's gain is 1. */
    @Override
    public boolean inheritsScale() {
        for (float g : gain) if (g != 1f) return false;
        return true;
    }

    @Override
    public LinearResizeProjection copy(String name, Population source, Population target) {
        return new LinearResizeProjection(name, source, target, factorH, factorW, mode, gain);
    }

    /** Its weights follow the grid sizes only through the factors, except for {@code align_corners}. */
    @Override
    public int[] sourceSpan(int axis, int t) {
        final int in = axis == 0 ? source().shape().height() : source().shape().width();
        final double x = mode.source(t, in, axis == 0 ? factorH : factorW);
        final int lo = (int) Math.floor(x);
        return new int[] {clamp(lo, in), clamp(x > lo ? lo + 1 : lo, in)};
    }

    @Override
    public Projection resized(Population source, Population target) {
        if (mode == Mode.ALIGN_CORNERS) {
            throw error("align-corners interpolation weights depend on the grid size, so the network cannot run on another input size");
        }
        return copy(name(), source, target);
    }

    @Override
    public LinearResizeProjection normalized(float[] sourceScale, float[] targetScale) {
        final float[] g = gain.clone();
        for (int ch = 0; ch < g.length; ch++) g[ch] *= sourceScale[ch] / targetScale[ch];
        return new LinearResizeProjection(name(), source(), target(), factorH, factorW, mode, g);
    }

    /** Interpolation weights are non-negative: only a negative channel gain (none arises from positive scales) is cut. */
    @Override
    public LinearResizeProjection positivePart() {
        boolean negative = false;
        for (float g : gain) negative |= g < 0f;
        if (!negative) return this;
        final float[] g = gain.clone();
        for (int ch = 0; ch < g.length; ch++) if (g[ch] < 0f) g[ch] = 0f;
        return new LinearResizeProjection(name(), source(), target(), factorH, factorW, mode, g);
    }

    @Override
    public LinearResizeProjection scaledByTargetChannel(float[] scale) {
        final float[] g = gain.clone();
        for (int ch = 0; ch < g.length; ch++) g[ch] *= scale[ch];
        return new LinearResizeProjection(name(), source(), target(), factorH, factorW, mode, g);
    }

    @Override
    public void writeParameters(DataOutput out) throws IOException {
        out.writeInt(factorH);
        out.writeInt(factorW);
        out.writeInt(mode.ordinal());
        BinaryIO.writeFloats(out, gain);
    }

    static LinearResizeProjection read(String name, Population source, Population target, BinaryIO.Bounded in) throws IOException {
        final int fh = in.readInt(), fw = in.readInt(), m = in.readInt();
        if (m < 0 || m >= Mode.values().length) {
            throw new IOException("projection '" + name + "': unknown interpolation mode code " + m);
        }
        final float[] g = BinaryIO.readFloats(in);
        return new LinearResizeProjection(name, source, target, fh, fw, Mode.values()[m], g == null ? new float[0] : g);
    }

    @Override
    void validate() {
        final Shape s = source().shape(), t = target().shape();
        if (factorH < 1 || factorW < 1) throw error("upsampling factors must be >= 1, got " + factorH + "x" + factorW);
        if (s.channels() != t.channels() || (long) s.height() * factorH != t.height() || (long) s.width() * factorW != t.width()) {
            throw error("shape mismatch: bilinear upsampling by " + factorH + "x" + factorW + " sends " + s + " to ("
                + s.channels() + "," + (long) s.height() * factorH + "," + (long) s.width() * factorW + "), not " + t);
        }
        if (gain.length != s.channels()) throw error("has " + gain.length + " channel gains for " + s.channels() + " channels");
        checkFinite(this, gain);
    }

    @Override
    public String geometry() {
        return String.format(Locale.ROOT, "bilinear x%dx%d %s", factorH, factorW, mode.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
