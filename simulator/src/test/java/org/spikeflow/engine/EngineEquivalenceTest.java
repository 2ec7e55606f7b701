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
        EncoderKind[] encoders = EncoderKind.values();
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
            for (int s = 0; s < data.size(); s++) {
                assertArrayEquals(d.predictions()[s], e.predictions()[s], "predictions of sample " + s);
            }
            assertEquals(d.totalSynops(), e.totalSynops());
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
