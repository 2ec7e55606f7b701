package org.spikeflow.graph;

/**
 * Channel-wise pooling: average pooling (a fixed weight per window member, by default 1/(kh*kw)) into a
 * spiking population, or spiking max pooling into a {@link PopulationKind#MAX_POOL} population.
 * Source channel c feeds target channel {@code targetChannelOffset + c}, which is how several pooled
 * sources concatenate along channels. Padding is given for the top and left; the target shape fixes the
 * output size. Padded positions count in the average's divisor (ONNX {@code count_include_pad=1}) only when
 * the weight says so: the converter sets the weight.
 */
public final class PoolProjection extends Projection {
    private final ProjectionKind kind;
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final int padTop;
    private final int padLeft;
    private final int targetChannelOffset;
    private final float weight;

    public PoolProjection(String name, ProjectionKind kind, Population source, Population target, int kernelH,
                          int kernelW, int strideH, int strideW, int padTop, int padLeft, int targetChannelOffset,
                          float weight) {
        super(name, source, target);
        if (kind != ProjectionKind.AVG_POOL && kind != ProjectionKind.MAX_POOL) {
            throw new IllegalArgumentException("pooling kind must be AVG_POOL or MAX_POOL");
        }
        this.kind = kind;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.targetChannelOffset = targetChannelOffset;
        this.weight = weight;
    }

    public static PoolProjection average(String name, Population source, Population target, int kernel, int stride) {
        return new PoolProjection(name, ProjectionKind.AVG_POOL, source, target, kernel, kernel, stride, stride, 0, 0, 0,
            1f / (kernel * kernel));
    }

    public static PoolProjection max(String name, Population source, Population target, int kernel, int stride) {
        return new PoolProjection(name, ProjectionKind.MAX_POOL, source, target, kernel, kernel, stride, stride, 0, 0, 0, 1f);
    }

    @Override
    public ProjectionKind kind() {
        return kind;
    }

    public int kernelH() { return kernelH; }
    public int kernelW() { return kernelW; }
    public int strideH() { return strideH; }
    public int strideW() { return strideW; }
    public int padTop() { return padTop; }
    public int padLeft() { return padLeft; }
    public int targetChannelOffset() { return targetChannelOffset; }

    /** Weight of each window member (average pooling); 1 for max pooling. */
    public float weight() {
        return weight;
    }

    @Override
    public long connections() {
        long total = 0;
        for (int i = 0; i < source().size(); i += source().shape().channels()) {
            total += fanOut(i);
        }
        return total * source().shape().channels();
    }

    @Override
    public int fanOut(int i) {
        Shape s = source().shape();
        Shape t = target().shape();
        int pos = i / s.channels();
        int iy = pos / s.width();
        int ix = pos % s.width();
        int n = 0;
        for (int ky = 0; ky < kernelH; ky++) {
            int ny = iy + padTop - ky;
            if (ny < 0 || ny % strideH != 0 || ny / strideH >= t.height()) continue;
            for (int kx = 0; kx < kernelW; kx++) {
                int nx = ix + padLeft - kx;
                if (nx < 0 || nx % strideW != 0 || nx / strideW >= t.width()) continue;
                n++;
            }
        }
        return n;
    }

    @Override
    void validate() {
        PopulationKind need = kind == ProjectionKind.MAX_POOL ? PopulationKind.MAX_POOL : PopulationKind.SPIKING;
        if (target().kind() != need) {
            throw error(kind + " projections must end in a " + need + " population");
        }
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padTop < 0 || padLeft < 0) {
            throw error("kernel and stride must be >= 1 and padding >= 0");
        }
        Shape s = source().shape();
        Shape t = target().shape();
        if (targetChannelOffset < 0 || targetChannelOffset + s.channels() > t.channels()) {
            throw error("shape mismatch: " + s.channels() + " channels at offset " + targetChannelOffset
                + " do not fit " + t.channels() + " target channels");
        }
        if (!ConvProjection.fits(s.height(), t.height(), kernelH, strideH, padTop, 1)
            || !ConvProjection.fits(s.width(), t.width(), kernelW, strideW, padLeft, 1)) {
            throw error("shape mismatch: output " + t + " cannot come from input " + s + " with a "
                + kernelH + "x" + kernelW + " window, stride " + strideH + "x" + strideW + " and padding " + padTop + "/" + padLeft);
        }
        if (!Float.isFinite(weight)) {
            throw error("pool weight is not finite");
        }
    }
}
