package org.spikeflow.data.spec;

import org.spikeflow.data.Dataset;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which samples of a part a command uses: all of them, the first {@code first} in stored order (the "first N
 * test images" benchmarks quote), or a seeded stratified subset of {@code limit} (every class in proportion; the
 * chosen samples keep their stored order).
 */
public record Selection(int first, int limit, long seed) {
    public static final Selection ALL = new Selection(0, 0, 0);

    public Selection {
        if (first < 0) throw new DataSpecException("first", "must be >= 0, got " + first);
        if (limit < 0) throw new DataSpecException("limit", "must be >= 0, got " + limit);
        if (first > 0 && limit > 0) throw new DataSpecException("limit", "and --first cannot be combined");
    }

    public static Selection first(int n) {
        return new Selection(n, 0, 0);
    }

    public static Selection stratified(int n, long seed) {
        return new Selection(0, n, seed);
    }

    public Dataset apply(Dataset d) {
        if (first > 0) {
            if (first >= d.size()) return d;
            return rename(d.limit(first), d.name() + ", first " + first);
        }
        if (limit > 0 && limit < d.size()) {
            int[] idx = Splits.stratifiedSubset(d.labels(), d.classes(), limit, seed);
            return rename(Splits.pick(d, idx), d.name() + ", " + limit + " stratified (seed " + seed + ")");
        }
        return d;
    }

    private static Dataset rename(Dataset d, String name) {
        return d.with(name, d.samples());
    }

    @Override
    public String toString() {
        return first > 0 ? "first " + first : limit > 0 ? limit + " stratified" : "all";
    }

    static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }

    static SplittableRandom random(long seed, long stream) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream);
    }
}
