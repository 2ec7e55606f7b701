package org.spikeflow.training.data;

import org.spikeflow.graph.Shape;

import java.util.SplittableRandom;

/**
 * Seeded image augmentation, each part switchable, with TensorFlow's parameter ranges: random dihedral
 * transform (flips and 90-degree rotations), random zoom (crop of a random fraction in [zoom, 1] of each
 * side, resized back), brightness delta, contrast factor range, hue delta in [0, 0.5] and saturation range
 * (colour images only). Works on HWC samples in [0, 1]; the result is clipped to [0, 1]. Stateless: the
 * random stream comes from the caller, so training is reproducible for a seed.
 *
 * @param dihedral       random flips and quarter turns (quarter turns only for square images)
 * @param zoom           smallest crop fraction, in (0, 1]; 1 disables zoom
 * @param brightness     maximum brightness delta, >= 0
 * @param contrastLower  lower contrast factor, >= 0
 * @param contrastUpper  upper contrast factor, > lower (1, 1 disables)
 * @param hue            maximum hue delta in turns, in [0, 0.5]
 * @param saturationLower lower saturation factor, >= 0
 * @param saturationUpper upper saturation factor, > lower (1, 1 disables)
 */
public record Augmentation(boolean dihedral, double zoom, double brightness, double contrastLower, double contrastUpper,
                           double hue, double saturationLower, double saturationUpper) {
    public static final Augmentation NONE = new Augmentation(false, 1, 0, 1, 1, 0, 1, 1);

    public Augmentation {
        if (!(zoom > 0 && zoom <= 1)) throw new IllegalArgumentException("zoom must be in (0, 1], got " + zoom);
        if (!(brightness >= 0)) throw new IllegalArgumentException("brightness must be >= 0, got " + brightness);
        if (!(hue >= 0 && hue <= 0.5)) throw new IllegalArgumentException("hue must be in [0, 0.5], got " + hue);
        range("contrast", contrastLower, contrastUpper);
        range("saturation", saturationLower, saturationUpper);
    }

    private static void range(String name, double lower, double upper) {
        if (!(lower >= 0)) throw new IllegalArgumentException(name + " lower bound must be >= 0, got " + lower);
        if (!(lower < upper) && !(lower == 1 && upper == 1)) {
            throw new IllegalArgumentException(name + " lower bound must be below the upper bound, got " + lower + " >= " + upper);
        }
    }

    public boolean enabled() {
        return !equals(NONE);
    }

    /** One augmented copy of {@code x} (HWC, shape {@code s}). */
    public float[] apply(float[] x, Shape s, SplittableRandom r) {
        float[] y = x.clone();
        if (dihedral) y = dihedral(y, s, r.nextInt(s.height() == s.width() ? 8 : 4));
        if (zoom < 1) y = zoom(y, s, zoom + (1 - zoom) * r.nextDouble(), r.nextDouble(), r.nextDouble());
        if (brightness > 0) {
            float d = (float) ((r.nextDouble() * 2 - 1) * brightness);
            for (int i = 0; i < y.length; i++) y[i] += d;
        }
        if (contrastUpper != contrastLower) contrast(y, s, (float) (contrastLower + (contrastUpper - contrastLower) * r.nextDouble()));
        if (s.channels() == 3 && (hue > 0 || saturationUpper != saturationLower)) {
            float dh = (float) ((r.nextDouble() * 2 - 1) * hue);
            float fs = (float) (saturationLower + (saturationUpper - saturationLower) * r.nextDouble());
            hueSaturation(y, dh, saturationUpper != saturationLower ? fs : 1f);
        }
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1f, Math.max(0f, y[i]));
        return y;
    }

    /** Element {@code k} of the dihedral group: bit 2 flips horizontally, bits 0-1 count quarter turns. */
    static float[] dihedral(float[] x, Shape s, int k) {
        int h = s.height(), w = s.width(), c = s.channels();
        float[] out = new float[x.length];
        int turns = k & 3;
        boolean flip = (k & 4) != 0;
        for (int y = 0; y < h; y++)
            for (int xx = 0; xx < w; xx++) {
                int sx = flip ? w - 1 - xx : xx, sy = y;
                for (int t = 0; t < turns; t++) { // rotate the source coordinate by 90 degrees (square images)
                    int ny = sx, nx = h - 1 - sy;
                    sy = ny;
                    sx = nx;
                }
                System.arraycopy(x, (sy * w + sx) * c, out, (y * w + xx) * c, c);
            }
        return out;
    }

    /** Crops a {@code fraction} of each side at a random position and resizes it back (bilinear). */
    static float[] zoom(float[] x, Shape s, double fraction, double u, double v) {
        int h = s.height(), w = s.width(), c = s.channels();
        double ch = h * fraction, cw = w * fraction;
        double y0 = (h - ch) * u, x0 = (w - cw) * v;
        float[] out = new float[x.length];
        for (int y = 0; y < h; y++)
            for (int xx = 0; xx < w; xx++) {
                double sy = y0 + (y + 0.5) * ch / h - 0.5, sx = x0 + (xx + 0.5) * cw / w - 0.5;
                int iy = (int) Math.floor(sy), ix = (int) Math.floor(sx);
                double fy = sy - iy, fx = sx - ix;
                for (int k = 0; k < c; k++) {
                    double a = px(x, s, iy, ix, k), b = px(x, s, iy, ix + 1, k), d = px(x, s, iy + 1, ix, k), e = px(x, s, iy + 1, ix + 1, k);
                    out[(y * w + xx) * c + k] = (float) ((a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy);
                }
            }
        return out;
    }

    private static double px(float[] x, Shape s, int y, int xx, int k) {
        y = Math.max(0, Math.min(s.height() - 1, y));
        xx = Math.max(0, Math.min(s.width() - 1, xx));
        return x[(y * s.width() + xx) * s.channels() + k];
    }

    static void contrast(float[] y, Shape s, float factor) {
        int c = s.channels(), n = s.height() * s.width();
        for (int k = 0; k < c; k++) {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += y[i * c + k];
            mean /= n;
            for (int i = 0; i < n; i++) y[i * c + k] = (float) ((y[i * c + k] - mean) * factor + mean);
        }
    }

    static void hueSaturation(float[] y, float dh, float fs) {
        float[] hsv = new float[3];
        for (int i = 0; i < y.length; i += 3) {
            java.awt.Color.RGBtoHSB(Math.round(clamp(y[i]) * 255), Math.round(clamp(y[i + 1]) * 255), Math.round(clamp(y[i + 2]) * 255), hsv);
            float h = hsv[0] + dh;
            h -= (float) Math.floor(h);
            int rgb = java.awt.Color.HSBtoRGB(h, clamp(hsv[1] * fs), hsv[2]);
            y[i] = ((rgb >> 16) & 0xff) / 255f;
            y[i + 1] = ((rgb >> 8) & 0xff) / 255f;
            y[i + 2] = (rgb & 0xff) / 255f;
        }
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
