package org.spikeflow.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SyntheticNetworksTest {
    @ParameterizedTest
    @CsvSource({"conv, 0.02", "conv, 0.2", "dense, 0.01", "dense, 0.1", "dense, 0.5"})
    void everyHiddenLayerFiresAtTheInputActivityFromTheFirstStep(String kind, double activity) {
        Network net = kind.equals("conv") ? SyntheticNetworks.convAtActivity(12, 8, 3, activity, 1)
            : SyntheticNetworks.denseAtActivity(512, 256, 3, activity, 2);
        int steps = 40;
        SimulationConfig cfg = SimulationConfig.builder().timesteps(steps).encoder(EncoderKind.POISSON)
            .maxRateHz((float) (1000 * activity)).seed(5).build();
        SimulationResult r = Engines.create(EngineKind.DENSE).run(net, SyntheticNetworks.poissonInput(net, 2), cfg);
        for (Population p : net.populations()) {
            if (p.size() < 100) continue; // the 10-neuron read-out is too small to measure a rate on
            long[] spikes = r.counters(p.id()).spikes;
            double rate = PopulationCounters.sum(spikes) / (double) p.size() / steps / 2;
            assertEquals(activity, rate, 0.25 * activity, p.name());
            long firstHalf = 0;
            for (int t = 0; t < steps / 2; t++) firstHalf += spikes[t];
            assertEquals(0.5, firstHalf / (double) PopulationCounters.sum(spikes), 0.15, p.name() + ": no start-up delay");
        }
        SimulationResult event = Engines.create(EngineKind.EVENT).run(net, SyntheticNetworks.poissonInput(net, 2), cfg);
        for (Population p : net.populations()) {
            assertArrayEquals(r.counters(p.id()).spikes, event.counters(p.id()).spikes, p.name());
        }
    }
}
