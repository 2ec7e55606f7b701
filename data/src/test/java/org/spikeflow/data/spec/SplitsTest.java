package org.spikeflow.data.spec;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Shape;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitsTest {
    /** 100 samples, value i, class i % 10. */
    static Dataset hundred() {
        float[][] x = new float[100][];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            x[i] = new float[] {i};
            y[i] = i % 10;
        }
        return new Dataset("d", Shape.flat(1), x, y, 10);
    }

    @Test
    void splitsAreDisjointEightyTenTenStratifiedAndSeeded() {
        Dataset d = hundred();
        int[][] s = Splits.stratified(d.labels(), 10, new double[] {0.8, 0.1, 0.1}, 4);
        assertEquals(80, s[0].length);
        assertEquals(10, s[1].length);
        assertEquals(10, s[2].length);
        Set<Integer> all = new HashSet<>();
        for (int[] part : s) for (int i : part) assertTrue(all.add(i));
        assertEquals(100, all.size());
        // Stratified: each class gives exactly one sample to validation and one to test.
        for (int k = 1; k < 3; k++) {
            int[] perClass = new int[10];
            for (int i : s[k]) perClass[d.labels()[i]]++;
            for (int c = 0; c < 10; c++) assertEquals(1, perClass[c], "class " + c + " in part " + k);
        }
        assertArrayEquals(s[2], Splits.stratified(d.labels(), 10, new double[] {0.8, 0.1, 0.1}, 4)[2], "seeded");
        assertTrue(!java.util.Arrays.equals(s[2], Splits.stratified(d.labels(), 10, new double[] {0.8, 0.1, 0.1}, 5)[2]),
            "another seed draws other samples");
        for (int[] part : s) for (int i = 1; i < part.length; i++) assertTrue(part[i - 1] < part[i], "parts keep stored order");
    }

    @Test
    void stratifiedSubsetKeepsClassProportionsOfAClassSortedDataset() {
        // A class-sorted dataset (like the MNIST subset's test file): the first 30 would be classes 0-2 only.
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) labels[i] = i / 10;
        int[] pick = Splits.stratifiedSubset(labels, 10, 30, 7);
        assertEquals(30, pick.length);
        int[] perClass = new int[10];
        for (int i : pick) perClass[labels[i]]++;
        for (int c = 0; c < 10; c++) assertEquals(3, perClass[c], "class " + c);
        // Unequal classes get largest-remainder quotas: 7 of 8:4:4 is 3.5, 1.75, 1.75 -> floors 3, 1, 1 and the two
        // places left go to the largest remainders (0.75, 0.75): 3, 2, 2.
        int[] uneven = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
        int[] q = new int[3];
        for (int i : Splits.stratifiedSubset(uneven, 3, 7, 1)) q[uneven[i]]++;
        assertArrayEquals(new int[] {3, 2, 2}, q);
        // 5 of 8:4:4 is 2.5, 1.25, 1.25 -> 2, 1, 1 and the one place left to class 0.
        int[] q5 = new int[3];
        for (int i : Splits.stratifiedSubset(uneven, 3, 5, 1)) q5[uneven[i]]++;
        assertArrayEquals(new int[] {3, 1, 1}, q5);
    }

    @Test
    void selectionTakesTheFirstOrAStratifiedSubset() {
        Dataset d = hundred();
        Dataset first = Selection.first(5).apply(d);
        for (int i = 0; i < 5; i++) assertEquals(i, first.samples()[i][0]);
        Dataset some = Selection.stratified(20, 3).apply(d);
        assertEquals(20, some.size());
        int[] perClass = new int[10];
        for (int y : some.labels()) perClass[y]++;
        for (int c : perClass) assertEquals(2, c);
        assertEquals(some.labels().length, Selection.stratified(20, 3).apply(d).labels().length);
        assertArrayEquals(some.labels(), Selection.stratified(20, 3).apply(d).labels());
    }
}
