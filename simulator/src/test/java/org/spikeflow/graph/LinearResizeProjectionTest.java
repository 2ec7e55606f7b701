package org.spikeflow.graph;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.io.NetworkFile;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bilinear upsampling against hand computations of each coordinate mode. */
class LinearResizeProjectionTest {
    /** in (C, 2, 2) -> bilinear x2 -> integrating out (C, 4, 4): the rate reading is the interpolation itself. */
    private static Network net(int channels, LinearResizeProjection.Mode mode) {
        Population in = Population.input("in", Shape.chw(channels, 2, 2));
        Population out = Population.spiking("out", Shape.chw(channels, 4, 4), NeuronParams.integrateAndFire(Float.POSITIVE_INFINITY));
        return Network.builder("up").add(in).add(out).connect(new LinearResizeProjection("up", in, out, 2, 2, mode)).output(out).build();
    }

    private static float[] up(Network net, float[] x) {
        return new AnalogForward(net).logits(x).clone();
    }

    @Test
    void halfPixelInterpolatesAsPyTorchWithoutAlignCorners() {
        // [[1, 2], [3, 4]] upsampled x2: F.interpolate(mode="bilinear", align_corners=False) gives these rows.
        float[] e = {1f, 1.25f, 1.75f, 2f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3f, 3.25f, 3.75f, 4f};
        assertArrayEquals(e, up(net(1, LinearResizeProjection.Mode.HALF_PIXEL), new float[] {1, 2, 3, 4}), 1e-6f);
        LinearResizeProjection p = (LinearResizeProjection) net(1, LinearResizeProjection.Mode.HALF_PIXEL).projections().get(0);
        // Target (1, 2) reads rows 0 and 1 with 3/4 and 1/4, columns 0 and 1 with 1/4 and 3/4.
        assertEquals(0.75f * 0.25f, p.weight(1, 2, 0, 0), 0f);
        assertEquals(0.25f * 0.75f, p.weight(1, 2, 1, 1), 0f);
        assertEquals(1f, p.weight(0, 0, 0, 0), 0f, "the corner reads only its own pixel (clamped neighbours)");
        assertEquals(4 + 8 * 2 + 4 * 4, p.connections(), "4 corners of 1, 8 edge pixels of 2, 4 inner pixels of 4 sources");
    }

    @Test
    void alignCornersAndAsymmetricMapCoordinatesTheirWay() {
        float t = 1f / 3;
        // align_corners: rows read y = o / 3 (0, 1/3, 2/3, 1).
        float[] corners = {1, 1 + t, 1 + 2 * t, 2, 1 + 2 * t, 2, 2 + t, 2 + 2 * t, 2 + t, 2 + 2 * t, 3, 3 + t, 3, 3 + t, 3 + 2 * t, 4};
        assertArrayEquals(corners, up(net(1, LinearResizeProjection.Mode.ALIGN_CORNERS), new float[] {1, 2, 3, 4}), 1e-6f);
        // asymmetric: y = o / 2 (0, 0.5, 1, 1.5 -> clamped to the last row).
        float[] asym = {1, 1.5f, 2, 2, 2, 2.5f, 3, 3, 3, 3.5f, 4, 4, 3, 3.5f, 4, 4};
        assertArrayEquals(asym, up(net(1, LinearResizeProjection.Mode.ASYMMETRIC), new float[] {1, 2, 3, 4}), 1e-6f);
    }

    @Test
    void channelsStayApartAndGainsScaleTheirChannel(@TempDir Path dir) {
        Network n = net(2, LinearResizeProjection.Mode.HALF_PIXEL);
        LinearResizeProjection p = (LinearResizeProjection) n.projections().get(0);
        assertTrue(p.inheritsScale(), "unit gains relay the source's scale");
        // Channels-last input: channel 0 = [1, 2, 3, 4], channel 1 = 10x that.
        float[] x = {1, 10, 2, 20, 3, 30, 4, 40};
        float[] y = up(n, x);
        for (int q = 0; q < 16; q++) assertEquals(10 * y[2 * q], y[2 * q + 1], 1e-4f);
        LinearResizeProjection g = p.normalized(new float[] {1f, 3f}, new float[] {2f, 1f});
        assertTrue(!g.inheritsScale());
        Population in = n.input().copy(), out = n.output().copy();
        Network scaled = Network.builder("g").add(in).add(out).connect(g.rewire(in, out)).output(out).build();
        float[] z = up(scaled, x);
        for (int q = 0; q < 16; q++) {
            assertEquals(0.5f * y[2 * q], z[2 * q], 1e-5f);
            assertEquals(3f * y[2 * q + 1], z[2 * q + 1], 1e-4f);
        }
        assertTrue(g == g.positivePart(), "interpolation weights and positive gains are their own positive part");
        // The network file keeps factors, mode and gains.
        Path f = dir.resolve("g.snn");
        NetworkFile.write(scaled, f);
        Network back = NetworkFile.read(f);
        assertArrayEquals(z, up(back, x), 0f);
        assertEquals("bilinear x2x2 half-pixel", back.projections().get(0).geometry());
    }

    @Test
    void resizedNetworksKeepTheInterpolationExceptAlignCorners() {
        Network half = net(1, LinearResizeProjection.Mode.HALF_PIXEL).resized(4, 6);
        assertEquals(Shape.chw(1, 8, 12), half.output().shape());
        GraphException e = assertThrows(GraphException.class, () -> net(1, LinearResizeProjection.Mode.ALIGN_CORNERS).resized(4, 4));
        assertTrue(e.getMessage().contains("align-corners"), e.getMessage());
    }

    @Test
    void targetsOfAnotherSizeAreRefused() {
        Population in = Population.input("in", Shape.chw(1, 2, 2));
        Population out = Population.spiking("out", Shape.chw(1, 4, 5), NeuronParams.integrateAndFire(1f));
        GraphException e = assertThrows(GraphException.class, () -> Network.builder("bad").add(in).add(out)
            .connect(new LinearResizeProjection("up", in, out, 2, 2, LinearResizeProjection.Mode.HALF_PIXEL)).build());
        assertTrue(e.getMessage().contains("shape mismatch"), e.getMessage());
    }
}
