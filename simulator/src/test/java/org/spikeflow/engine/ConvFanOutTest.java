package org.spikeflow.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-computed convolution fan-out at the borders with stride 2 and padding 1. The target neurons are
 * multi-spike IF neurons with threshold 1, so the spike count of each one after a single input spike equals
 * the integer weight it received.
 */
class ConvFanOutTest {
    /** 1 channel 5x5 input, 3x3 kernel, stride 2, padding 1 -> 3x3 output with 2 channels. */
    private static Network net() {
        Population in = Population.input("in", Shape.chw(1, 5, 5));
        Population conv = Population.spiking("conv", Shape.chw(2, 3, 3),
            NeuronParams.integrateAndFire(1f).withMaxSpikesPerStep(1000));
        Population out = Population.spiking("out", Shape.flat(1), NeuronParams.integrateAndFire(1f));
        float[] w = new float[3 * 3 * 1 * 2];
        for (int ky = 0; ky < 3; ky++)
            for (int kx = 0; kx < 3; kx++)
                for (int co = 0; co < 2; co++) w[((ky * 3 + kx)) * 2 + co] = 10 * ky + kx + 100 * co;
        return Network.builder("fanout").add(in).add(conv).add(out)
            .connect(new ConvProjection("k", in, conv, 3, 2, 1, w))
            .connect(new DenseProjection("fc", conv, out, new float[18])).output(out).build();
    }

    private static int[] countsAfterOneSpike(EngineKind engine, int y, int x, long[] synops) {
        Network n = net();
        float[] img = new float[25];
        img[y * 5 + x] = 1f;
        Dataset d = new Dataset("one", Shape.chw(1, 5, 5), new float[][] {img}, new int[] {0}, 1);
        int[] counts = new int[18];
        SpikeListener l = (sample, t, pop, idx, cnt, k) -> {
            if (pop == n.population("conv").id()) for (int e = 0; e < k; e++) counts[idx[e]] += cnt[e];
        };
        SimulationResult r = Engines.create(engine).run(n, d,
            SimulationConfig.builder().timesteps(1).encoder(EncoderKind.ANALOG).listener(l).build());
        synops[0] = r.counters(n.population("conv").id()).synops[0];
        synops[1] = r.counters(n.population("conv").id()).activeNeurons[0];
        return counts;
    }

    private static int[] expected(int[][] outputsAndTaps) {
        int[] e = new int[18];
        for (int[] o : outputsAndTaps) {
            int oy = o[0], ox = o[1], ky = o[2], kx = o[3];
            e[(oy * 3 + ox) * 2] = 10 * ky + kx;
            e[(oy * 3 + ox) * 2 + 1] = 10 * ky + kx + 100;
        }
        return e;
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void cornerSpikeReachesOnlyTheFirstOutputThroughTheCentreTap(EngineKind engine) {
        long[] ops = new long[2];
        // Input (0,0): oy*2 - 1 + ky = 0 -> only oy=0 with ky=1; same for x.
        assertArrayEquals(expected(new int[][] {{0, 0, 1, 1}}), countsAfterOneSpike(engine, 0, 0, ops));
        assertEquals(2, ops[0], "synops = 1 tap x 2 channels");
        assertEquals(2, ops[1], "touched neurons");
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void oddPositionSpikeReachesFourOutputsThroughCornerTaps(EngineKind engine) {
        long[] ops = new long[2];
        // Input (1,1): ky = 2 - 2*oy -> (oy=0, ky=2), (oy=1, ky=0); likewise for x.
        assertArrayEquals(expected(new int[][] {{0, 0, 2, 2}, {0, 1, 2, 0}, {1, 0, 0, 2}, {1, 1, 0, 0}}),
            countsAfterOneSpike(engine, 1, 1, ops));
        assertEquals(8, ops[0]);
        assertEquals(8, ops[1]);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void bottomRightSpikeUsesTheTopLeftTapsOfTheLastOutputs(EngineKind engine) {
        long[] ops = new long[2];
        // Input (4,4): ky = 5 - 2*oy -> oy=2, ky=1 (oy=1 would need ky=3); same for x.
        assertArrayEquals(expected(new int[][] {{2, 2, 1, 1}}), countsAfterOneSpike(engine, 4, 4, ops));
        assertEquals(2, ops[0]);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void edgeSpikeOnEvenColumnFansOutAlongOneAxisOnly(EngineKind engine) {
        long[] ops = new long[2];
        // Input (3,2): ky = 4 - 2*oy -> (oy=1, ky=2), (oy=2, ky=0); kx = 3 - 2*ox -> (ox=1, kx=1).
        assertArrayEquals(expected(new int[][] {{1, 1, 2, 1}, {2, 1, 0, 1}}), countsAfterOneSpike(engine, 3, 2, ops));
        assertEquals(4, ops[0]);
    }
}
