package org.spikeflow.training.data;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Shape;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataAugmentationTest {
    static final Shape GREY8 = Shape.chw(1, 8, 8);

    static float[] ramp() {
        float[] x = new float[64];
        for (int i = 0; i < 64; i++) x[i] = i / 63f;
        return x;
    }

    @Test
    void dihedralGroupGivesEightDistinctPermutations() {
        float[] x = ramp();
        Set<String> seen = new HashSet<>();
        float[] sorted = x.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < 8; k++) {
            float[] y = Augmentation.dihedral(x, GREY8, k);
            float[] s = y.clone();
            Arrays.sort(s);
            assertArrayEquals(sorted, s, "element " + k + " permutes pixels");
            seen.add(Arrays.toString(y));
        }
        assertEquals(8, seen.size());
        assertArrayEquals(x, Augmentation.dihedral(x, GREY8, 0));
        // Four quarter turns are the identity.
        float[] y = x;
        for (int i = 0; i < 4; i++) y = Augmentation.dihedral(y, GREY8, 1);
        assertArrayEquals(x, y);
    }

    @Test
    void fullSizeCropIsTheIdentityAndBrightnessShiftsWithinItsDelta() {
        float[] x = ramp();
        assertArrayEquals(x, Augmentation.zoom(x, GREY8, 1.0, 0.3, 0.7), 1e-6f);
        Augmentation a = new Augmentation(false, 1, 0.1, 1, 1, 0, 1, 1);
        float[] mid = new float[64];
        Arrays.fill(mid, 0.5f);
        float[] y = a.apply(mid, GREY8, new SplittableRandom(3));
        assertTrue(Math.abs(y[0] - 0.5f) <= 0.1f + 1e-6f && y[0] != 0.5f);
        for (float v : y) assertEquals(y[0], v, 1e-7f);
    }

    @Test
    void contrastKeepsTheMean() {
        float[] x = ramp();
        Augmentation.contrast(x, GREY8, 0.5f);
        double mean = 0;
        for (float v : x) mean += v;
        assertEquals(0.5, mean / 64, 1e-5);
        assertEquals(0.25f, x[0], 1e-5f);
    }

    @Test
    void augmentationIsReproducibleForASeed() {
        Augmentation a = new Augmentation(true, 0.7, 0.1, 0.8, 1.2, 0, 1, 1);
        assertArrayEquals(a.apply(ramp(), GREY8, new SplittableRandom(9)), a.apply(ramp(), GREY8, new SplittableRandom(9)));
    }

    @Test
    void badArgumentsAreRefusedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Augmentation(false, 0, 0, 1, 1, 0, 1, 1))
            .getMessage().startsWith("zoom"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Augmentation(false, -0.5, 0, 1, 1, 0, 1, 1))
            .getMessage().startsWith("zoom"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Augmentation(false, 1, 0, 1, 1, 0.6, 1, 1))
            .getMessage().startsWith("hue"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Augmentation(false, 1, 0, 1.2, 0.8, 0, 1, 1))
            .getMessage().startsWith("contrast"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> InputTransform.parse("laplace"))
            .getMessage().startsWith("transform"));
    }

    /** A vertical step from 0 to 1 between columns 3 and 4 of an 8x8 image. */
    static float[] step() {
        float[] x = new float[64];
        for (int y = 0; y < 8; y++) for (int c = 4; c < 8; c++) x[y * 8 + c] = 1f;
        return x;
    }

    @Test
    void prewittAndSobelEdgeMapsMatchAHandComputation() {
        // Interior row, column 3: gx = (1 + w + 1) * (1 - 0), gy = 0; normalized by (2 + w) * sqrt(2): 1/sqrt(2).
        float[] p = InputTransform.parse("prewitt").apply(step(), GREY8);
        float[] s = InputTransform.parse("sobel").apply(step(), GREY8);
        assertEquals(1 / Math.sqrt(2), p[3 * 8 + 3], 1e-6);
        assertEquals(1 / Math.sqrt(2), s[3 * 8 + 3], 1e-6);
        assertEquals(0f, p[3 * 8 + 1], "flat region");
        assertEquals(0.5, InputTransform.parse("prewitt_sq").apply(step(), GREY8)[3 * 8 + 3], 1e-6);
        float[] m = InputTransform.parse("eurosat_sobel_sq_mask").apply(step(), GREY8);
        assertEquals(1f, m[3 * 8 + 4], "edge pixel keeps its value");
        assertEquals(0f, m[3 * 8 + 6], "flat bright pixel is masked");
    }

    @Test
    void splitsAreDisjointEightyTenTenAndSeeded() {
        float[][] x = new float[100][];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            x[i] = new float[] {i};
            y[i] = i % 10;
        }
        Dataset d = new Dataset("d", Shape.flat(1), x, y, 10);
        Dataset[] s = Splits.split(d, 0.8, 0.1, 4);
        assertEquals(80, s[0].size());
        assertEquals(10, s[1].size());
        assertEquals(10, s[2].size());
        Set<Float> all = new HashSet<>();
        for (Dataset part : s) for (float[] v : part.samples()) assertTrue(all.add(v[0]));
        assertEquals(100, all.size());
        assertArrayEquals(s[2].labels(), Splits.split(d, 0.8, 0.1, 4)[2].labels());
    }
}
