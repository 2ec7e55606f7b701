package org.spikeflow.graph;

import java.io.DataOutput;
import java.io.IOException;

/**
 * Channel-wise pooling over a {@link Window} (no dilation): source channel c feeds target channel
 * {@code targetChannelOffset + c}, which is how several pooled sources concatenate along channels. The target
 * carries its sources' activation scales channel for channel. Concrete kinds: {@link AvgPoolProjection} (a
 * fixed weight per window member into spiking neurons) and {@link MaxPoolProjection} (a spiking gate).
 */
public abstract class PoolProjection extends Projection {
    private final Window window;
    private final int targetChannelOffset;
    final WindowTables tables;

    PoolProjection(String name, Population source, Population target, Window window, int targetChannelOffset) {
        super(name, source, target);
        this.window = window;
        this.targetChannelOffset = targetChannelOffset;
        this.tables = new WindowTables(window, source.shape(), target.shape());
    }

    /** Non-overlapping average pooling with a square window of {@code kernel} and the plain weight 1/(k*k). */
    public static AvgPoolProjection average(String name, Population source, Population target, int kernel, int stride) {
        return new AvgPoolProjection(name, source, target, Window.square(kernel, stride, 0), 0, 1f / (kernel * kernel));
    }

    /** Spiking max pooling with a square window. */
    public static MaxPoolProjection max(String name, Population source, Population target, int kernel, int stride) {
        return new MaxPoolProjection(name, source, target, Window.square(kernel, stride, 0), 0);
    }

    /** A pooling window: kernel, stride and top/left padding (dilation 1). */
    public static Window window(int kernelH, int kernelW, int strideH, int strideW, int padTop, int padLeft) {
        return new Window(kernelH, kernelW, strideH, strideW, padTop, padLeft, 1, 1);
    }

    public Window window() { return window; }
    public int kernelH() { return window.kernelH(); }
    public int kernelW() { return window.kernelW(); }
    public int strideH() { return window.strideH(); }
    public int strideW() { return window.strideW(); }
    public int padTop() { return window.padTop(); }
    public int padLeft() { return window.padLeft(); }
    public int targetChannelOffset() { return targetChannelOffset; }

    @Override
    public long connections() {
        return window.validTaps(source().shape(), target().shape()) * source().shape().channels();
    }

    @Override
    public int fanOut(int i) {
        return tables.fanOutOf(i / source().shape().channels());
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
    public boolean inheritsScale() {
        return true;
    }

    @Override
    public int targetChannel(int sourceChannel) {
        return targetChannelOffset + sourceChannel;
    }

    /**
     * The one factor {@code sourceScale[c] / targetScale[offset + c]} shared by every channel, or NaN when the
     * channels would need different factors (a fixed-weight pool has one weight for all of them).
     */
    final float uniformRatio(float[] sourceScale, float[] targetScale) {
        final int c = source().shape().channels();
        float r = sourceScale[0] / targetScale[targetChannelOffset];
        for (int k = 1; k < c; k++) {
            if (sourceScale[k] / targetScale[targetChannelOffset + k] != r) return Float.NaN;
        }
        return r;
    }

    /** The one factor of {@code scale} over this projection's target channels, or NaN when they differ. */
    final float uniformScale(float[] scale) {
        final int c = source().shape().channels();
        float r = scale[targetChannelOffset];
        for (int k = 1; k < c; k++) if (scale[targetChannelOffset + k] != r) return Float.NaN;
        return r;
    }

    @Override
    public void writeParameters(DataOutput out) throws IOException {
        for (int v : new int[] {window.kernelH(), window.kernelW(), window.strideH(), window.strideW(), window.padTop(),
            window.padLeft(), targetChannelOffset}) out.writeInt(v);
        out.writeFloat(windowWeight());
    }

    /** The per-member weight written to network files (1 for max pooling). */
    abstract float windowWeight();

    @Override
    void validate() {
        if (window.dilationH() != 1 || window.dilationW() != 1) throw error("pooling windows are not dilated");
        Shape s = source().shape();
        Shape t = target().shape();
        String bad = window.mismatch(s, t);
        if (bad != null && bad.startsWith("kernel")) throw error(bad);
        if (targetChannelOffset < 0 || targetChannelOffset + s.channels() > t.channels()) {
            throw error("shape mismatch: " + s.channels() + " channels at offset " + targetChannelOffset
                + " do not fit " + t.channels() + " target channels");
        }
        if (bad != null) throw error(bad);
    }

    @Override
    public String geometry() {
        return String.format(java.util.Locale.ROOT, "window %dx%d stride %dx%d%s", kernelH(), kernelW(), strideH(), strideW(),
            targetChannelOffset() > 0 ? " channels from " + targetChannelOffset() : "");
    }
}
