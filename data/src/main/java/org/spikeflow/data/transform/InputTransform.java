package org.spikeflow.data.transform;

import org.spikeflow.graph.Shape;

import java.util.Locale;

/**
 * Edge-map input transforms: normalized Prewitt or Sobel gradient magnitude per channel (divided by its
 * largest possible value for inputs in [0, 1], so it stays in [0, 1]), optionally squared, and optionally used
 * as a mask that keeps the original pixels where the edge map is non-zero. Names follow the pattern
 * {@code [dataset_]prewitt|sobel[_sq][_mask]}, e.g. {@code sobel}, {@code prewitt_sq},
 * {@code eurosat_prewitt_sq_mask}; {@code none} is the identity.
 */
public record InputTransform(Operator operator, boolean squared, boolean mask) {
    public enum Operator { NONE, PREWITT, SOBEL }

    public static final InputTransform NONE = new InputTransform(Operator.NONE, false, false);

    public static InputTransform parse(String name) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        if (n.equals("none") || n.isEmpty()) return NONE;
        String[] parts = n.split("_");
        Operator op = null;
        boolean sq = false, mask = false;
        for (String p : parts) {
            switch (p) {
                case "prewitt" -> op = Operator.PREWITT;
                case "sobel" -> op = Operator.SOBEL;
                case "sq" -> sq = true;
                case "mask" -> mask = true;
                default -> {
                    if (op != null) throw new IllegalArgumentException("transform: unknown part '" + p + "' in '" + name + "'");
                    // a leading dataset name such as 'eurosat' is allowed
                }
            }
        }
        if (op == null) throw new IllegalArgumentException("transform must name prewitt or sobel (or none), got '" + name + "'");
        return new InputTransform(op, sq, mask);
    }

    /** Every sample of {@code d} transformed; the identity returns {@code d} itself. */
    public org.spikeflow.data.Dataset apply(org.spikeflow.data.Dataset d) {
        if (operator == Operator.NONE) return d;
        float[][] out = new float[d.size()][];
        for (int i = 0; i < out.length; i++) out[i] = apply(d.samples()[i], d.shape());
        return d.with(d.name() + " (" + this + ")", out);
    }

    @Override
    public String toString() {
        if (operator == Operator.NONE) return "none";
        return operator.name().toLowerCase(Locale.ROOT) + (squared ? "_sq" : "") + (mask ? "_mask" : "");
    }

    public float[] apply(float[] x, Shape s) {
        if (operator == Operator.NONE) return x.clone();
        int h = s.height(), w = s.width(), c = s.channels();
        float center = operator == Operator.SOBEL ? 2f : 1f;
        double maxMag = (2 + center) * Math.sqrt(2);
        float[] out = new float[x.length];
        for (int y = 0; y < h; y++)
            for (int xx = 0; xx < w; xx++)
                for (int k = 0; k < c; k++) {
                    double gx = 0, gy = 0;
                    for (int d = -1; d <= 1; d++) {
                        float wgt = d == 0 ? center : 1f;
                        gx += wgt * (at(x, s, y + d, xx + 1, k) - at(x, s, y + d, xx - 1, k));
                        gy += wgt * (at(x, s, y + 1, xx + d, k) - at(x, s, y - 1, xx + d, k));
                    }
                    double m = Math.sqrt(gx * gx + gy * gy) / maxMag;
                    if (squared) m *= m;
                    int i = (y * w + xx) * c + k;
                    out[i] = mask ? (m != 0 ? x[i] : 0f) : (float) m;
                }
        return out;
    }

    private static float at(float[] x, Shape s, int y, int xx, int k) {
        if (y < 0 || xx < 0 || y >= s.height() || xx >= s.width()) return 0f;
        return x[(y * s.width() + xx) * s.channels() + k];
    }
}
