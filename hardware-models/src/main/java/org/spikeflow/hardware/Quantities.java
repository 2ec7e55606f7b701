package org.spikeflow.hardware;

import java.util.Locale;
import java.util.Map;

/** Parses quantities with units ("23.6 pJ", "10 us", "1.2 W") and prints them with a fitting prefix. */
public final class Quantities {
    private static final Map<String, Double> ENERGY = Map.of("j", 1.0, "mj", 1e-3, "uj", 1e-6, "µj", 1e-6, "nj", 1e-9, "pj", 1e-12, "fj", 1e-15);
    private static final Map<String, Double> TIME = Map.of("s", 1.0, "ms", 1e-3, "us", 1e-6, "µs", 1e-6, "ns", 1e-9);
    private static final Map<String, Double> POWER = Map.of("w", 1.0, "mw", 1e-3, "uw", 1e-6, "µw", 1e-6, "kw", 1e3);

    public enum Dimension { ENERGY, TIME, POWER }

    private Quantities() {
    }

    /** A number (already in base units) or a string "value unit". */
    public static double parse(Object v, Dimension d, String where) {
        if (v == null) throw new ProfileException(where + ": missing value");
        if (v instanceof Number n) return n.doubleValue();
        String s = v.toString().trim();
        String[] parts = s.split("\\s+");
        double value;
        try {
            value = Double.parseDouble(parts.length == 2 ? parts[0] : s.replaceAll("[^0-9.eE+-].*$", ""));
        } catch (NumberFormatException e) {
            throw new ProfileException(where + ": not a number: '" + s + "'");
        }
        String unit = parts.length == 2 ? parts[1] : s.replaceAll("^[0-9.eE+-]+", "").trim();
        if (unit.isEmpty()) return value;
        Map<String, Double> table = switch (d) {
            case ENERGY -> ENERGY;
            case TIME -> TIME;
            case POWER -> POWER;
        };
        Double f = table.get(unit.toLowerCase(Locale.ROOT));
        if (f == null) throw new ProfileException(where + ": unknown " + d.name().toLowerCase(Locale.ROOT) + " unit '" + unit + "'");
        return value * f;
    }

    public static String energy(double joules) {
        return scaled(joules, "J");
    }

    public static String time(double seconds) {
        return scaled(seconds, "s");
    }

    private static String scaled(double v, String unit) {
        if (v == 0) return "0 " + unit;
        String[] p = {"", "m", "µ", "n", "p", "f"};
        double x = Math.abs(v);
        int k = 0;
        while (k < p.length - 1 && x < 1) {
            x *= 1000;
            k++;
        }
        return String.format(Locale.ROOT, "%.3g %s%s", Math.signum(v) * x, p[k], unit);
    }
}
