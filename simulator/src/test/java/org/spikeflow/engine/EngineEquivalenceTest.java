package org.spikeflow.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property test: on seeded random networks of every projection type and neuron model, the event-driven
 * engine (1 and 4 threads) and the dense reference emit identical spikes per neuron per timestep, perform the
 * same synaptic operations and make the same predictions.
 */
class EngineEquivalenceTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        // Time-to-first-spike input belongs to TTFS networks (TtfsEngineTest).
        EncoderKind[] encoders = java.util.Arrays.stream(EncoderKind.values()).filter(e -> e != EncoderKind.TTFS).toArray(EncoderKind[]::new);
        int k = 0;
        for (RandomNetworks.Topology t : RandomNetworks.Topology.values()) {
            for (long seed = 1; seed <= 6; seed++) {
                out.add(Arguments.of(t, seed * 7919 + t.ordinal(), encoders[k++ % encoders.length]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} seed {1} {2}")
    @MethodSource("cases")
    void eventDrivenMatchesDenseReferenceSpikeForSpike(RandomNetworks.Topology topology, long seed, EncoderKind encoder) {
        Network net = RandomNetworks.build(topology, seed);
        Dataset data = RandomNetworks.data(net, 3, seed + 1);

        SpikeRecord dense = new SpikeRecord(net);
        SimulationResult d = Engines.create(EngineKind.DENSE).run(net, data, config(encoder, seed, 1, dense, 64));
        assertTrue(dense.total() > 0, "the random network should spike at all");

        for (int threads : new int[] {1, 4}) {
            SpikeRecord event = new SpikeRecord(net);
            // A tiny ring of tiny blocks forces producers to pause and resume mid-timestep.
            SimulationResult e = Engines.create(EngineKind.EVENT).run(net, data, config(encoder, seed, threads, event, threads == 1 ? 2 : 64,
                threads == 1 ? 3 : 1024));
            assertNull(dense.firstDifference(event), "spikes differ with " + threads + " thread(s)");
            for (var p : net.populations()) {
                assertArrayEquals(d.counters(p.id()).spikes, e.counters(p.id()).spikes, p.name() + " spikes");
                assertArrayEquals(d.counters(p.id()).synops, e.counters(p.id()).synops, p.name() + " synops");
                assertArrayEquals(d.counters(p.id()).inputSpikes, e.counters(p.id()).inputSpikes, p.name() + " input spikes");
                assertArrayEquals(d.counters(p.id()).activeNeurons, e.counters(p.id()).activeNeurons, p.name() + " active neurons");
            }
            if (d.pixelPredictions() != null) {
                for (int s = 0; s < data.size(); s++) {
                    for (int k = 0; k < d.checkpoints().length; k++) {
                        assertArrayEquals(d.pixelPredictions()[s][k], e.pixelPredictions()[s][k], "pixel classes of sample " + s);
                    }
                }
            }
            for (int s = 0; s < data.size(); s++) {
                assertArrayEquals(d.predictions()[s], e.predictions()[s], "predictions of sample " + s);
            }
            assertEquals(d.totalSynops(), e.totalSynops());
        }
    }

    /**
     * Without a listener, several threads run contiguous shards of the samples as pipelines of their own: every
     * count per timestep, every prediction and every per-sample trace equals the dense reference's (Poisson input
     * included: each sample draws the stream of its index in the whole set).
     */
    @ParameterizedTest(name = "{0} seed {1} {2}")
    @MethodSource("cases")
    void shardedRunsEqualTheDenseReference(RandomNetworks.Topology topology, long seed, EncoderKind encoder) {
        Network net = RandomNetworks.build(topology, seed);
        Dataset data = RandomNetworks.data(net, 5, seed + 1);
        SimulationConfig.Builder b = SimulationConfig.builder().timesteps(12).checkpoints(3, 6, 12).encoder(encoder).maxRateHz(600f)
            .seed(seed).readout(ReadoutMode.SPIKE_COUNT).traces(true);
        SimulationResult d = Engines.create(EngineKind.DENSE).run(net, data, b.threads(1).build());
        for (int threads : new int[] {2, 3, 8}) {
            SimulationResult e = Engines.create(EngineKind.EVENT).run(net, data, b.threads(threads).build());
            String what = threads + " threads";
            for (var p : net.populations()) {
                assertArrayEquals(d.counters(p.id()).spikes, e.counters(p.id()).spikes, p.name() + " spikes, " + what);
                assertArrayEquals(d.counters(p.id()).synops, e.counters(p.id()).synops, p.name() + " synops, " + what);
                assertArrayEquals(d.counters(p.id()).inputSpikes, e.counters(p.id()).inputSpikes, p.name() + " input spikes, " + what);
                assertArrayEquals(d.counters(p.id()).activeNeurons, e.counters(p.id()).activeNeurons, p.name() + " active, " + what);
                for (int s = 0; s < data.size(); s++) {
                    for (int t = 0; t < 12; t++) {
                        assertEquals(d.traces().spikes(p.id(), s, t), e.traces().spikes(p.id(), s, t), p.name() + " sample " + s + " step " + t + ", " + what);
                    }
                }
            }
            for (int s = 0; s < data.size(); s++) {
                assertArrayEquals(d.predictions()[s], e.predictions()[s], "predictions of sample " + s + ", " + what);
                for (int t = 0; t < 12; t++) assertEquals(d.traces().prediction(s, t), e.traces().prediction(s, t));
            }
            assertArrayEquals(d.traces().margins(), e.traces().margins(), "read-out margins, " + what);
        }
    }

    private static SimulationConfig config(EncoderKind encoder, long seed, int threads, SpikeListener l, int ring) {
        return config(encoder, seed, threads, l, ring, 1024);
    }

    private static SimulationConfig config(EncoderKind encoder, long seed, int threads, SpikeListener l, int ring, int block) {
        return SimulationConfig.builder().timesteps(12).checkpoints(3, 6, 12).encoder(encoder).maxRateHz(600f)
            .seed(seed).threads(threads).ringSize(ring).blockSize(block).listener(l).readout(ReadoutMode.SPIKE_COUNT).build();
    }
}
