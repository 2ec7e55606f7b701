package org.spikeflow.graph;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one window geometry of convolution and pooling, against hand-worked cases and a brute-force enumeration. */
class WindowTest {

    @Test
    void cornerOutputOfAStridedPaddedKernelReadsOnlyTheTapsInsideTheInput() {
        // 3x3 kernel, stride 2, padding 1: 5x5 -> 3x3. Output (0,0) sits on source (-1..1, -1..1): taps (1,1), (1,2),
        // (2,1), (2,2), that is tap indices 4, 5, 7, 8, reading sources (0,0), (0,1), (1,0), (1,1).
        Window w = Window.square(3, 2, 1);
        Window.Taps in = w.fanIn(Shape.chw(1, 5, 5), Shape.chw(1, 3, 3));
        assertEquals(4, in.end(0) - in.begin(0));
        int[] sources = new int[4], taps = new int[4];
        for (int e = in.begin(0), k = 0; e < in.end(0); e++, k++) {
            sources[k] = in.position(e);
            taps[k] = in.tap(e);
        }
        assertArrayEquals(new int[] {0, 1, 5, 6}, sources, "ascending source positions");
        assertArrayEquals(new int[] {4, 5, 7, 8}, taps);
        // The centre output (1,1) reads the 3x3 block at (1..3, 1..3) through all nine taps.
        assertEquals(9, in.end(4) - in.begin(4));
        assertEquals(6, in.position(in.begin(4)));
        // Source (2,2) is read by outputs (0..2 where 2*o - 1 + k = 2): o = 1 through k = 1 only, per axis.
        Window.Taps out = w.fanOut(Shape.chw(1, 5, 5), Shape.chw(1, 3, 3));
        int p = 2 * 5 + 2;
        assertEquals(1, out.end(p) - out.begin(p));
        assertEquals(4, out.position(out.begin(p)));
        assertEquals(4, out.tap(out.begin(p)));
        // Source (1,1) is read by outputs 0 (tap 2) and 1 (tap 0) on each axis: four outputs.
        p = 5 + 1;
        assertEquals(4, out.end(p) - out.begin(p));
    }

    @Test
    void dilatedKernelSkipsSourcesBetweenItsTaps() {
        // 3x3 kernel, dilation 2, no padding: 7x7 -> 3x3; output (0,0) reads rows and columns 0, 2, 4.
        Window w = new Window(3, 3, 1, 1, 0, 0, 2, 2);
        Window.Taps in = w.fanIn(Shape.chw(1, 7, 7), Shape.chw(1, 3, 3));
        List<Integer> s = new ArrayList<>();
        for (int e = in.begin(0); e < in.end(0); e++) s.add(in.position(e));
        assertEquals(List.of(0, 2, 4, 14, 16, 18, 28, 30, 32), s);
    }

    @Test
    void tapTablesEqualABruteForceEnumerationOnRandomGeometries() {
        SplittableRandom r = new SplittableRandom(11);
        int checked = 0;
        while (checked < 300) {
            int kh = 1 + r.nextInt(5), kw = 1 + r.nextInt(5), sh = 1 + r.nextInt(3), sw = 1 + r.nextInt(3);
            int dh = 1 + r.nextInt(2), dw = 1 + r.nextInt(2), pt = r.nextInt(3), pl = r.nextInt(3);
            int ih = 1 + r.nextInt(12), iw = 1 + r.nextInt(12);
            int pb = r.nextInt(3), pr = r.nextInt(3);
            int oh = Window.outputSize(ih, kh, sh, pt, pb, dh), ow = Window.outputSize(iw, kw, sw, pl, pr, dw);
            if (oh < 1 || ow < 1) continue;
            Window w = new Window(kh, kw, sh, sw, pt, pl, dh, dw);
            Shape src = Shape.chw(2, ih, iw), dst = Shape.chw(3, oh, ow);
            if (w.mismatch(src, dst) != null) continue;
            Window.Taps in = w.fanIn(src, dst);
            Window.Taps out = w.fanOut(src, dst);
            long pairs = 0;
            List<List<long[]>> reach = new ArrayList<>();
            for (int i = 0; i < ih * iw; i++) reach.add(new ArrayList<>());
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    List<long[]> expected = new ArrayList<>();
                    for (int ky = 0; ky < kh; ky++) {
                        for (int kx = 0; kx < kw; kx++) {
                            int iy = oy * sh - pt + ky * dh, ix = ox * sw - pl + kx * dw;
                            if (iy < 0 || iy >= ih || ix < 0 || ix >= iw) continue;
                            expected.add(new long[] {iy * iw + ix, ky * kw + kx});
                            reach.get(iy * iw + ix).add(new long[] {oy * ow + ox, ky * kw + kx});
                        }
                    }
                    expected.sort((a, b) -> Long.compare(a[0], b[0]));
                    int o = oy * ow + ox;
                    assertEquals(expected.size(), in.end(o) - in.begin(o), w + " output " + o);
                    for (int k = 0; k < expected.size(); k++) {
                        assertEquals(expected.get(k)[0], in.position(in.begin(o) + k), w + " output " + o + " entry " + k);
                        assertEquals(expected.get(k)[1], in.tap(in.begin(o) + k), w + " output " + o + " entry " + k);
                    }
                    pairs += expected.size();
                }
            }
            assertEquals(pairs, in.total());
            assertEquals(pairs, out.total());
            assertEquals(pairs, w.validTaps(src, dst), w + ": valid taps");
            for (int i = 0; i < ih * iw; i++) {
                List<long[]> expected = reach.get(i);
                assertEquals(expected.size(), out.end(i) - out.begin(i), w + " source " + i);
                for (int k = 0; k < expected.size(); k++) {
                    assertEquals(expected.get(k)[0], out.position(out.begin(i) + k), w + " source " + i + " entry " + k);
                    assertEquals(expected.get(k)[1], out.tap(out.begin(i) + k), w + " source " + i + " entry " + k);
                }
            }
            checked++;
        }
    }

    @Test
    void aTargetTheWindowCannotProduceIsNamedWithItsGeometry() {
        Window w = Window.square(3, 1, 1);
        assertNull(w.mismatch(Shape.chw(4, 8, 8), Shape.chw(4, 8, 8)), "same padding fits");
        String m = w.mismatch(Shape.chw(4, 8, 8), Shape.chw(4, 5, 8));
        assertNotNull(m);
        assertTrue(m.contains("3x3") && m.contains("stride 1x1") && m.contains("padding 1/1"), m);
        assertNotNull(new Window(0, 3, 1, 1, 0, 0, 1, 1).mismatch(Shape.chw(1, 4, 4), Shape.chw(1, 4, 2)));
    }
}
