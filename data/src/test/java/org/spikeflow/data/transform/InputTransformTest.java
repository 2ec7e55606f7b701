package org.spikeflow.data.transform;

import org.junit.jupiter.api.Test;
import org.spikeflow.graph.Shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputTransformTest {
    static final Shape GREY8 = Shape.chw(1, 8, 8);

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
    void unknownTransformIsRefusedWithItsName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> InputTransform.parse("laplace"))
            .getMessage().startsWith("transform"));
    }
}
