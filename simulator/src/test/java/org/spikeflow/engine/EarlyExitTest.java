package org.spikeflow.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyExitTest {

    @Test
    void marginIsTheLeadOfTheWinnerInTheReadoutsUnits() {
        Population out = Population.spiking("out", Shape.flat(3), NeuronParams.integrateAndFire(1f));
        Readout count = new Readout(ReadoutMode.SPIKE_COUNT, out);
        count.record(0, new int[] {0, 2}, new int[] {3, 1}, 2);
        count.record(1, new int[] {2}, new int[] {1}, 1);
        // counts 3, 0, 2: the winner leads the runner-up by one spike.
        assertEquals(1f, count.margin(new float[3], 1));
        Population integrator = Population.spiking("o", Shape.flat(3),
            NeuronParams.integrateAndFire(Float.POSITIVE_INFINITY));
        Readout membrane = new Readout(ReadoutMode.MEMBRANE, integrator);
        // After 4 timesteps, membranes 2.0, 3.0, 1.0: the winner's accumulated lead is 1.0, whatever the step.
        assertEquals(1f, membrane.margin(new float[] {2f, 3f, 1f}, 3));
        assertEquals(1f, membrane.margin(new float[] {2f, 3f, 1f}, 9));
        Readout first = new Readout(ReadoutMode.FIRST_SPIKE, out);
        assertEquals(0f, first.margin(new float[3], 0), "no spike yet: no lead");
        first.record(2, new int[] {1}, new int[] {1}, 1);
        first.record(5, new int[] {0}, new int[] {1}, 1);
        assertEquals(3f, first.margin(new float[3], 6), "neuron 1 fired 3 steps before the runner-up");
    }

    @Test
    void stopsOnceTheMarginHeldForThePatience() {
        EarlyExit rule = new EarlyExit(2f, 3);
        float[] margins = {0, 2, 3, 1, 2, 2, 5, 9, 9};
        // Held 1, 2, broken, then 1, 2, 3 at index 6.
        assertEquals(6, rule.stopStep(margins, 0, margins.length));
        assertEquals(8, new EarlyExit(10f, 1).stopStep(margins, 0, margins.length), "never: the last timestep");
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        long k = 0;
        for (RandomNetworks.Topology t : RandomNetworks.Topology.values()) {
            if (t == RandomNetworks.Topology.RECURRENT) continue; // early exit is refused on recurrent networks
            for (ReadoutMode r : new ReadoutMode[] {ReadoutMode.SPIKE_COUNT, ReadoutMode.MEMBRANE}) {
                out.add(Arguments.of(t, 101 + 13 * k++, r));
            }
        }
        return out.stream();
    }

    /**
     * A run that really stops equals, in both engines and at any thread count, what the full run's traces say the
     * rule gives: timesteps used, predictions, and every population's counters per timestep; and the spikes its
     * listener hears are those of the timesteps it kept.
     */
    @ParameterizedTest(name = "{0} seed {1} {2}")
    @MethodSource("cases")
    void stoppingRunEqualsThePostHocAnalysisOfTheFullRun(RandomNetworks.Topology topology, long seed, ReadoutMode readout) {
        Network net = RandomNetworks.build(topology, seed);
        Dataset data = RandomNetworks.data(net, 6, seed + 1);
        SimulationConfig.Builder base = SimulationConfig.builder().timesteps(16).checkpoints(4, 8, 16).encoder(EncoderKind.ANALOG)
            .readout(readout).seed(seed);
        SimulationResult full = Engines.create(EngineKind.DENSE).run(net, data, base.traces(true).build());
        // A margin some samples reach and some do not: the median of all recorded margins.
        float[] m = full.traces().margins().clone();
        java.util.Arrays.sort(m);
        EarlyExit rule = new EarlyExit(Math.max(0f, m[m.length / 2]), 2);
        EarlyExitAnalysis posthoc = EarlyExitAnalysis.of(full, rule);
        boolean someStopEarly = java.util.Arrays.stream(posthoc.stepsUsed()).anyMatch(s -> s < 16);
        assertTrue(someStopEarly, "the chosen margin should stop some samples early");
        SpikeRecord denseSpikes = new SpikeRecord(net);
        SimulationResult dense = Engines.create(EngineKind.DENSE).run(net, data,
            base.traces(false).earlyExit(rule).listener(denseSpikes).build());
        check(net, full, posthoc, dense, "dense");
        for (int threads : new int[] {1, 4}) {
            SpikeRecord eventSpikes = new SpikeRecord(net);
            SimulationResult event = Engines.create(EngineKind.EVENT).run(net, data, base.earlyExit(rule).threads(threads)
                .ringSize(threads == 1 ? 2 : 64).blockSize(threads == 1 ? 3 : 1024).listener(eventSpikes).build());
            check(net, full, posthoc, event, "event, " + threads + " thread(s)");
            assertNull(denseSpikes.firstDifference(eventSpikes), "spikes heard with " + threads + " thread(s)");
        }
        // Without a listener, three threads run three shards of the samples, each stopping its own samples.
        check(net, full, posthoc, Engines.create(EngineKind.EVENT).run(net, data, base.earlyExit(rule).threads(3).listener(null).build()),
            "event, 3 shards");
        for (var e : denseSpikes.counts.keySet()) {
            String[] key = e.split("/");
            int sample = Integer.parseInt(key[0]), step = Integer.parseInt(key[1]);
            assertTrue(step < posthoc.stepsUsed()[sample], "the listener heard timestep " + step + " past the stop of sample " + sample);
        }
    }

    private static void check(Network net, SimulationResult full, EarlyExitAnalysis posthoc, SimulationResult stopped, String what) {
        assertArrayEquals(posthoc.stepsUsed(), stopped.stepsRun(), what + ": timesteps used");
        int[] cps = stopped.checkpoints();
        for (int s = 0; s < stopped.samples(); s++) {
            for (int k = 0; k < cps.length; k++) {
                int expected = cps[k] <= posthoc.stepsUsed()[s] ? full.predictions()[s][k] : posthoc.predictions()[s];
                assertEquals(expected, stopped.predictions()[s][k], what + ": sample " + s + " at T=" + cps[k]);
            }
        }
        Traces tr = full.traces();
        for (var p : net.populations()) {
            long[] spikes = new long[tr.timesteps()], synops = new long[tr.timesteps()], active = new long[tr.timesteps()];
            for (int s = 0; s < tr.samples(); s++) {
                for (int t = 0; t < posthoc.stepsUsed()[s]; t++) {
                    spikes[t] += tr.spikes(p.id(), s, t);
                    synops[t] += tr.synops(p.id(), s, t);
                    active[t] += tr.active(p.id(), s, t);
                }
            }
            assertArrayEquals(spikes, stopped.counters(p.id()).spikes, what + ": spikes of " + p.name());
            assertArrayEquals(synops, stopped.counters(p.id()).synops, what + ": synops of " + p.name());
            assertArrayEquals(active, stopped.counters(p.id()).activeNeurons, what + ": active neurons of " + p.name());
        }
        assertFalse(stopped.traces() != null && what.startsWith("dense"), "the stopping dense run kept no traces");
    }
}
