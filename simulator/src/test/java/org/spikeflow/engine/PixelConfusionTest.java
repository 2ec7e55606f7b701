package org.spikeflow.engine;

import org.junit.jupiter.api.Test;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;
import org.spikeflow.report.SegmentationScores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segmentation scores and the per-pixel read-out against hand computations. */
class PixelConfusionTest {

    @Test
    void scoresFollowTheirDefinitionsOnAHandCountedExample() {
        // 3 classes (0 background). Truth / prediction over 10 pixels in two samples:
        //   truth 0 0 0 0 1 1 1 | 2 2 0      pred 0 0 1 0 1 1 2 | 2 0 0
        // confusion (t, q): (0,0)=4 (0,1)=1 (1,1)=2 (1,2)=1 (2,2)=1 (2,0)=1
        PixelConfusion m = new PixelConfusion(4);
        m.add(new byte[] {0, 0, 0, 0, 1, 1, 1}, new byte[] {0, 0, 1, 0, 1, 1, 2});
        m.add(new byte[] {2, 2, 0}, new byte[] {2, 0, 0});
        SegmentationScores s = m.scores();
        assertEquals(7 / 10.0, s.pixelAccuracy(), 1e-12);
        // IoU0 = 4 / (5 + 5 - 4) = 4/6; IoU1 = 2 / (3 + 3 - 2) = 2/4; IoU2 = 1 / (2 + 2 - 1) = 1/3; class 3 absent.
        assertEquals(4 / 6.0, s.classIou().get(0), 1e-12);
        assertEquals(2 / 4.0, s.classIou().get(1), 1e-12);
        assertEquals(1 / 3.0, s.classIou().get(2), 1e-12);
        assertNull(s.classIou().get(3));
        assertEquals((4 / 6.0 + 2 / 4.0 + 1 / 3.0) / 3, s.meanIou(), 1e-12);
        // Foreground: TP = objects predicted as any object = 2 + 1 + 1 = 4, FP = 1 (background as 1), FN = 1 (2 as 0).
        assertEquals(4 / 6.0, s.foregroundJaccard(), 1e-12);
        assertEquals(8 / 10.0, s.foregroundF1(), 1e-12);
    }

    @Test
    void logitsGiveTheBestChannelPerPixelOrTheSignOfOneChannel() {
        byte[] out = new byte[3];
        // HWC: pixel 0 channels (0.1, 0.5, -1), pixel 1 (2, 1, 0), pixel 2 (0, 0, 3)
        PixelConfusion.classesOf(new float[] {0.1f, 0.5f, -1f, 2f, 1f, 0f, 0f, 0f, 3f}, 3, out);
        assertArrayEquals(new byte[] {1, 0, 2}, out);
        PixelConfusion.classesOf(new float[] {-0.5f, 0.25f, 0f}, 1, out);
        assertArrayEquals(new byte[] {0, 1, 0}, out, "sigmoid > 0.5 exactly where the logit is > 0");
    }

    @Test
    void membraneReadOutPredictsEveryPixelFromItsOwnChannels() {
        Population out = Population.spiking("out", Shape.chw(2, 1, 3), NeuronParams.integrateAndFire(Float.POSITIVE_INFINITY));
        assertTrue(Readout.perPixel(out));
        assertFalse(Readout.perPixel(Population.spiking("flat", Shape.flat(10), NeuronParams.IF_SOFT)));
        Readout r = new Readout(ReadoutMode.MEMBRANE, out);
        byte[] classes = new byte[3];
        r.predictPixels(new float[] {1f, 2f, 5f, -1f, 0f, 0.5f}, classes);
        assertArrayEquals(new byte[] {1, 0, 1}, classes);
    }
}
