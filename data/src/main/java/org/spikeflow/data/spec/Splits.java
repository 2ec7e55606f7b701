package org.spikeflow.data.spec;

import org.spikeflow.data.Dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded, stratified divisions of a dataset; every part keeps its samples in stored order. */
public final class Splits {
    private Splits() {
    }

    /** A seeded random permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Indices of each class, in stored order. */
    static List<int[]> byClass(int[] labels, int classes) {
        int[] count = new int[Math.max(classes, 1)];
        for (int l : labels) count[l]++;
        List<int[]> out = new ArrayList<>();
        int[] fill = new int[count.length];
        for (int c : count) out.add(new int[c]);
        for (int i = 0; i < labels.length; i++) out.get(labels[i])[fill[labels[i]]++] = i;
        return out;
    }

    /**
     * Divides the samples into parts with the given fractions (summing to at most 1; the first part takes the
     * rest): within every class, a seeded shuffle, then each part takes its rounded share. Returns the sorted
     * indices of every part.
     */
    public static int[][] stratified(int[] labels, int classes, double[] fractions, long seed) {
        List<int[]> groups = byClass(labels, classes);
        List<List<Integer>> parts = new ArrayList<>();
        for (int k = 0; k < fractions.length; k++) parts.add(new ArrayList<>());
        for (int c = 0; c < groups.size(); c++) {
            int[] members = groups.get(c);
            int[] p = permutation(members.length, Selection.random(seed, c));
            int n = members.length;
            // Parts after the first take round(n * cumulative fraction) boundaries from the end.
            int end = n;
            double cumulative = 0;
            for (int k = fractions.length - 1; k >= 1; k--) {
                cumulative += fractions[k];
                int start = n - (int) Math.round(n * cumulative);
                start = Math.max(0, Math.min(end, start));
                for (int i = start; i < end; i++) parts.get(k).add(members[p[i]]);
                end = start;
            }
            for (int i = 0; i < end; i++) parts.get(0).add(members[p[i]]);
        }
        int[][] out = new int[fractions.length][];
        for (int k = 0; k < out.length; k++) {
            out[k] = parts.get(k).stream().mapToInt(Integer::intValue).toArray();
            Arrays.sort(out[k]);
        }
        return out;
    }

    /**
     * {@code n} of the samples, every class in proportion to its size (largest remainders, ties to the lower
     * class), drawn with a seeded shuffle within each class; sorted indices.
     */
    public static int[] stratifiedSubset(int[] labels, int classes, int n, long seed) {
        List<int[]> groups = byClass(labels, classes);
        int total = labels.length;
        int[] quota = new int[groups.size()];
        double[] rest = new double[groups.size()];
        int given = 0;
        for (int c = 0; c < quota.length; c++) {
            double exact = (double) n * groups.get(c).length / total;
            quota[c] = (int) Math.floor(exact);
            rest[c] = exact - quota[c];
            given += quota[c];
        }
        Integer[] order = new Integer[quota.length];
        for (int c = 0; c < order.length; c++) order[c] = c;
        Arrays.sort(order, (a, b) -> rest[a] != rest[b] ? Double.compare(rest[b], rest[a]) : Integer.compare(a, b));
        for (int k = 0; given < n && k < order.length; k++) {
            if (quota[order[k]] < groups.get(order[k]).length) {
                quota[order[k]]++;
                given++;
            }
        }
        int[] out = new int[given];
        int w = 0;
        for (int c = 0; c < groups.size(); c++) {
            int[] members = groups.get(c);
            int[] p = permutation(members.length, Selection.random(seed, 1_000_003L + c));
            for (int i = 0; i < quota[c]; i++) out[w++] = members[p[i]];
        }
        Arrays.sort(out);
        return out;
    }

    /** The samples at {@code indices}, in that order. */
    public static Dataset pick(Dataset d, int[] indices) {
        return d.pick(indices);
    }
}
