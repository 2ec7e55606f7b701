package org.spikeflow.engine;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.GraphException;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;
import org.spikeflow.report.SegmentationScores;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiles cut from scenes, run through the network instantiated for the tile, stitched back. */
class TiledRunTest {
    /** The engine-suite UNet (8x8 input, 2x2 max pooling, transposed convolutions, skip concatenation). */
    private static Network unet() {
        return RandomNetworks.build(RandomNetworks.Topology.UNET, 3);
    }

    /** {@code n} scenes of {@code side x side} with masks of three classes. */
    private static Dataset scenes(int n, int side, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][side * side];
        byte[][] m = new byte[n][side * side];
        for (int s = 0; s < n; s++) {
            for (int p = 0; p < side * side; p++) {
                x[s][p] = r.nextDouble() < 0.4 ? 0f : (float) r.nextDouble();
                m[s][p] = (byte) r.nextInt(3);
            }
        }
        return new Dataset("scenes", Shape.chw(1, side, side), x, new int[n], 3, new Dataset.Masks(m, 3));
    }

    private static SimulationConfig config(int threads) {
        return SimulationConfig.builder().timesteps(12).checkpoints(4, 8, 12).encoder(EncoderKind.ANALOG).threads(threads).build();
    }

    @Test
    void axesStartEveryTileMinusOverlapAndSplitSharedRowsInTheMiddle() {
        Tiling t = Tiling.of(64, 40, 32, 16, 8, new int[] {4, 4});
        // rows: origins 0, 24, 32 (the last flush with the edge); owned [0,28) [28,44) [44,64)
        // columns: origins 0, 8, 16, 24; owned [0,12) [12,20) [20,28) [28,40)
        assertEquals(12, t.tiles());
        assertEquals(4, t.margin(), "half the overlap of 8");
        byte[] scene = new byte[64 * 40];
        Arrays.fill(scene, (byte) -1);
        for (int k = 0; k < t.tiles(); k++) {
            byte[] c = new byte[32 * 16];
            Arrays.fill(c, (byte) k);
            t.stitch(c, k, scene);
        }
        assertEquals(0, scene[27 * 40 + 11]);
        assertEquals(4, scene[28 * 40 + 11], "row 28 belongs to the second row of tiles");
        assertEquals(1, scene[27 * 40 + 12], "column 12 belongs to the second column of tiles");
        assertEquals(11, scene[63 * 40 + 39]);
        assertEquals(8, scene[44 * 40], "row 44 belongs to the last row of tiles");
        for (byte b : scene) assertTrue(b >= 0, "every pixel is owned by a tile");
        // Cutting and stitching a scene's own values gives the scene back, pixel for pixel.
        float[] x = new float[64 * 40 * 2];
        for (int i = 0; i < x.length; i++) x[i] = i;
        byte[] back = new byte[64 * 40];
        for (int k = 0; k < t.tiles(); k++) {
            float[] tile = t.cut(x, 2, k);
            byte[] c = new byte[32 * 16];
            for (int p = 0; p < c.length; p++) c[p] = (byte) ((int) tile[2 * p + 1] / 2 % 127);
            t.stitch(c, k, back);
        }
        for (int p = 0; p < back.length; p++) assertEquals((byte) (p % 127), back[p]);
    }

    @Test
    void networkResizedKeepsKernelsAndScalesEveryGrid() {
        Network net = unet();
        Network big = net.resized(32, 24);
        assertEquals(Shape.chw(4, 16, 12), big.population("down").shape());
        assertEquals(Shape.chw(3, 32, 24), big.output().shape());
        assertEquals(net.projections().size(), big.projections().size());
        assertArrayEquals(((ConvProjection) net.projections().get(0)).weights(), ((ConvProjection) big.projections().get(0)).weights());
        assertArrayEquals(new int[] {2, 2}, Tiling.alignment(net));
        // The 8x8 network, resized to 32x32 and back, computes what it computed.
        Dataset d = RandomNetworks.data(net, 3, 5);
        SimulationResult a = Engines.create(EngineKind.DENSE).run(net, d, config(1));
        SimulationResult b = Engines.create(EngineKind.DENSE).run(big.resized(8, 8), d, config(1));
        for (int s = 0; s < 3; s++) assertArrayEquals(a.pixelPredictions()[s][2], b.pixelPredictions()[s][2]);
        assertThrows(GraphException.class, () -> net.resized(9, 8), "9 rows do not pool to whole positions");
    }

    @Test
    void allToAllWeightsCannotRunOnAnotherSize() {
        Population in = Population.input("in", Shape.chw(1, 4, 4));
        Population out = Population.spiking("out", Shape.chw(1, 4, 4), NeuronParams.integrateAndFire(1f));
        Network dense = Network.builder("d").add(in).add(out).connect(new DenseProjection("fc", in, out, new float[256])).build();
        GraphException e = assertThrows(GraphException.class, () -> dense.resized(8, 8));
        assertTrue(e.getMessage().contains("fix their source's size"), e.getMessage());
    }

    @Test
    void tiledRunEqualsTheWholeSceneOnBothEnginesWhenTheOverlapCoversTheReceptiveField() {
        Network net = unet();
        Dataset data = scenes(3, 40, 11);
        Network whole = net.resized(40, 40);
        // Tiles of 24x24 every 4 positions: every pixel at least 10 positions inside the inner edges of its tile.
        Tiling tiling = Tiling.of(40, 40, 24, 24, 20, Tiling.alignment(net));
        assertEquals(25, tiling.tiles());
        assertEquals(10, tiling.margin());
        Network tileNet = net.resized(24, 24);
        for (EngineKind kind : EngineKind.values()) {
            SimulationResult ref = Engines.create(kind).run(whole, data, config(2));
            SimulationResult tiled = TiledRun.run(Engines.create(kind), tileNet, tiling, data, config(2));
            SimulationResult oneThread = TiledRun.run(Engines.create(kind), tileNet, tiling, data, config(1));
            boolean varied = false;
            for (int s = 0; s < data.size(); s++) {
                for (int k = 0; k < 3; k++) {
                    assertArrayEquals(ref.pixelPredictions()[s][k], tiled.pixelPredictions()[s][k], kind + " scene " + s + " checkpoint " + k);
                    assertArrayEquals(tiled.pixelPredictions()[s][k], oneThread.pixelPredictions()[s][k], "threads change nothing");
                }
                byte[] last = ref.pixelPredictions()[s][2];
                for (byte c : last) varied |= c != last[0];
            }
            assertTrue(varied, "the predictions vary over the pixels");
            Map<Integer, SegmentationScores> a = ref.segmentation(), b = tiled.segmentation();
            assertEquals(a, b, kind + " scores");
            // Spikes per scene count every tile: overlaps are computed more than once.
            assertTrue(tiled.totalSpikes() > ref.totalSpikes());
        }
        // The ANN reading, tile by tile, is the whole scene's too.
        PixelForward wholeAnn = new PixelForward(whole, null), tiledAnn = new PixelForward(tileNet, tiling);
        for (int s = 0; s < data.size(); s++) {
            byte[] a = new byte[1600], b = new byte[1600];
            wholeAnn.classes(data.samples()[s], a);
            tiledAnn.classes(data.samples()[s], b);
            assertArrayEquals(a, b, "ANN classes of scene " + s);
        }
    }

    @Test
    void tilesWithoutOverlapSeeTheirEdgesAsPadding() {
        // The control: with no overlap the pixels at inner tile edges lose their neighbours, so the result differs.
        Network net = unet();
        Dataset data = scenes(2, 32, 12);
        Tiling tiling = Tiling.of(32, 32, 16, 16, 0, Tiling.alignment(net));
        SimulationResult ref = Engines.create(EngineKind.DENSE).run(net.resized(32, 32), data, config(1));
        SimulationResult tiled = TiledRun.run(Engines.create(EngineKind.DENSE), net.resized(16, 16), tiling, data, config(1));
        boolean differs = false;
        for (int s = 0; s < 2; s++) differs |= !Arrays.equals(ref.pixelPredictions()[s][2], tiled.pixelPredictions()[s][2]);
        assertTrue(differs, "tile edges change the predictions near them");
    }

    @Test
    void tilesOffTheNetworksGridAreRefused() {
        int[] align = Tiling.alignment(unet());
        ConfigException odd = assertThrows(ConfigException.class, () -> Tiling.of(32, 32, 15, 16, 0, align));
        assertEquals("tile", odd.option());
        assertEquals("tile-overlap", assertThrows(ConfigException.class, () -> Tiling.of(32, 32, 16, 16, 3, align)).option());
        assertEquals("tile-overlap", assertThrows(ConfigException.class, () -> Tiling.of(32, 32, 16, 16, 16, align)).option());
        assertThrows(DataException.class, () -> Tiling.of(33, 32, 16, 16, 0, align));
        // A tile larger than the scene is the scene.
        assertEquals(1, Tiling.of(32, 32, 64, 64, 0, align).tiles());
    }

    /** A 3x3 then a 5x5 convolution with "same" padding over 16 x 16. */
    private static Network chain() {
        SplittableRandom r = new SplittableRandom(5);
        Population in = Population.input("in", Shape.chw(1, 16, 16));
        Population a = RandomNetworks.spiking(r, "a", Shape.chw(3, 16, 16));
        Population out = RandomNetworks.spiking(r, "out", Shape.chw(3, 16, 16));
        return Network.builder("chain").add(in).add(a).add(out)
            .connect(new ConvProjection("c3", in, a, 3, 1, 1, RandomNetworks.weights(r, 9 * 3, 1)))
            .connect(new ConvProjection("c5", a, out, 5, 1, 2, RandomNetworks.weights(r, 25 * 9, 1))).output(out).build();
    }

    @Test
    void receptiveRadiusAddsEachWindowsReachScaledByTheStridesBelowIt() {
        assertEquals(3, Tiling.receptiveRadius(chain()), "1 + 2 positions");
        // The engine-suite UNet, by hand at row 22 of a 40-row scene: the 3x3 decoder convolution reads rows 21..23 of
        // the transposed convolution (kernel 3, stride 2, padding 1), which row 23 takes from bottleneck rows 11..12;
        // the bottleneck's 3x3 reads pooled rows 10..13, i.e. encoder rows 20..27, i.e. input rows 19..28: 6 below.
        assertEquals(6, Tiling.receptiveRadius(unet().resized(40, 40)));
        assertEquals(6, Tiling.receptiveRadius(unet()), "the same at the converted size");
    }

    @Test
    void tilesEqualTheWholeSceneExactlyFromAMarginOfTheReceptiveRadius() {
        Network net = chain();
        Dataset data = scenes(10, 40, 21);
        PixelForward whole = new PixelForward(net.resized(40, 40), null);
        int radius = Tiling.receptiveRadius(net);
        int differing = 0;
        for (int overlap : new int[] {2 * radius, 2 * radius - 1}) {
            Tiling tiling = Tiling.of(40, 40, 16, 16, overlap, Tiling.alignment(net));
            assertEquals(overlap / 2, tiling.margin());
            PixelForward tiled = new PixelForward(net.resized(16, 16), tiling);
            int diff = 0;
            for (int s = 0; s < data.size(); s++) {
                byte[] a = new byte[1600], b = new byte[1600];
                whole.classes(data.samples()[s], a);
                tiled.classes(data.samples()[s], b);
                for (int p = 0; p < a.length; p++) diff += a[p] != b[p] ? 1 : 0;
            }
            if (overlap == 2 * radius) assertEquals(0, diff, "a margin of the radius sees every input the whole scene does");
            else differing = diff;
        }
        assertTrue(differing > 0, "a margin one short of the radius changes pixels next to inner tile edges");
        // The UNet's radius suffices too (its pooling gates make a margin one short rarely visible in the classes).
        Network unet = unet();
        Tiling tiling = Tiling.of(40, 40, 24, 24, 2 * Tiling.receptiveRadius(unet), Tiling.alignment(unet));
        PixelForward wholeUnet = new PixelForward(unet.resized(40, 40), null), tiledUnet = new PixelForward(unet.resized(24, 24), tiling);
        for (int s = 0; s < data.size(); s++) {
            byte[] a = new byte[1600], b = new byte[1600];
            wholeUnet.classes(data.samples()[s], a);
            tiledUnet.classes(data.samples()[s], b);
            assertArrayEquals(a, b, "UNet scene " + s);
        }
    }
}
