package org.spikeflow.training.data;

import org.junit.jupiter.api.Test;
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
    }
}
