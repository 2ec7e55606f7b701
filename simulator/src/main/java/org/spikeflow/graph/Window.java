package org.spikeflow.graph;

/**
 * Geometry of a 2-D sliding window from a source grid to a target grid: one type for convolution kernels and
 * pooling windows. Target position {@code (oy, ox)} reads source position
 * {@code (oy * strideH - padTop + ky * dilationH, ox * strideW - padLeft + kx * dilationW)} through tap
 * {@code (ky, kx)}; taps that fall outside the source are padding and carry no synapse. Padding is given for
 * the top and left; the target shape fixes the output size, so bottom/right padding is implied (asymmetric
 * "same" padding works).
 * <p>
 * This formula is the only place the window arithmetic is written: {@link #fanIn} lists each target position's
 * valid taps in ascending source position (the order gather sums in), {@link #fanOut} is its transpose (each
 * source position's reachable targets, what a spike scatters to), so the two can never disagree.
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW, int padTop, int padLeft, int dilationH,
                     int dilationW) {

    /** Square kernel, equal stride and padding, no dilation. */
    public static Window square(int kernel, int stride, int pad) {
        return new Window(kernel, kernel, stride, stride, pad, pad, 1, 1);
    }

    /** Number of taps {@code kernelH * kernelW}; tap index {@code ky * kernelW + kx}. */
    public int taps() {
        return kernelH * kernelW;
    }

    /** Source row read by target row {@code oy} through kernel row {@code ky} (may lie in the padding). */
    public int sourceRow(int oy, int ky) {
        return oy * strideH - padTop + ky * dilationH;
    }

    /** Source column read by target column {@code ox} through kernel column {@code kx} (may lie in the padding). */
    public int sourceColumn(int ox, int kx) {
        return ox * strideW - padLeft + kx * dilationW;
    }

    /**
     * The source rows ({@code axis} 0) or columns (1) that target row or column {@code t} reads, {@code {first, last}}
     * within {@code [0, sourceExtent - 1]} (first > last when its window lies in the padding).
     */
    public int[] sourceSpan(int axis, int t, int sourceExtent) {
        final int stride = axis == 0 ? strideH : strideW, pad = axis == 0 ? padTop : padLeft;
        final int reach = (axis == 0 ? dilationH * (kernelH - 1) : dilationW * (kernelW - 1));
        final long first = (long) t * stride - pad;
        return new int[] {(int) Math.max(0, first), (int) Math.min(sourceExtent - 1L, first + reach)};
    }

    /**
     * The transpose of {@link #sourceSpan}: the target rows ({@code axis} 0) or columns (1) whose windows cover source
     * index {@code s}, {@code {first, last}} within {@code [0, targetExtent - 1]} (dilation's gaps counted as covered).
     */
    public int[] targetSpan(int axis, int s, int targetExtent) {
        final int stride = axis == 0 ? strideH : strideW, pad = axis == 0 ? padTop : padLeft;
        final int reach = (axis == 0 ? dilationH * (kernelH - 1) : dilationW * (kernelW - 1));
        final long first = Math.floorDiv((long) s + pad - reach + stride - 1, stride), last = Math.floorDiv((long) s + pad, stride);
        return new int[] {(int) Math.max(0, first), (int) Math.min(targetExtent - 1L, last)};
    }

    /** Output extent along one axis: {@code (in + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride + 1}. */
    public static int outputSize(int in, int kernel, int stride, int padBefore, int padAfter, int dilation) {
        return (in + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride + 1;
    }

    /**
     * What is wrong with this window between {@code source} and {@code target}, or null when it fits: positive
     * kernel, stride and dilation, non-negative padding, and an output size that arises from the input with the
     * given padding before and an implied padding after of at most {@code padBefore + stride}.
     */
    public String mismatch(Shape source, Shape target) {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1
            || padTop < 0 || padLeft < 0) {
            return "kernel, stride and dilation must be >= 1 and padding >= 0";
        }
        final long visits = (long) kernelH * kernelW * target.height() * target.width();
        if ((long) kernelH * kernelW > Integer.MAX_VALUE || visits > org.spikeflow.io.InputLimits.current().maxSynapses()) {
            return "kernel " + kernelH + "x" + kernelW + " over " + target.height() + "x" + target.width()
                + " positions is more than the limit of " + org.spikeflow.io.InputLimits.current().maxSynapses()
                + " window taps (raise it with --max-synapses)";
        }
        if (!fits(source.height(), target.height(), kernelH, strideH, padTop, dilationH)
            || !fits(source.width(), target.width(), kernelW, strideW, padLeft, dilationW)) {
            return "shape mismatch: output " + target + " cannot come from input " + source + " with a " + kernelH + "x"
                + kernelW + " window, stride " + strideH + "x" + strideW + ", padding " + padTop + "/" + padLeft
                + (dilationH != 1 || dilationW != 1 ? ", dilation " + dilationH + "x" + dilationW : "");
        }
        return null;
    }

    private static boolean fits(int in, int out, int kernel, int stride, int padBefore, int dilation) {
        final long needed = (long) (out - 1) * stride + (long) dilation * (kernel - 1) + 1 - in - padBefore;
        return needed <= padBefore + stride && needed + stride - 1 >= 0;
    }

    /**
     * The padding after the source (bottom, right) that the target's size implies: how far the last target
     * position's window reaches past the source's last row and column (negative when it stops short of them).
     */
    public int[] impliedPadAfter(Shape source, Shape target) {
        return new int[] {(target.height() - 1) * strideH + dilationH * (kernelH - 1) + 1 - source.height() - padTop,
            (target.width() - 1) * strideW + dilationW * (kernelW - 1) + 1 - source.width() - padLeft};
    }

    /** Number of valid (target position, tap) pairs: taps that do not fall on padding. */
    public long validTaps(Shape source, Shape target) {
        long n = 0;
        for (int oy = 0; oy < target.height(); oy++) {
            int rows = 0;
            for (int ky = 0; ky < kernelH; ky++) {
                final int iy = sourceRow(oy, ky);
                if (iy >= 0 && iy < source.height()) rows++;
            }
            if (rows == 0) continue;
            for (int ox = 0; ox < target.width(); ox++) {
                int cols = 0;
                for (int kx = 0; kx < kernelW; kx++) {
                    final int ix = sourceColumn(ox, kx);
                    if (ix >= 0 && ix < source.width()) cols++;
                }
                n += (long) rows * cols;
            }
        }
        return n;
    }

    /** Each target position's valid taps, in ascending source position. */
    public Taps fanIn(Shape source, Shape target) {
        final int th = target.height(), tw = target.width(), sh = source.height(), sw = source.width();
        final int positions = th * tw;
        final int[] start = new int[positions + 1];
        int n = 0;
        for (int oy = 0; oy < th; oy++) {
            for (int ox = 0; ox < tw; ox++) {
                for (int ky = 0; ky < kernelH; ky++) {
                    final int iy = sourceRow(oy, ky);
                    if (iy < 0 || iy >= sh) continue;
                    for (int kx = 0; kx < kernelW; kx++) {
                        final int ix = sourceColumn(ox, kx);
                        if (ix >= 0 && ix < sw) n++;
                    }
                }
                start[oy * tw + ox + 1] = n;
            }
        }
        final int[] other = new int[n];
        final int[] tap = new int[n];
        int k = 0;
        for (int oy = 0; oy < th; oy++) {
            for (int ox = 0; ox < tw; ox++) {
                for (int ky = 0; ky < kernelH; ky++) {
                    final int iy = sourceRow(oy, ky);
                    if (iy < 0 || iy >= sh) continue;
                    for (int kx = 0; kx < kernelW; kx++) {
                        final int ix = sourceColumn(ox, kx);
                        if (ix < 0 || ix >= sw) continue;
                        other[k] = iy * sw + ix;
                        tap[k++] = ky * kernelW + kx;
                    }
                }
            }
        }
        return new Taps(start, other, tap);
    }

    /** Each source position's valid taps (the target positions one of its spikes reaches): the transpose of {@link #fanIn}. */
    public Taps fanOut(Shape source, Shape target) {
        return fanIn(source, target).transpose(source.height() * source.width());
    }

    /**
     * For every position of one grid, its valid taps: the position on the other grid (row-major {@code y * width + x})
     * and the tap index {@code ky * kernelW + kx}. Immutable.
     */
    public static final class Taps {
        private final int[] start;
        private final int[] position;
        private final int[] tap;

        Taps(int[] start, int[] position, int[] tap) {
            this.start = start;
            this.position = position;
            this.tap = tap;
        }

        /** Number of positions this table is indexed by. */
        public int positions() {
            return start.length - 1;
        }

        /** First entry of position {@code p}; entries run to {@code end(p)}. */
        public int begin(int p) {
            return start[p];
        }

        public int end(int p) {
            return start[p + 1];
        }

        /** The position on the other grid of entry {@code e}. */
        public int position(int e) {
            return position[e];
        }

        /** The tap index of entry {@code e}. */
        public int tap(int e) {
            return tap[e];
        }

        /** Valid (position, tap) pairs in all. */
        public long total() {
            return position.length;
        }

        /** The same pairs indexed by the other grid (counting sort, so entries keep their relative order). */
        Taps transpose(int otherPositions) {
            final int[] s = new int[otherPositions + 1];
            for (int p : position) s[p + 1]++;
            for (int i = 0; i < otherPositions; i++) s[i + 1] += s[i];
            final int[] fill = java.util.Arrays.copyOf(s, otherPositions);
            final int[] pos = new int[position.length];
            final int[] tp = new int[position.length];
            for (int p = 0; p < positions(); p++) {
                for (int e = start[p]; e < start[p + 1]; e++) {
                    final int k = fill[position[e]]++;
                    pos[k] = p;
                    tp[k] = tap[e];
                }
            }
            return new Taps(s, pos, tp);
        }
    }
}
