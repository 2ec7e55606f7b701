package org.spikeflow.engine;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.TtfsParams;
import org.spikeflow.graph.io.NetworkFile;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A two-layer time-to-first-spike network with hand-set windows, slopes and thresholds, its spike ticks and read-out
 * membranes stepped by hand from the equations of {@code NeuronDynamics.stepTtfs}; both engines must give exactly these.
 */
class TtfsEngineTest {
    /**
     * Input window [0, 4): 2 pixels. Hidden [4, 8), integrating from 0: 3 neurons, alpha 1, J = [[0.5, 0.25], [-0.5, 1],
     * [-1, 0]] (neuron by input), beta = [2, 1, 1], thresholds [10.5, 2, 5]. Read-out integrating [4, 8): alpha [0.25, 2],
     * weights [[1, 1, 1], [2, -1, 3]] (output by hidden), held from tick 8.
     */
    static Network handNetwork() {
        Population in = Population.input("in", new Shape(2, 1, 1));
        Population hidden = Population.ttfs("hidden", new Shape(3, 1, 1), NeuronParams.timeToFirstSpike(false),
            new TtfsParams(0, 4, 8, new float[] {1f, 1f, 1f}, new float[] {2f, 1f, 1f}, new float[] {10.5f, 2f, 5f}));
        Population out = Population.ttfs("out", new Shape(2, 1, 1), NeuronParams.timeToFirstSpike(true),
            new TtfsParams(4, 8, 8, new float[] {0.25f, 2f}, new float[] {0f, 0f},
                new float[] {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}));
        // Weights by input row: w[i * targets + j].
        DenseProjection ih = new DenseProjection("ih", in, hidden, new float[] {0.5f, -0.5f, -1f, 0.25f, 1f, 0f});
        DenseProjection ho = new DenseProjection("ho", hidden, out, new float[] {1f, 2f, 1f, -1f, 1f, 3f});
        return Network.builder("ttfs-hand").add(in).add(hidden).add(out).connect(ih).connect(ho).output(out).build();
    }

    /**
     * Sample 0, pixels [1, 0.5]: input ticks [0, 2]. Hidden 0: slope 1.5 from 0, 1.75 from 2, V(4) = 6.5, then slope 2:
     * V(6) = 10.5 reaches its threshold, spike at 6. Hidden 1: slope 0.5, then 1.5, V(3) = 2.5 is above 2 but before
     * the window; V(4) = 4: spike at 4 (the window's top). Hidden 2: V(4) = 0, V(7) = 3 &lt; 5: silent.
     * Read-out: out0 = 0.25*4 + (8-6) + (8-4) = 7, out1 = 2*4 + 2*2 - 4 = 8: class 1.
     * <p>
     * Sample 1, pixels [0, 0.25]: input tick [-, 3]. Hidden 0: V(4) = 4.25, V(7) = 10.25 &lt; 10.5: silent. Hidden 1:
     * V(4) = 5: spike at 4. Hidden 2: V(4) = 4, V(5) = 5: spike at 5. Read-out: out0 = 1 + 4 + 3 = 8,
     * out1 = 8 - 4 + 3*3 = 13: class 1.
     */
    @Test
    void spikesAtTheHandComputedTicksOnBothEngines() {
        Network net = handNetwork();
        Dataset data = new Dataset("hand", new Shape(2, 1, 1), new float[][] {{1f, 0.5f}, {0f, 0.25f}}, new int[] {1, 0}, 2);
        Map<String, String> expected = new TreeMap<>();
        expected.put("0/0/0", "[1, 0]");
        expected.put("0/2/0", "[0, 1]");
        expected.put("0/4/1", "[0, 1, 0]");
        expected.put("0/6/1", "[1, 0, 0]");
        expected.put("1/3/0", "[0, 1]");
        expected.put("1/4/1", "[0, 1, 0]");
        expected.put("1/5/1", "[0, 0, 1]");

        SpikeRecord dense = new SpikeRecord(net);
        SimulationResult d = Engines.create(EngineKind.DENSE).run(net, data, config(1, dense));
        assertEquals(expected, nonEmpty(dense));
        assertArrayEquals(new int[] {1}, d.predictions()[0]);
        assertArrayEquals(new int[] {1}, d.predictions()[1]);
        for (int threads : new int[] {1, 2}) {
            SpikeRecord event = new SpikeRecord(net);
            SimulationResult e = Engines.create(EngineKind.EVENT).run(net, data, config(threads, event));
            assertNull(dense.firstDifference(event), "event engine with " + threads + " thread(s)");
            for (var p : net.populations()) {
                assertArrayEquals(d.counters(p.id()).spikes, e.counters(p.id()).spikes, p.name());
                assertArrayEquals(d.counters(p.id()).synops, e.counters(p.id()).synops, p.name());
            }
            assertArrayEquals(d.predictions()[0], e.predictions()[0]);
            assertArrayEquals(d.predictions()[1], e.predictions()[1]);
        }
        // Spikes counted like every network's: 2 + 1 input spikes, 2 + 2 hidden spikes, each reaching 3 (hidden) or 2 (out).
        assertEquals(3 * 3 + 4 * 2, d.totalSynops());
    }

    /** The read-out's membranes after the last window are the hand values: the margin of the winner is out1 - out0. */
    @Test
    void readOutMembranesHoldTheHandComputedValues() {
        Network net = handNetwork();
        Dataset data = new Dataset("hand", new Shape(2, 1, 1), new float[][] {{1f, 0.5f}, {0f, 0.25f}}, new int[] {1, 1}, 2);
        SimulationConfig cfg = SimulationConfig.builder().timesteps(10).encoder(EncoderKind.TTFS).inputWindow(4)
            .readout(ReadoutMode.MEMBRANE).traces(true).build();
        for (EngineKind kind : EngineKind.values()) {
            SimulationResult r = Engines.create(kind).run(net, data, cfg);
            // After step 7 the membranes are V(8), held from then on: the margin is the same at every later step.
            final float[] m = r.traces().margins();
            for (int step = 7; step < 10; step++) {
                assertEquals(8f - 7f, m[step], 0f, kind.name() + " sample 0 after step " + step);
                assertEquals(13f - 8f, m[10 + step], 0f, kind.name() + " sample 1 after step " + step);
            }
            // After step 6 (V(7)): sample 0 has out0 = 4.75, out1 = 5.
            assertEquals(5f - 4.75f, m[6], 0f, kind.name() + " sample 0 after step 6");
        }
    }

    /**
     * Max pooling of single spikes by the running-maximum gate is the earliest spike of the window (the largest
     * activation): pixels [0.25, 1, 0.5, 0] spike at ticks [3, 0, 2, -], the pool once, at tick 0; later spikes of
     * the window add nothing. The read-out then integrates the pooled spike's 4 ticks.
     */
    @Test
    void maxPoolingPassesOnlyTheEarliestSpike() {
        Population in = Population.input("in", Shape.chw(1, 2, 2));
        Population pool = Population.maxPool("pool", Shape.chw(1, 1, 1));
        Population out = Population.ttfs("out", new Shape(2, 1, 1), NeuronParams.timeToFirstSpike(true),
            new TtfsParams(0, 4, 4, new float[] {0f, 0.5f}, new float[] {0f, 0f},
                new float[] {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}));
        Network net = Network.builder("ttfs-pool").add(in).add(pool).add(out)
            .connect(org.spikeflow.graph.PoolProjection.max("p", in, pool, 2, 2).withRule(org.spikeflow.graph.MaxPoolProjection.Rule.RUNNING_MAX))
            .connect(new DenseProjection("po", pool, out, new float[] {1f, -1f}))
            .output(out).build();
        Dataset data = new Dataset("pool", Shape.chw(1, 2, 2), new float[][] {{0.25f, 1f, 0.5f, 0f}, {0f, 0.25f, 0.5f, 0f}},
            new int[] {0, 1}, 2);
        Map<String, String> expected = new TreeMap<>();
        expected.put("0/0/0", "[0, 1, 0, 0]");
        expected.put("0/0/1", "[1]");
        expected.put("0/2/0", "[0, 0, 1, 0]");
        expected.put("0/3/0", "[1, 0, 0, 0]");
        expected.put("1/2/0", "[0, 0, 1, 0]");
        expected.put("1/2/1", "[1]");
        expected.put("1/3/0", "[0, 1, 0, 0]");
        SimulationConfig.Builder cfg = SimulationConfig.builder().timesteps(6).encoder(EncoderKind.TTFS).inputWindow(4)
            .readout(ReadoutMode.MEMBRANE);
        SpikeRecord dense = new SpikeRecord(net);
        SimulationResult d = Engines.create(EngineKind.DENSE).run(net, data, cfg.listener(dense).build());
        assertEquals(expected, nonEmpty(dense));
        // out0 = 4 (sample 0) or 2 (sample 1) against out1 = 2 - 4 or 2 - 2: class 0, then class 0 again (2 > 0).
        assertArrayEquals(new int[] {0}, d.predictions()[0]);
        SpikeRecord event = new SpikeRecord(net);
        SimulationResult e = Engines.create(EngineKind.EVENT).run(net, data, cfg.listener(event).build());
        assertNull(dense.firstDifference(event));
        assertArrayEquals(d.predictions()[1], e.predictions()[1]);
    }

    @Test
    void networkFileKeepsTheWindowsAndRunsTheSame() {
        Network net = handNetwork();
        Network back = NetworkFile.fromBytes(NetworkFile.toBytes(net), "hand.snn");
        assertEquals(net.population("hidden").ttfs(), back.population("hidden").ttfs());
        assertEquals(net.population("out").ttfs(), back.population("out").ttfs());
        Dataset data = new Dataset("hand", new Shape(2, 1, 1), new float[][] {{1f, 0.5f}, {0f, 0.25f}}, new int[] {1, 0}, 2);
        SpikeRecord a = new SpikeRecord(net);
        SpikeRecord b = new SpikeRecord(back);
        Engines.create(EngineKind.EVENT).run(net, data, config(1, a));
        Engines.create(EngineKind.EVENT).run(back, data, config(1, b));
        assertNull(a.firstDifference(b));
    }

    @Test
    void refusesTooFewTimestepsAndOtherEncoders() {
        Network net = handNetwork();
        Dataset data = new Dataset("hand", new Shape(2, 1, 1), new float[][] {{1f, 0.5f}}, new int[] {1}, 2);
        ConfigException few = assertThrows(ConfigException.class, () -> Engines.checkInput(net, data,
            SimulationConfig.builder().timesteps(7).encoder(EncoderKind.TTFS).inputWindow(4).build()));
        assertEquals("timesteps", few.option());
        ConfigException analog = assertThrows(ConfigException.class, () -> Engines.checkInput(net, data,
            SimulationConfig.builder().timesteps(8).encoder(EncoderKind.ANALOG).build()));
        assertEquals("encoder", analog.option());
    }

    @Test
    void encoderSpikesEarlierForBrighterPixels() {
        assertEquals(0, InputEncoder.ttfsTick(1f, 4));
        assertEquals(0, InputEncoder.ttfsTick(3f, 4));
        assertEquals(2, InputEncoder.ttfsTick(0.5f, 4));
        assertEquals(3, InputEncoder.ttfsTick(0.25f, 4));
        assertEquals(3, InputEncoder.ttfsTick(0.2f, 4)); // round(0.8) = 1
        assertEquals(-1, InputEncoder.ttfsTick(0.1f, 4)); // round(0.4) = 0: no spike
        assertEquals(-1, InputEncoder.ttfsTick(0f, 4));
        assertEquals(-1, InputEncoder.ttfsTick(-1f, 4));
    }

    private static SimulationConfig config(int threads, SpikeListener l) {
        return SimulationConfig.builder().timesteps(10).encoder(EncoderKind.TTFS).inputWindow(4).readout(ReadoutMode.MEMBRANE)
            .threads(threads).listener(l).build();
    }

    /** (sample/tick/population) to the spike counts per neuron, for the steps where something spiked. */
    private static Map<String, String> nonEmpty(SpikeRecord r) {
        Map<String, String> m = new TreeMap<>();
        r.counts.forEach((k, v) -> {
            for (int x : v) {
                if (x != 0) {
                    m.put(k, java.util.Arrays.toString(v));
                    return;
                }
            }
        });
        return m;
    }
}
