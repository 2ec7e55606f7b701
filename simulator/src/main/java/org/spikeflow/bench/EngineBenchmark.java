package org.spikeflow.bench;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.ProjectionKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the synthetic conv and dense networks with both engines at a chosen input activity (regular-rate
 * input, so exactly that fraction of inputs is active) and reports synaptic operations per second. Both
 * engines perform the same synaptic operations (they are tested spike for spike); the dense engine also
 * evaluates every other weight, reported as its dense multiply-accumulates per second.
 */
public final class EngineBenchmark {
    /** Benchmark settings. */
    public record Settings(double activity, int timesteps, int samples, int threads, int size, int channels, int layers,
                           int denseInputs, int denseHidden, int repeats) {
        public Settings {
            if (!(activity > 0 && activity <= 1)) throw new IllegalArgumentException("activity must be in (0, 1], got " + activity);
            if (timesteps < 1 || samples < 1 || threads < 1 || size < 3 || channels < 1 || layers < 1 || repeats < 1) {
                throw new IllegalArgumentException("timesteps, samples, threads, channels, layers and repeats must be >= 1, size >= 3");
            }
        }

        public static Settings defaults() {
            return new Settings(0.05, 64, 16, 2, 32, 64, 3, 1024, 512, 3);
        }
    }

    private EngineBenchmark() {
    }

    public static Map<String, Object> run(Settings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("activity", s.activity());
        out.put("timesteps", s.timesteps());
        out.put("samples", s.samples());
        out.put("threads", s.threads());
        out.put("available_processors", Runtime.getRuntime().availableProcessors());
        List<Map<String, Object>> nets = new ArrayList<>();
        nets.add(measure(SyntheticNetworks.conv(s.size(), s.channels(), s.layers(), 1), s));
        nets.add(measure(SyntheticNetworks.dense(s.denseInputs(), s.denseHidden(), s.layers(), 2), s));
        out.put("networks", nets);
        return out;
    }

    static Map<String, Object> measure(Network net, Settings s) {
        Dataset data = SyntheticNetworks.inputs(net, s.samples(), s.activity(), 3);
        SimulationConfig cfg = SimulationConfig.builder().timesteps(s.timesteps()).encoder(EncoderKind.ANALOG)
            .threads(s.threads()).build();
        // Warm-up: one run of each engine on a few samples.
        Dataset warm = data.limit(Math.max(1, s.samples() / 4));
        Engines.create(EngineKind.EVENT).run(net, warm, cfg);
        Engines.create(EngineKind.DENSE).run(net, warm.limit(1), cfg);
        SimulationResult event = null;
        SimulationResult dense = null;
        double eventSeconds = Double.MAX_VALUE;
        double denseSeconds = Double.MAX_VALUE;
        for (int r = 0; r < s.repeats(); r++) {
            SimulationResult e = Engines.create(EngineKind.EVENT).run(net, data, cfg);
            if (e.wallSeconds() < eventSeconds) {
                eventSeconds = e.wallSeconds();
                event = e;
            }
        }
        // The dense reference is slow: one run on a quarter of the samples, scaled per sample.
        Dataset denseData = data.limit(Math.max(1, s.samples() / 4));
        dense = Engines.create(EngineKind.DENSE).run(net, denseData, cfg);
        denseSeconds = dense.wallSeconds();
        double eventSynops = event.totalSynops();
        double denseSynops = dense.totalSynops();
        double eventRate = eventSynops / eventSeconds;
        double denseRate = denseSynops / denseSeconds;
        long convSynops = 0;
        for (Population p : net.populations()) {
            if (p.kind() == PopulationKind.SPIKING && net.incoming(p.id()).get(0).kind() == ProjectionKind.CONV) {
                convSynops += PopulationCounters.sum(event.counters(p.id()).synops);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", net.name());
        m.put("neurons", net.neurons());
        m.put("synapses", net.synapses());
        Map<String, Object> activity = new LinkedHashMap<>();
        for (Population p : net.populations()) {
            activity.put(p.name(), PopulationCounters.sum(event.counters(p.id()).spikes)
                / (double) p.size() / s.timesteps() / s.samples());
        }
        m.put("spikes_per_neuron_per_step", activity);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("wall_seconds", eventSeconds);
        ev.put("samples_per_second", s.samples() / eventSeconds);
        ev.put("synops_per_sample", eventSynops / s.samples());
        ev.put("synops_per_second", eventRate);
        ev.put("conv_fanout_synops_per_second", convSynops / eventSeconds);
        m.put("event", ev);
        Map<String, Object> de = new LinkedHashMap<>();
        de.put("wall_seconds", denseSeconds);
        de.put("samples", denseData.size());
        de.put("samples_per_second", denseData.size() / denseSeconds);
        de.put("synops_per_second", denseRate);
        de.put("dense_macs_per_second", dense.denseOperations() / denseSeconds);
        m.put("dense", de);
        m.put("event_over_dense_speedup", eventRate / denseRate);
        return m;
    }
}
