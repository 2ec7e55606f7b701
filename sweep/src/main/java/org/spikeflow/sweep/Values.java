package org.spikeflow.sweep;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Typed reading of the values SnakeYAML's safe constructor produces (strings, numbers, booleans, lists,
 * mappings). Every failure is a {@link StudyException} whose message is {@code where: problem, got VALUE}; the
 * caller's {@code where} names the file and the key path or configuration.
 */
final class Values {
    /** Largest number of values one range may produce. */
    static final int MAX_RANGE = 10_000;

    private Values() {
    }

    static StudyException fail(String where, String problem, Object value) {
        return new StudyException(where + ": " + problem + ", got " + show(value));
    }

    /** A value as the study file spells it (strings quoted). */
    static String show(Object v) {
        if (v == null) return "nothing";
        if (v instanceof String s) return "'" + s + "'";
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + ": " + show(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        }
        if (v instanceof List<?> l) return l.stream().map(Values::show).collect(Collectors.joining(", ", "[", "]"));
        return String.valueOf(v);
    }

    /** A value in the compact form used in configuration names ({@code 99.9}, {@code channel}). */
    static String plain(Object v) {
        if (v instanceof List<?> l) return l.stream().map(Values::plain).collect(Collectors.joining(",", "[", "]"));
        return String.valueOf(v);
    }

    /** The mapping at {@code where}, with keys normalized (dashes to underscores) and checked against {@code known}. */
    static Map<String, Object> mapping(String where, Object value, Set<String> known) {
        if (!(value instanceof Map<?, ?> raw)) throw fail(where, "expected a mapping", value);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (!(e.getKey() instanceof String k)) throw fail(where, "keys must be names", e.getKey());
            String key = k.trim().replace('-', '_');
            if (known != null && !known.contains(key)) {
                throw new StudyException(where + ": unknown key '" + k + "' (known: " + String.join(", ", sorted(known)) + ")");
            }
            if (out.containsKey(key)) throw new StudyException(where + ": key '" + k + "' given twice");
            out.put(key, e.getValue());
        }
        return out;
    }

    /** A mapping whose keys are names the study chooses (model labels): kept as written. */
    static Map<String, Object> labels(String where, Object value) {
        if (!(value instanceof Map<?, ?> raw)) throw fail(where, "expected a mapping", value);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (!(e.getKey() instanceof String k)) throw fail(where, "keys must be names", e.getKey());
            out.put(k.trim(), e.getValue());
        }
        return out;
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }

    static String string(String where, Object v) {
        if (v instanceof String s && !s.isBlank()) return s.trim();
        throw fail(where, "expected a non-empty string", v);
    }

    static int integer(String where, Object v) {
        if (v instanceof Integer i) return i;
        if (v instanceof Long l && l == (int) (long) l) return (int) (long) l;
        if (v instanceof BigInteger || v instanceof Long) throw fail(where, "is too large", v);
        throw fail(where, "expected an integer", v);
    }

    static long longValue(String where, Object v) {
        if (v instanceof Integer i) return i;
        if (v instanceof Long l) return l;
        throw fail(where, "expected an integer", v);
    }

    static double number(String where, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) return d;
        }
        throw fail(where, "expected a finite number", v);
    }

    static boolean bool(String where, Object v) {
        if (v instanceof Boolean b) return b;
        throw fail(where, "expected true or false", v);
    }

    /** The command line's spelling of a constant: lower case, dashes ({@code CHANNEL_PERCENTILE} is {@code channel-percentile}). */
    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} spelled like on the command line (case-insensitive, dashes or underscores), or one
     * of the aliases; {@code allowed} limits the choices (null for all).
     */
    static <E extends Enum<E>> E enumValue(String where, Object v, Class<E> type, Map<String, E> aliases, Set<E> allowed) {
        List<E> choices = Arrays.stream(type.getEnumConstants()).filter(e -> allowed == null || allowed.contains(e)).toList();
        String listed = choices.stream().map(Values::name).collect(Collectors.joining(", "))
            + (aliases.isEmpty() ? "" : " (or " + String.join(", ", aliases.keySet()) + ")");
        if (!(v instanceof String s)) throw fail(where, "expected one of " + listed, v);
        String key = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        E found = aliases.get(key);
        for (E e : choices) if (name(e).equals(key)) found = e;
        if (found == null || !choices.contains(found)) throw fail(where, "expected one of " + listed, v);
        return found;
    }

    /**
     * The values of one grid axis: a scalar is one value, a list is its elements, a mapping {@code {from, to, step}}
     * (arithmetic, step 1 by default) or {@code {from, to, times}} (geometric) is a range; list elements may be ranges.
     */
    static List<Object> axis(String where, Object v) {
        List<Object> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            if (l.isEmpty()) throw fail(where, "an empty list gives no configurations", v);
            for (int i = 0; i < l.size(); i++) {
                Object e = l.get(i);
                if (e instanceof List<?>) throw fail(where + "[" + i + "]", "expected a value or a range", e);
                out.addAll(e instanceof Map<?, ?> ? range(where + "[" + i + "]", e) : List.of(scalar(where + "[" + i + "]", e)));
            }
        } else if (v instanceof Map<?, ?>) {
            out.addAll(range(where, v));
        } else {
            out.add(scalar(where, v));
        }
        return out;
    }

    private static Object scalar(String where, Object v) {
        if (v == null) throw fail(where, "expected a value", v);
        return v;
    }

    /** The numbers of a range mapping, integers when from, to and step are integers. */
    static List<Object> range(String where, Object v) {
        Map<String, Object> m = mapping(where, v, Set.of("from", "to", "step", "times"));
        if (!m.containsKey("from") || !m.containsKey("to")) throw fail(where, "a range needs 'from' and 'to'", v);
        if (m.containsKey("step") && m.containsKey("times")) throw fail(where, "a range takes 'step' or 'times', not both", v);
        double from = number(where + ".from", m.get("from"));
        double to = number(where + ".to", m.get("to"));
        if (from > to) throw fail(where, "'from' must not exceed 'to'", v);
        boolean integers = isInteger(m.get("from")) && isInteger(m.get("to"))
            && (m.containsKey("times") || !m.containsKey("step") || isInteger(m.get("step")));
        List<Object> out = new ArrayList<>();
        if (m.containsKey("times")) {
            double times = number(where + ".times", m.get("times"));
            if (!(times > 1)) throw fail(where + ".times", "must be greater than 1", m.get("times"));
            if (!(from > 0)) throw fail(where + ".from", "must be positive for a geometric range", m.get("from"));
            for (double x = from; x <= to * (1 + 1e-12); x *= times) {
                out.add(integers ? (Object) (int) Math.round(x) : round(x));
                if (out.size() > MAX_RANGE) throw fail(where, "gives more than " + MAX_RANGE + " values", v);
            }
            if (integers) out = new ArrayList<>(out.stream().distinct().toList());
        } else {
            double step = m.containsKey("step") ? number(where + ".step", m.get("step")) : 1;
            if (!(step > 0)) throw fail(where + ".step", "must be positive", m.get("step"));
            if ((to - from) / step > MAX_RANGE) throw fail(where, "gives more than " + MAX_RANGE + " values", v);
            for (long i = 0; from + i * step <= to + step * 1e-9; i++) {
                double x = from + i * step;
                out.add(integers ? (Object) (int) Math.round(x) : round(x));
            }
        }
        return out;
    }

    private static boolean isInteger(Object v) {
        return v instanceof Integer || v instanceof Long;
    }

    /** Removes the binary noise of {@code from + i * step} (99 + 3 * 0.3 is 99.9, not 99.89999999999999). */
    private static double round(double x) {
        return new BigDecimal(x).round(new java.math.MathContext(12)).stripTrailingZeros().doubleValue();
    }
}
