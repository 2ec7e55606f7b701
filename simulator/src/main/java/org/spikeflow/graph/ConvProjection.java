package org.spikeflow.graph;

/**
 * 2-D convolution. Weights are {@code [kh][kw][cin][cout]}: index {@code ((ky * kw + kx) * cin + ci) * cout + co},
 * so the output channels of one kernel tap are contiguous (channels-last fan-out). Padding is given for the
 * top and left; the target shape fixes the output size (bottom/right padding is implied, so asymmetric
 * "same" padding works). Output {@code (oy, ox)} reads input {@code (oy*strideH - padTop + ky*dilationH,
 * ox*strideW - padLeft + kx*dilationW)}.
 */
public final class ConvProjection extends Projection {
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final int padTop;
    private final int padLeft;
    private final int dilationH;
    private final int dilationW;
    private final float[] weights;

    public ConvProjection(String name, Population source, Population target, int kernelH, int kernelW,
                          int strideH, int strideW, int padTop, int padLeft, int dilationH, int dilationW,
                          float[] weightsHwio) {
        super(name, source, target);
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        this.weights = weightsHwio.clone();
    }

    /** Square kernel, equal stride and padding, no dilation. */
    public ConvProjection(String name, Population source, Population target, int kernel, int stride, int pad,
                          float[] weightsHwio) {
        this(name, source, target, kernel, kernel, stride, stride, pad, pad, 1, 1, weightsHwio);
    }

    /** Output extent of a convolution along one axis with symmetric padding. */
    public static int outputSize(int in, int kernel, int stride, int padBefore, int padAfter, int dilation) {
        return (in + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride + 1;
    }

    /**
     * True if {@code out} positions arise from {@code in} with the given padding before and some padding after
     * of at most {@code padBefore + stride} (symmetric, one more at the end as in SAME_UPPER / TensorFlow 'same', or what folding a pooling stride into a convolution implies).
     */
    static boolean fits(int in, int out, int kernel, int stride, int padBefore, int dilation) {
        final long needed = (long) (out - 1) * stride + (long) dilation * (kernel - 1) + 1 - in - padBefore;
        return needed <= padBefore + stride && needed + stride - 1 >= 0;
    }

    @Override
    public ProjectionKind kind() {
        return ProjectionKind.CONV;
    }

    public int kernelH() { return kernelH; }
    public int kernelW() { return kernelW; }
    public int strideH() { return strideH; }
    public int strideW() { return strideW; }
    public int padTop() { return padTop; }
    public int padLeft() { return padLeft; }
    public int dilationH() { return dilationH; }
    public int dilationW() { return dilationW; }
    public int inChannels() { return source().shape().channels(); }
    public int outChannels() { return target().shape().channels(); }

    /** Shared read-only weight array (do not modify). */
    public float[] weights() {
        return weights;
    }

    public float weight(int ky, int kx, int ci, int co) {
        return weights[((ky * kernelW + kx) * inChannels() + ci) * outChannels() + co];
    }

    @Override
    public long connections() {
        Shape t = target().shape();
        long total = 0;
        for (int oy = 0; oy < t.height(); oy++) {
            for (int ox = 0; ox < t.width(); ox++) {
                for (int ky = 0; ky < kernelH; ky++) {
                    int iy = oy * strideH - padTop + ky * dilationH;
                    if (iy < 0 || iy >= source().shape().height()) continue;
                    for (int kx = 0; kx < kernelW; kx++) {
                        int ix = ox * strideW - padLeft + kx * dilationW;
                        if (ix < 0 || ix >= source().shape().width()) continue;
                        total += (long) inChannels() * outChannels();
                    }
                }
            }
        }
        return total;
    }

    @Override
    public int fanOut(int i) {
        Shape s = source().shape();
        Shape t = target().shape();
        int pos = i / s.channels();
        int iy = pos / s.width();
        int ix = pos % s.width();
        int taps = 0;
        for (int ky = 0; ky < kernelH; ky++) {
            int ny = iy + padTop - ky * dilationH;
            if (ny < 0 || ny % strideH != 0 || ny / strideH >= t.height()) continue;
            for (int kx = 0; kx < kernelW; kx++) {
                int nx = ix + padLeft - kx * dilationW;
                if (nx < 0 || nx % strideW != 0 || nx / strideW >= t.width()) continue;
                taps++;
            }
        }
        return taps * t.channels();
    }

    @Override
    void validate() {
        if (target().kind() != PopulationKind.SPIKING) {
            throw error("convolutions must end in a spiking population");
        }
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1
            || padTop < 0 || padLeft < 0) {
            throw error("kernel, stride and dilation must be >= 1 and padding >= 0");
        }
        Shape s = source().shape();
        Shape t = target().shape();
        if (weights.length != (long) kernelH * kernelW * s.channels() * t.channels()) {
            throw error("shape mismatch: " + weights.length + " weights for a " + kernelH + "x" + kernelW
                + " kernel with " + s.channels() + " input and " + t.channels() + " output channels");
        }
        if (!fits(s.height(), t.height(), kernelH, strideH, padTop, dilationH)
            || !fits(s.width(), t.width(), kernelW, strideW, padLeft, dilationW)) {
            throw error("shape mismatch: output " + t + " cannot come from input " + s + " with kernel "
                + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW + ", padding " + padTop + "/" + padLeft
                + ", dilation " + dilationH + "x" + dilationW);
        }
        for (float w : weights) {
            if (!Float.isFinite(w)) {
                throw error("weights are not finite");
            }
        }
    }
}
