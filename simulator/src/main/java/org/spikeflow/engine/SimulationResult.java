package org.spikeflow.engine;

import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simulation produced: predictions at every checkpoint, per-population counters and timing.
 * {@link #toReport()} gives the documented JSON report structure.
 */
public final class SimulationResult {
    private final Network network;
    private final SimulationConfig config;
    private final EngineKind engine;
    private final int[] labels;
    private final int[][] predictions;
    private final PopulationCounters[] counters;
    private final double wallSeconds;
    private final long denseOperations;

    public SimulationResult(Network network, SimulationConfig config, EngineKind engine, int[] labels,
                            int[][] predictions, PopulationCounters[] counters, double wallSeconds,
                            long denseOperations) {
        this.network = network;
        this.config = config;
        this.engine = engine;
        this.labels = labels;
        this.predictions = predictions;
        this.counters = counters;
        this.wallSeconds = wallSeconds;
        this.denseOperations = denseOperations;
    }

    public Network network() { return network; }
    public SimulationConfig config() { return config; }
    public EngineKind engine() { return engine; }
    public int samples() { return labels.length; }
    public int[] labels() { return labels; }
    /** {@code predictions[sample][checkpointIndex]}. */
    public int[][] predictions() { return predictions; }
    public int[] checkpoints() { return config.checkpoints(); }
    public double wallSeconds() { return wallSeconds; }
    /** Counters of population {@code id} (topological index). */
    public PopulationCounters counters(int populationId) { return counters[populationId]; }
    /** Multiply-accumulates the dense engine evaluated (all weights, every step); 0 for the event engine. */
    public long denseOperations() { return denseOperations; }

    /** Fraction correct at checkpoint index {@code k}. */
    public double accuracy(int k) {
        if (labels.length == 0) return 0;
        int ok = 0;
        for (int s = 0; s < labels.length; s++) if (predictions[s][k] == labels[s]) ok++;
        return ok / (double) labels.length;
    }

    /** Accuracy at the given checkpoint timestep. */
    public double accuracyAt(int timestep) {
        int[] c = config.checkpoints();
        for (int k = 0; k < c.length; k++) if (c[k] == timestep) return accuracy(k);
        throw new IllegalArgumentException("no checkpoint at timestep " + timestep);
    }

    /** Per sample, the first checkpoint from which the prediction never changes again; averaged. */
    public double meanDecisionTimestep() {
        int[] c = config.checkpoints();
        double sum = 0;
        for (int[] p : predictions) {
            int k = c.length - 1;
            while (k > 0 && p[k - 1] == p[c.length - 1]) k--;
            sum += c[k];
        }
        return labels.length == 0 ? 0 : sum / labels.length;
    }

    /** Spikes emitted by spiking neurons (input events and max-pool relays are not neuron spikes). */
    public long totalSpikes() {
        long s = 0;
        for (Population p : network.populations()) {
            if (p.kind() == PopulationKind.SPIKING) s += PopulationCounters.sum(counters[p.id()].spikes);
        }
        return s;
    }

    public long totalSynops() {
        long s = 0;
        for (PopulationCounters c : counters) s += PopulationCounters.sum(c.synops);
        return s;
    }

    private static String kindName(Network n, Population p) {
        if (p.kind() == PopulationKind.INPUT) return "input";
        if (p.kind() == PopulationKind.MAX_POOL) return "max_pool";
        List<Projection> in = n.incoming(p.id());
        return in.get(0).kind().name().toLowerCase();
    }

    /** The report as nested maps and lists (JSON-ready, documented in the README). */
    public Map<String, Object> toReport() {
        final double n = Math.max(1, labels.length);
        final int t = config.timesteps();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("network", network.name());
        r.put("samples", labels.length);
        r.put("timesteps", t);
        r.put("timestep_ms", config.timestepMs());
        r.put("engine", engine.name().toLowerCase());
        r.put("threads", config.threads());
        r.put("encoder", config.encoder().name().toLowerCase());
        r.put("readout", config.readout().name().toLowerCase());
        r.put("seed", config.seed());
        Map<String, Object> acc = new LinkedHashMap<>();
        int[] c = config.checkpoints();
        for (int k = 0; k < c.length; k++) acc.put(Integer.toString(c[k]), accuracy(k));
        r.put("accuracy", acc);
        r.put("mean_decision_timestep", meanDecisionTimestep());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Population p : network.populations()) {
            PopulationCounters pc = counters[p.id()];
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", p.name());
            l.put("kind", kindName(network, p));
            l.put("shape", List.of(p.shape().channels(), p.shape().height(), p.shape().width()));
            l.put("neurons", p.size());
            long conn = 0;
            for (Projection pr : network.incoming(p.id())) conn += pr.connections();
            l.put("connections", conn);
            long sourceNeurons = 0;
            java.util.Set<Population> sources = new java.util.LinkedHashSet<>();
            for (Projection pr : network.incoming(p.id())) if (sources.add(pr.source())) sourceNeurons += pr.source().size();
            l.put("source_neurons", sourceNeurons);
            l.put("spikes_per_sample", PopulationCounters.sum(pc.spikes) / n);
            l.put("synops_per_sample", PopulationCounters.sum(pc.synops) / n);
            l.put("input_spikes_per_sample", PopulationCounters.sum(pc.inputSpikes) / n);
            l.put("neuron_updates_per_sample", p.kind() == PopulationKind.INPUT ? 0L : (long) p.size() * t);
            l.put("active_neuron_updates_per_sample", PopulationCounters.sum(pc.activeNeurons) / n);
            l.put("firing_rate_hz", p.kind() == PopulationKind.INPUT ? 0.0
                : PopulationCounters.sum(pc.spikes) / n / p.size() / (t * config.timestepMs() / 1000.0));
            double[] perStep = new double[t];
            for (int i = 0; i < t; i++) perStep[i] = pc.spikes[i] / n;
            l.put("spikes_per_timestep", perStep);
            double[] synStep = new double[t];
            double[] activeStep = new double[t];
            for (int i = 0; i < t; i++) {
                synStep[i] = pc.synops[i] / n;
                activeStep[i] = pc.activeNeurons[i] / n;
            }
            l.put("synops_per_timestep", synStep);
            l.put("active_neurons_per_timestep", activeStep);
            layers.add(l);
        }
        r.put("layers", layers);
        r.put("spikes_per_sample", totalSpikes() / n);
        r.put("synops_per_sample", totalSynops() / n);
        r.put("wall_seconds", wallSeconds);
        r.put("samples_per_second", wallSeconds > 0 ? labels.length / wallSeconds : 0);
        r.put("synops_per_second", wallSeconds > 0 ? totalSynops() / wallSeconds : 0);
        if (denseOperations > 0) r.put("dense_operations", denseOperations);
        return r;
    }
}
