package org.spikeflow.engine;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.MaxPoolProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.Window;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BrainCog's lateral-inhibition pooling (LIPooling, Li and Zeng, IJCAI 2022) against the running-maximum gate that
 * {@code snn convert --max-pool lipool} selects. LIPooling keeps, per window, an inhibited copy of every input's
 * accumulated count: each step the copies add the step's input spikes, the output emits the largest copy, and the
 * emission is subtracted from every copy of the window. Overlapping windows each keep their own copies (a window's
 * emission inhibits its own view of a shared input, not its neighbour's). The traces below are computed by hand
 * with that recurrence; {@link #lateralInhibition} is the same recurrence written out, used on random trains.
 */
class LateralInhibitionPoolingTest {

    /** Input spike trains [t][input] into a pool of {@code window}, through both engines: the pool's spikes [t][output]. */
    private static int[][][] pooled(Shape in, Shape out, Window window, float[][] train) {
        Network net = network(in, out, window);
        int steps = train.length;
        float[] sample = new float[steps * in.size()];
        for (int t = 0; t < steps; t++) System.arraycopy(train[t], 0, sample, t * in.size(), in.size());
        Dataset d = new Dataset("trains", in, new float[][] {sample}, new int[1], 1);
        int[][][] both = new int[2][][];
        for (EngineKind engine : new EngineKind[] {EngineKind.DENSE, EngineKind.EVENT}) {
            SpikeRecord rec = new SpikeRecord(net);
            SimulationConfig cfg = SimulationConfig.builder().timesteps(steps).encoder(EncoderKind.SPIKE_TRAIN)
                .listener(rec).readout(ReadoutMode.SPIKE_COUNT).build();
            Engines.create(engine).run(net, d, cfg);
            int pool = net.population("pool").id();
            int[][] s = new int[steps][];
            for (int t = 0; t < steps; t++) {
                int[] c = rec.counts.get("0/" + t + "/" + pool);
                s[t] = c == null ? new int[out.size()] : c;
            }
            both[engine == EngineKind.DENSE ? 0 : 1] = s;
        }
        return both;
    }

    private static Network network(Shape in, Shape out, Window window) {
        Population input = Population.input("in", in);
        Population pool = Population.maxPool("pool", out);
        Population readout = Population.spiking("out", Shape.flat(1), NeuronParams.IF_SOFT);
        float[] ones = new float[out.size()];
        Arrays.fill(ones, 1f);
        return Network.builder("lipool").add(input).add(pool).add(readout)
            .connect(new MaxPoolProjection("p", input, pool, window, 0, MaxPoolProjection.Rule.RUNNING_MAX))
            .connect(new DenseProjection("d", pool, readout, ones))
            .output(readout).build();
    }

    private static void assertPools(int[][] expected, int[][][] engines) {
        for (int t = 0; t < expected.length; t++) {
            assertArrayEquals(expected[t], engines[0][t], "dense reference, step " + t);
            assertArrayEquals(expected[t], engines[1][t], "event engine, step " + t);
        }
    }

    @Test
    void twoByTwoStrideTwoEmitsTheInhibitedWindowMaximum() {
        // 1x2x4 input, row-major p0..p7; window A = {p0, p1, p4, p5}, window B = {p2, p3, p6, p7}.
        float[][] train = {
            {0, 1, 0, 0, 0, 0, 2, 0}, // A copies (p0 p1 p4 p5) 0 1 0 0 -> emits 1 -> -1 0 -1 -1; B 0 0 2 0 -> 2 -> -2 -2 0 -2
            {1, 0, 0, 0, 1, 0, 0, 0}, // A 0 0 0 -1 -> 0; B unchanged -> 0
            {1, 0, 0, 0, 0, 0, 0, 2}, // A 1 0 0 -1 -> 1 -> 0 -1 -1 -2; B -2 -2 0 0 -> 0
            {0, 0, 0, 0, 0, 2, 0, 1}, // A 0 -1 -1 0 -> 0; B -2 -2 0 1 -> 1
        };
        int[][] expected = {{1, 2}, {0, 0}, {1, 0}, {0, 1}};
        Shape in = Shape.chw(1, 2, 4);
        Shape out = Shape.chw(1, 1, 2);
        Window w = PoolProjection.window(2, 2, 2, 2, 0, 0);
        assertArrayEquals(expected, lateralInhibition(in, out, w, train));
        assertPools(expected, pooled(in, out, w, train));
        // Totals are the window maxima of the accumulated counts: A's p0 and p5 reach 2, B's p7 reaches 3.
    }

    @Test
    void overlappingThreeByThreeStrideTwoInhibitsEachWindowsOwnCopyOfTheSharedColumn() {
        // 1x3x5 input, windows A = columns 0..2 and B = columns 2..4; s = (1,2) is in both, a = (0,0) in A, b = (2,4) in B.
        Shape in = Shape.chw(1, 3, 5);
        int s = 1 * 5 + 2, a = 0, b = 2 * 5 + 4;
        float[][] train = new float[4][in.size()];
        // Each window's copies start at 0 (the other positions stay at minus what the window emitted).
        train[0][s] = 1;               // A: s 1 -> emits 1 (s 0, a -1).          B: s 1 -> emits 1 (s 0, b -1)
        train[1][s] = 1;
        train[1][a] = 1;               // A: s 1, a 0 -> emits 1 (s 0, a -1).     B: s 1 -> emits 1 (s 0, b -2)
        train[2][a] = 2;               // A: a 1 -> emits 1 (a 0, s -1).          B: largest copy s 0 -> 0
        train[3][a] = 1;
        train[3][b] = 2;               // A: a 1 -> emits 1.                      B: b -2 + 2 = 0, s 0 -> 0
        int[][] expected = {{1, 1}, {1, 1}, {1, 0}, {1, 0}};
        Shape out = Shape.chw(1, 1, 2);
        Window w = PoolProjection.window(3, 3, 2, 2, 0, 0);
        assertArrayEquals(expected, lateralInhibition(in, out, w, train));
        assertPools(expected, pooled(in, out, w, train));
        // A emitted 4 = a's 4 spikes, B emitted 2 = s's (and b's) 2: each window's largest count. One state per input
        // shared by the windows would have deducted both emissions from s at step 0 (s at -1), so that neither window
        // would have passed s's second spike at step 1.
    }

    @Test
    void threeByThreeStrideOnePaddedInhibitsEveryOverlappingWindow() {
        // 1x1x3 input x0 x1 x2, window 3x3 stride 1 padding 1: outputs o0 = {x0, x1}, o1 = {x0, x1, x2}, o2 = {x1, x2}.
        float[][] train = {
            {1, 0, 0}, // o0: x0 1 -> 1 (x0 0, x1 -1); o1: 1 (x0 0, x1 -1, x2 -1); o2: 0
            {0, 0, 2}, // o0: 0; o1: x2 1 -> 1 (x0 -1, x1 -2, x2 0); o2: x2 2 -> 2 (x1 -2, x2 0)
            {1, 2, 0}, // o0: x0 1, x1 1 -> 1 (0, 0); o1: x0 0, x1 0 -> 0; o2: x1 0 -> 0
            {0, 1, 0}, // o0: x1 1 -> 1; o1: x1 1 -> 1; o2: x1 1 -> 1
        };
        int[][] expected = {{1, 1, 0}, {0, 1, 2}, {1, 0, 0}, {1, 1, 1}};
        Shape in = Shape.chw(1, 1, 3);
        Shape out = Shape.chw(1, 1, 3);
        Window w = PoolProjection.window(3, 3, 1, 1, 1, 1);
        assertArrayEquals(expected, lateralInhibition(in, out, w, train));
        assertPools(expected, pooled(in, out, w, train));
    }

    /** Random geometries (overlapping, gapped, padded, several channels) and random bursts: both engines equal the recurrence. */
    @Test
    void bothEnginesEqualTheLateralInhibitionRecurrenceOnRandomBursts() {
        SplittableRandom r = new SplittableRandom(16);
        long emitted = 0;
        for (int trial = 0; trial < 40; trial++) {
            int k = 1 + r.nextInt(4), stride = 1 + r.nextInt(3), pad = r.nextInt(Math.min(k, 2));
            int c = 1 + r.nextInt(3), h = k + r.nextInt(5), wd = k + r.nextInt(5);
            int oh = (h + 2 * pad - k) / stride + 1, ow = (wd + 2 * pad - k) / stride + 1;
            Shape in = Shape.chw(c, h, wd);
            Shape out = Shape.chw(c, oh, ow);
            Window w = PoolProjection.window(k, k, stride, stride, pad, pad);
            float[][] train = new float[10][in.size()];
            double rate = 0.1 + 0.4 * r.nextDouble();
            for (float[] step : train) for (int i = 0; i < step.length; i++) if (r.nextDouble() < rate) step[i] = 1 + r.nextInt(3);
            int[][] want = lateralInhibition(in, out, w, train);
            int[][][] got = pooled(in, out, w, train);
            String what = "kernel " + k + " stride " + stride + " pad " + pad + " input " + in;
            for (int t = 0; t < train.length; t++) {
                assertArrayEquals(want[t], got[0][t], what + ", dense reference, step " + t);
                assertArrayEquals(want[t], got[1][t], what + ", event engine, step " + t);
                for (int v : want[t]) emitted += v;
            }
        }
        assertTrue(emitted > 1000, "the pools emitted too little for the comparison to mean anything: " + emitted);
    }

    /**
     * LIPooling written out: per output, an inhibited copy of each input of its window (channels-last indices, as the
     * engines store neurons), which adds the step's spikes, emits the largest copy and subtracts the emission from
     * every copy. Padded taps are absent (they never spike).
     */
    static int[][] lateralInhibition(Shape in, Shape out, Window w, float[][] train) {
        int c = in.channels();
        int[][] result = new int[train.length][out.size()];
        float[][] copies = new float[out.size()][];
        int[][] members = new int[out.size()][];
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                for (int ch = 0; ch < c; ch++) {
                    int[] m = new int[w.kernelH() * w.kernelW()];
                    int n = 0;
                    for (int ky = 0; ky < w.kernelH(); ky++) {
                        for (int kx = 0; kx < w.kernelW(); kx++) {
                            int y = oy * w.strideH() - w.padTop() + ky, x = ox * w.strideW() - w.padLeft() + kx;
                            if (y >= 0 && y < in.height() && x >= 0 && x < in.width()) m[n++] = (y * in.width() + x) * c + ch;
                        }
                    }
                    int j = (oy * out.width() + ox) * c + ch;
                    members[j] = Arrays.copyOf(m, n);
                    copies[j] = new float[n];
                }
            }
        }
        for (int t = 0; t < train.length; t++) {
            for (int j = 0; j < out.size(); j++) {
                float best = Float.NEGATIVE_INFINITY;
                for (int e = 0; e < members[j].length; e++) {
                    copies[j][e] += train[t][members[j][e]];
                    best = Math.max(best, copies[j][e]);
                }
                assertTrue(members[j].length == 0 || best >= 0, "an inhibited window's largest copy is never negative");
                int emit = members[j].length == 0 ? 0 : (int) best;
                for (int e = 0; e < members[j].length; e++) copies[j][e] -= emit;
                result[t][j] = emit;
            }
        }
        return result;
    }
}
