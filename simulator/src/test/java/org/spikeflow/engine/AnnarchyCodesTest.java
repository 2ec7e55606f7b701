package org.spikeflow.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input codes and read-outs of ANNarchy's ANN-to-SNN converter: cpn, ib and pso against hand-stepped
 * references, time to first (k) spikes against a hand-computed run, and both engines spike for spike.
 */
class AnnarchyCodesTest {

    /** spikes[t][i]: did input i spike at step t. */
    private static boolean[][] raster(SimulationConfig cfg, float[] x, int sample) {
        InputEncoder e = new InputEncoder(cfg, x.length);
        e.start(sample, x);
        int[] idx = new int[x.length];
        float[] val = new float[x.length];
        boolean[][] out = new boolean[cfg.timesteps()][x.length];
        for (int t = 0; t < cfg.timesteps(); t++) {
            int n = e.next(idx, val);
            for (int k = 0; k < n; k++) {
                assertEquals(1f, val[k], "a code's event is one spike");
                out[t][idx[k]] = true;
            }
        }
        return out;
    }

    private static int[] spikeSteps(boolean[][] r, int i) {
        List<Integer> s = new ArrayList<>();
        for (int t = 0; t < r.length; t++) if (r[t][i]) s.add(t);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void annarchyCodesDefaultToItsMaximumRateOf100Hz() {
        assertEquals(100f, EncoderKind.CPN.defaultMaxRateHz());
        assertEquals(100f, EncoderKind.IB.defaultMaxRateHz());
        assertEquals(100f, EncoderKind.PSO.defaultMaxRateHz());
        assertEquals(1000f, EncoderKind.POISSON.defaultMaxRateHz());
    }

    /**
     * Pixel 0.2 at 100 Hz drives I = 20. By hand, explicit Euler with dt = 1 from v = -55, u = -13:
     * step 0: dv = 121 - 275 + 140 + 13 + 20 = 19, v = -36, u = -13 + 0.02 (0.2 (-55) + 13) = -12.96;
     * step 1: dv = 51.84 - 180 + 140 + 12.96 + 20 = 44.8, v = 8.8, u = -12.96 + 0.02 (-7.2 + 12.96) = -12.8448;
     * step 2: dv = 3.0976 + 44 + 140 + 12.8448 + 20 = 219.9424, v = 228.74 > 30: a spike, v = -55,
     * u = -12.8448 + 0.02 (1.76 + 12.8448) + 4 = -8.552704;
     * step 3: dv = 121 - 275 + 140 + 8.552704 + 20 = 14.552704, v = -40.45: none.
     */
    @Test
    void intrinsicallyBurstingInputSpikesWhereTheHandSteppedIzhikevichNeuronDoes() {
        SimulationConfig cfg = SimulationConfig.builder().timesteps(4).encoder(EncoderKind.IB).maxRateHz(100f).build();
        boolean[][] r = raster(cfg, new float[] {0.2f, 0f}, 0);
        assertArrayEquals(new int[] {2}, spikeSteps(r, 0));
        assertArrayEquals(new int[0], spikeSteps(r, 1));
    }

    /** The equations stepped in the plainest way, for longer runs and another dt. */
    private static int[] izhikevichReference(double current, double dt, int steps) {
        double v = -55, u = -13;
        List<Integer> spikes = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            double dv = 0.04 * v * v + 5 * v + 140 - u + current;
            double du = 0.02 * (0.2 * v - u);
            v += dt * dv;
            u += dt * du;
            if (v > 30) {
                spikes.add(t);
                v = -55;
                u += 4;
            }
        }
        return spikes.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void intrinsicallyBurstingInputFollowsTheReferenceOverLongRunsAndOtherTimesteps() {
        float[] x = {0f, 0.05f, 0.2f, 0.5f, 1f};
        for (float dt : new float[] {1f, 0.5f}) {
            SimulationConfig cfg = SimulationConfig.builder().timesteps(300).encoder(EncoderKind.IB).maxRateHz(100f).timestepMs(dt).build();
            boolean[][] r = raster(cfg, x, 0);
            for (int i = 0; i < x.length; i++) {
                assertArrayEquals(izhikevichReference(x[i] * 100.0, dt, 300), spikeSteps(r, i), "pixel " + x[i] + ", dt " + dt);
            }
            assertEquals(0, spikeSteps(r, 0).length, "a black pixel rests");
            assertTrue(spikeSteps(r, 4).length > spikeSteps(r, 2).length, "a brighter pixel bursts more often");
        }
        // A sample start resets the state: the same sample again gives the same train.
        SimulationConfig cfg = SimulationConfig.builder().timesteps(50).encoder(EncoderKind.IB).build();
        InputEncoder e = new InputEncoder(cfg, 1);
        int[] idx = new int[1];
        float[] val = new float[1];
        int[] first = new int[50], second = new int[50];
        e.start(0, new float[] {0.3f});
        for (int t = 0; t < 50; t++) first[t] = e.next(idx, val);
        e.start(1, new float[] {0.3f});
        for (int t = 0; t < 50; t++) second[t] = e.next(idx, val);
        assertArrayEquals(first, second);
    }

    /**
     * ANNarchy evaluates {@code 2^(-1 + modulo(t - 1, 8))} with t the time in ms at the step (0 first) and modulo C's
     * remainder: thresholds 1/4, 1/2, 1, 2, 4, 8, 16, 32, 64, then 1/2 again. A pixel of 0.05 at 100 Hz (v = 5)
     * spikes while the threshold is below 5: steps 0-4 and 9; v = 0.5 only at step 0 (0.5 is not above 0.5);
     * v = 100 at every step.
     */
    @Test
    void phaseShiftOscillationSpikesWhileThePixelExceedsTheOscillatingThreshold() {
        double[] thresholds = new double[10];
        for (int t = 0; t < 10; t++) thresholds[t] = InputEncoder.psoThreshold(t, 1.0);
        assertArrayEquals(new double[] {0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 0.5}, thresholds, 0);
        SimulationConfig cfg = SimulationConfig.builder().timesteps(10).encoder(EncoderKind.PSO).maxRateHz(100f).build();
        boolean[][] r = raster(cfg, new float[] {0.05f, 0.005f, 1f, 0f}, 0);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 9}, spikeSteps(r, 0));
        assertArrayEquals(new int[] {0}, spikeSteps(r, 1));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, spikeSteps(r, 2));
        assertArrayEquals(new int[0], spikeSteps(r, 3));
        // dt = 2 ms: t = 0, 2, 4, ... so the phase advances two per step: 1/4, 1, 4, 16, 64, 1, ...
        assertEquals(1.0, InputEncoder.psoThreshold(1, 2.0));
        assertEquals(64.0, InputEncoder.psoThreshold(4, 2.0));
        assertEquals(1.0, InputEncoder.psoThreshold(5, 2.0));
    }

    @Test
    void customPoissonIsThePoissonCodeAtItsRateAndIsSeededPerSample() {
        float[] x = {0.5f, 1f, 0f};
        SimulationConfig cpn = SimulationConfig.builder().timesteps(20000).encoder(EncoderKind.CPN).maxRateHz(100f).seed(3).build();
        boolean[][] a = raster(cpn, x, 5);
        // U * 1000 / dt < 0.5 * 100: probability 0.05 per 1 ms step; 1.0 gives 0.1; 0 never.
        assertEquals(1000, spikeSteps(a, 0).length, 100);
        assertEquals(2000, spikeSteps(a, 1).length, 140);
        assertEquals(0, spikeSteps(a, 2).length);
        assertArrayEquals(spikeSteps(a, 0), spikeSteps(raster(cpn, x, 5), 0), "same seed and sample, same spikes");
        // The same draws as the Poisson encoder at the same rate (one uniform per pixel and step).
        SimulationConfig poisson = cpn.toBuilder().encoder(EncoderKind.POISSON).build();
        assertArrayEquals(spikeSteps(a, 1), spikeSteps(raster(poisson, x, 5), 1));
        // dt = 2 ms doubles the probability per step.
        boolean[][] b = raster(cpn.toBuilder().timestepMs(2f).build(), x, 5);
        assertEquals(2000, spikeSteps(b, 0).length, 140);
    }

    /**
     * One input of value 1 (analog) drives three IF outputs (threshold 1, reset by subtraction, v0 = 0) by 9/16, 3/8 and
     * 5/8 per step. Their spikes: out0 at steps 1, 3, 5; out1 at 2, 5; out2 at 1, 3, 4. Time to first spike stops after
     * step 1 (2 steps), out0 and out2 tied at one spike, out2's membrane higher (1/4 vs 1/8): class 2. Time to 2
     * spikes stops after step 3 (4 steps), again a tie in spikes won by out2's membrane (1/2 vs 1/4); time to 3 spikes
     * after step 4 (5 steps), out2 alone: class 2. With weights 9/16, 3/8, 9/16 the tie is total and the lowest index wins.
     */
    @Test
    void timeToKSpikesStopsWhenTheFirstOutputReachesKAndBreaksTiesByMembraneThenIndex() {
        Dataset data = new Dataset("one", Shape.flat(1), new float[][] {{1f}}, new int[] {2}, 3);
        for (EngineKind engine : EngineKind.values()) {
            Network net = oneInput(new float[] {9f / 16, 3f / 8, 5f / 8});
            SimulationConfig.Builder b = SimulationConfig.builder().timesteps(10).checkpoints(10).encoder(EncoderKind.ANALOG);
            SimulationResult first = Engines.create(engine).run(net, data, b.readout(ReadoutMode.TIME_TO_FIRST_SPIKE).build());
            assertArrayEquals(new int[] {2}, first.stepsRun(), engine + " time to first spike");
            assertEquals(2, first.predictions()[0][0]);
            int[][] expected = {{1, 2, 2}, {2, 4, 2}, {3, 5, 2}};
            for (int[] e : expected) {
                SimulationResult r = Engines.create(engine).run(net, data, b.readout(ReadoutMode.TIME_TO_K_SPIKES).readoutK(e[0]).build());
                assertArrayEquals(new int[] {e[1]}, r.stepsRun(), engine + " time to " + e[0] + " spikes");
                assertEquals(e[2], r.predictions()[0][0], engine + " class at " + e[0] + " spikes");
            }
            SimulationResult tie = Engines.create(engine).run(oneInput(new float[] {9f / 16, 3f / 8, 9f / 16}), data,
                b.readout(ReadoutMode.TIME_TO_K_SPIKES).readoutK(2).build());
            assertArrayEquals(new int[] {4}, tie.stepsRun());
            assertEquals(0, tie.predictions()[0][0], engine + ": a total tie goes to the lowest index");
            // Never reaching k: the sample runs every step and is read by spike count.
            SimulationResult never = Engines.create(engine).run(net, data, b.readout(ReadoutMode.TIME_TO_K_SPIKES).readoutK(50).build());
            assertArrayEquals(new int[] {10}, never.stepsRun());
            assertEquals(2, never.predictions()[0][0]);
        }
    }

    private static Network oneInput(float[] w) {
        Population in = Population.input("in", Shape.flat(1));
        Population out = Population.spiking("out", Shape.flat(3), new NeuronParams(NeuronModel.IF, ResetMode.SUBTRACT, 1f, 0f, 1, 20f, 1f, 0));
        return Network.builder("ttks").add(in).add(out).connect(new DenseProjection("w", in, out, w)).output(out).build();
    }

    @Test
    void timeToKSpikesIsRefusedOnAnIntegratingOutputAndBesideAnotherEarlyExit() {
        Population in = Population.input("in", Shape.flat(1));
        Population out = Population.spiking("out", Shape.flat(2), NeuronParams.integrateAndFire(Float.POSITIVE_INFINITY));
        Network net = Network.builder("int").add(in).add(out).connect(new DenseProjection("w", in, out, new float[] {1f, 2f})).output(out).build();
        Dataset data = new Dataset("one", Shape.flat(1), new float[][] {{1f}}, new int[] {0}, 2);
        SimulationConfig cfg = SimulationConfig.builder().timesteps(4).readout(ReadoutMode.TIME_TO_FIRST_SPIKE).build();
        ConfigException e = assertThrows(ConfigException.class, () -> Engines.checkInput(net, data, cfg));
        assertTrue(e.getMessage().contains("spiking output"), e.getMessage());
        assertThrows(ConfigException.class, () -> SimulationConfig.builder().readout(ReadoutMode.TIME_TO_K_SPIKES).readoutK(2)
            .earlyExit(new EarlyExit(1f, 1)).build());
        assertThrows(ConfigException.class, () -> SimulationConfig.builder().readout(ReadoutMode.TIME_TO_K_SPIKES).readoutK(0).build());
    }

    static Stream<Arguments> engines() {
        List<Arguments> out = new ArrayList<>();
        long k = 0;
        for (RandomNetworks.Topology t : RandomNetworks.Topology.values()) {
            for (EncoderKind e : new EncoderKind[] {EncoderKind.CPN, EncoderKind.IB, EncoderKind.PSO}) {
                // Time to k spikes stops samples: not on recurrent networks (early exit is refused there).
                ReadoutMode r = t == RandomNetworks.Topology.RECURRENT || k % 2 == 0 ? ReadoutMode.SPIKE_COUNT : ReadoutMode.TIME_TO_K_SPIKES;
                out.add(Arguments.of(t, 211 + 31 * k++, e, r));
            }
        }
        return out.stream();
    }

    /** Both engines, at 1 and 4 threads and in 3 shards, emit the same spikes and stop at the same timesteps. */
    @ParameterizedTest(name = "{0} seed {1} {2} {3}")
    @MethodSource("engines")
    void bothEnginesAgreeSpikeForSpikeOnTheAnnarchyCodesAndReadouts(RandomNetworks.Topology topology, long seed, EncoderKind encoder,
                                                                      ReadoutMode readout) {
        Network net = RandomNetworks.build(topology, seed);
        Dataset data = RandomNetworks.data(net, 4, seed + 1);
        SimulationConfig.Builder b = SimulationConfig.builder().timesteps(24).checkpoints(6, 12, 24).encoder(encoder).seed(seed)
            .maxRateHz(encoder.defaultMaxRateHz()).readout(readout).readoutK(2);
        SpikeRecord dense = new SpikeRecord(net);
        SimulationResult d = Engines.create(EngineKind.DENSE).run(net, data, b.listener(dense).build());
        assertTrue(dense.total() > 0, "the network should spike");
        for (int threads : new int[] {1, 4}) {
            SpikeRecord event = new SpikeRecord(net);
            SimulationResult e = Engines.create(EngineKind.EVENT).run(net, data, b.threads(threads).listener(event).build());
            assertNull(dense.firstDifference(event), threads + " thread(s)");
            assertArrayEquals(d.stepsRun(), e.stepsRun());
            for (int s = 0; s < data.size(); s++) assertArrayEquals(d.predictions()[s], e.predictions()[s]);
        }
        SimulationResult shards = Engines.create(EngineKind.EVENT).run(net, data, b.threads(3).listener(null).build());
        assertArrayEquals(d.stepsRun(), shards.stepsRun());
        for (var p : net.populations()) assertArrayEquals(d.counters(p.id()).spikes, shards.counters(p.id()).spikes, p.name());
        for (int s = 0; s < data.size(); s++) assertArrayEquals(d.predictions()[s], shards.predictions()[s]);
    }
}
