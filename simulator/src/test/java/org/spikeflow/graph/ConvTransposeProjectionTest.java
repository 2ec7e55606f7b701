package org.spikeflow.graph;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.graph.io.NetworkFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transposed convolution and nearest upsampling against hand computations. */
class ConvTransposeProjectionTest {
    private static float[] forward(Projection p) {
        return forward(p, null);
    }

    private static float[] forward(Projection p, float[] x) {
        float[] in = x;
        if (in == null) {
            in = new float[p.source().size()];
            for (int i = 0; i < in.length; i++) in[i] = i + 1;
        }
        float[] out = new float[p.target().size()];
        p.forward(in, out, new float[p.target().size()]);
        return out;
    }

    @Test
    void strideTwoKernelTwoPastesOneScaledKernelPerInputPixel() {
        // Input [[1, 2], [3, 4]], kernel [[1, 10], [100, 1000]]: each input pixel becomes its 2x2 block times the kernel.
        Population in = Population.input("in", Shape.chw(1, 2, 2));
        Population out = Population.spiking("out", Shape.chw(1, 4, 4), NeuronParams.IF_SOFT);
        var p = new ConvTransposeProjection("up", in, out, Window.square(2, 2, 0), 1, new float[] {1, 10, 100, 1000});
        assertArrayEquals(new float[] {
            1, 10, 2, 20,
            100, 1000, 200, 2000,
            3, 30, 4, 40,
            300, 3000, 400, 4000}, forward(p));
        assertEquals(16, p.connections());
        assertEquals(4, p.fanOut(0));
    }

    @Test
    void overlappingTapsAddAndPaddingCropsTheBorder() {
        // 1x3 input [1, 2, 3], 1x3 kernel [a, b, c] = [1, 10, 100], stride 2: full output has (3-1)*2 + 3 = 7 columns
        //   [1a, 1b, 1c + 2a, 2b, 2c + 3a, 3b, 3c] = [1, 10, 102, 20, 203, 30, 300];
        // padding 1 on the left and right crops one column each side: 5 columns.
        Population in = Population.input("in", Shape.chw(1, 1, 3));
        Population full = Population.spiking("full", Shape.chw(1, 1, 7), NeuronParams.IF_SOFT);
        Population cropped = Population.spiking("cropped", Shape.chw(1, 1, 5), NeuronParams.IF_SOFT);
        float[] k = {1, 10, 100};
        assertArrayEquals(new float[] {1, 10, 102, 20, 203, 30, 300},
            forward(new ConvTransposeProjection("a", in, full, new Window(1, 3, 1, 2, 0, 0, 1, 1), 1, k)));
        assertArrayEquals(new float[] {10, 102, 20, 203, 30},
            forward(new ConvTransposeProjection("b", in, cropped, new Window(1, 3, 1, 2, 0, 1, 1, 1), 1, k)));
    }

    @Test
    void outputPaddingAndDilationPlaceTapsWhereTheFormulaSays() {
        // 1x2 input [1, 2], kernel [1, 10] dilated 3, stride 2: columns ix*2 + kx*3 -> 1 at 0, 10 at 3, 2 at 2, 20 at 5;
        // the natural width is (2-1)*2 + 3*(2-1) + 1 = 6; output padding 1 adds a seventh column that nothing reaches.
        Population in = Population.input("in", Shape.chw(1, 1, 2));
        Population out = Population.spiking("out", Shape.chw(1, 1, 7), NeuronParams.IF_SOFT);
        var p = new ConvTransposeProjection("d", in, out, new Window(1, 2, 1, 2, 0, 0, 1, 3), 1, new float[] {1, 10});
        assertArrayEquals(new float[] {1, 0, 2, 10, 0, 20, 0}, forward(p));
    }

    @Test
    void channelsMixWithinGroupsOnly() {
        // 1x1 input with 4 channels [1, 2, 3, 4], 2 groups, 1x1 kernel, 2 output channels per group (4 in all).
        // Weights [ci][j]: group 0 (ci 0,1) -> channels 0,1; group 1 (ci 2,3) -> channels 2,3.
        Population in = Population.input("in", Shape.chw(4, 1, 1));
        Population out = Population.spiking("out", Shape.chw(4, 1, 1), NeuronParams.IF_SOFT);
        float[] w = {1, 10, 100, 1000, 2, 20, 200, 2000};
        var p = new ConvTransposeProjection("g", in, out, Window.square(1, 1, 0), 2, w);
        // channel 0 = 1*1 + 2*100, 1 = 1*10 + 2*1000, 2 = 3*2 + 4*200, 3 = 3*20 + 4*2000
        assertArrayEquals(new float[] {201, 2010, 806, 8060}, forward(p));
        assertEquals(8, p.connections());
        assertEquals(2, p.fanOut(3));
    }

    @Test
    void nearestUpsamplingRepeatsEveryPixelAndRelaysItsScale() {
        Population in = Population.input("in", Shape.chw(2, 2, 2));
        Population out = Population.spiking("out", Shape.chw(2, 4, 6), NeuronParams.IF_SOFT);
        var p = ConvTransposeProjection.nearestUpsampling("near", in, out, 2, 3);
        float[] y = forward(p);
        // HWC: source (iy, ix, c) = iy*4 + ix*2 + c + 1; target (y, x, c) reads (y / 2, x / 3, c).
        for (int yy = 0; yy < 4; yy++)
            for (int xx = 0; xx < 6; xx++)
                for (int c = 0; c < 2; c++) assertEquals((yy / 2) * 4 + (xx / 3) * 2 + c + 1, y[(yy * 6 + xx) * 2 + c], 0f);
        assertTrue(p.inheritsScale());
        assertFalse(new ConvTransposeProjection("t", in, out, new Window(2, 3, 2, 3, 0, 0, 1, 1), 2,
            new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2}).inheritsScale(), "a weight of 2 is no relay");
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void oneSpikeReachesItsKernelFootprintInBothEngines(EngineKind engine) {
        // 3x3 input, 3x3 kernel, stride 2, padding 1, output padding 1 -> 6x6; weights 10*ky + kx + 1 (1 channel).
        // Input (1, 2) reaches rows 1*2 - 1 + ky = 1..3 and columns 2*2 - 1 + kx = 3..5.
        Population in = Population.input("in", Shape.chw(1, 3, 3));
        Population up = Population.spiking("up", Shape.chw(1, 6, 6), NeuronParams.integrateAndFire(1f).withMaxSpikesPerStep(1000));
        Population out = Population.spiking("out", Shape.flat(1), NeuronParams.integrateAndFire(1f));
        float[] w = new float[9];
        for (int ky = 0; ky < 3; ky++) for (int kx = 0; kx < 3; kx++) w[ky * 3 + kx] = 10 * ky + kx + 1;
        Network n = Network.builder("t").add(in).add(up).add(out)
            .connect(new ConvTransposeProjection("k", in, up, new Window(3, 3, 2, 2, 1, 1, 1, 1), 1, w))
            .connect(new DenseProjection("fc", up, out, new float[36])).output(out).build();
        float[] img = new float[9];
        img[1 * 3 + 2] = 1f;
        int[] counts = new int[36];
        SpikeListener l = (sample, t, pop, idx, cnt, k) -> {
            if (pop == n.population("up").id()) for (int e = 0; e < k; e++) counts[idx[e]] += cnt[e];
        };
        SimulationResult r = Engines.create(engine).run(n, new Dataset("one", in.shape(), new float[][] {img}, new int[] {0}, 1),
            SimulationConfig.builder().timesteps(1).encoder(EncoderKind.ANALOG).listener(l).build());
        int[] expected = new int[36];
        for (int ky = 0; ky < 3; ky++) for (int kx = 0; kx < 3; kx++) expected[(1 + ky) * 6 + 3 + kx] = 10 * ky + kx + 1;
        assertArrayEquals(expected, counts);
        assertEquals(9, r.counters(n.population("up").id()).synops[0]);
        assertEquals(9, r.counters(n.population("up").id()).activeNeurons[0]);
    }

    @Test
    void networkFileKeepsGeometryGroupsAndWeights() {
        Population in = Population.input("in", Shape.chw(4, 3, 3));
        Population up = Population.spiking("up", Shape.chw(2, 6, 6), NeuronParams.IF_SOFT);
        float[] w = new float[9 * 4];
        for (int i = 0; i < w.length; i++) w[i] = i * 0.25f - 3;
        Network n = Network.builder("t").add(in).add(up)
            .connect(new ConvTransposeProjection("k", in, up, new Window(3, 3, 2, 2, 1, 1, 1, 1), 2, w)).output(up).build();
        Network back = NetworkFile.fromBytes(NetworkFile.toBytes(n), "t");
        var p = (ConvTransposeProjection) back.projections().get(0);
        assertEquals(2, p.groups());
        assertEquals(new Window(3, 3, 2, 2, 1, 1, 1, 1), p.window());
        assertArrayEquals(w, p.weights());
    }

    @Test
    void impossibleOutputSizeIsRefusedNamingTheProjection() {
        Population in = Population.input("in", Shape.chw(1, 2, 2));
        Population out = Population.spiking("out", Shape.chw(1, 7, 7), NeuronParams.IF_SOFT);
        GraphException e = assertThrows(GraphException.class, () -> Network.builder("t").add(in).add(out)
            .connect(new ConvTransposeProjection("up", in, out, Window.square(2, 2, 0), 1, new float[4])).output(out).build());
        assertTrue(e.getMessage().contains("'up'") && e.getMessage().contains("transposed"), e.getMessage());
        Population four = Population.spiking("four", Shape.chw(2, 4, 4), NeuronParams.IF_SOFT);
        GraphException g = assertThrows(GraphException.class, () -> Network.builder("t").add(in).add(four)
            .connect(new ConvTransposeProjection("up", in, four, Window.square(2, 2, 0), 2, new float[8])).output(four).build());
        assertTrue(g.getMessage().contains("groups 2"), g.getMessage());
    }
}
