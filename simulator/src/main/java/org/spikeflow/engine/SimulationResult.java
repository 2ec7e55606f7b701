package org.spikeflow.engine;

import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;

import org.spikeflow.report.LayerKind;
import org.spikeflow.report.LayerReport;
import org.spikeflow.report.SimulationReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a simulation produced: predictions at every checkpoint, per-population counters and timing.
 * {@link #toReport()} gives the typed report.
 */
public final class SimulationResult {
    private final Network network;
    private final SimulationConfig config;
    private final EngineKind engine;
    private final int[] labels;
    private final int[][] predictions;
    private final PopulationCounters[] counters;
    private final double wallSeconds;
    private final double cpuSeconds;
    private final long denseOperations;
    private final int[] stepsRun;
    private final Traces traces;
    private final PixelPredictions pixels;
    private final org.spikeflow.data.Dataset.Masks masks;

    public SimulationResult(Network network, SimulationConfig config, EngineKind engine, int[] labels,
                            int[][] predictions, PopulationCounters[] counters, double wallSeconds, double cpuSeconds,
                            long denseOperations, int[] stepsRun, Traces traces) {
        this(network, config, engine, labels, predictions, counters, wallSeconds, cpuSeconds, denseOperations, stepsRun, traces,
            null, null);
    }

    /**
     * With the per-pixel predictions of a segmentation run and the samples' masks (either may be null).
     */
    public SimulationResult(Network network, SimulationConfig config, EngineKind engine, int[] labels,
                            int[][] predictions, PopulationCounters[] counters, double wallSeconds, double cpuSeconds,
                            long denseOperations, int[] stepsRun, Traces traces, PixelPredictions pixels,
                            org.spikeflow.data.Dataset.Masks masks) {
        this.pixels = pixels;
        this.masks = masks;
        this.network = network;
        this.config = config;
        this.engine = engine;
        this.labels = labels;
        this.predictions = predictions;
        this.counters = counters;
        this.wallSeconds = wallSeconds;
        this.cpuSeconds = cpuSeconds;
        this.denseOperations = denseOperations;
        this.stepsRun = stepsRun;
        this.traces = traces;
    }

    /** Per-pixel classes {@code [sample][checkpoint][pixel]} of a segmentation output; else null. */
    public byte[][][] pixelPredictions() {
        return pixels == null ? null : pixels.classes();
    }

    /** Segmentation scores at every checkpoint, when the output is per pixel and the data has masks; else null. */
    public Map<Integer, org.spikeflow.report.SegmentationScores> segmentation() {
        if (pixels == null || masks == null) return null;
        final int[] c = config.checkpoints();
        final int classes = PixelConfusion.classesFor(network.output().shape().channels(), masks);
        final Map<Integer, org.spikeflow.report.SegmentationScores> out = new LinkedHashMap<>();
        for (int k = 0; k < c.length; k++) {
            final PixelConfusion m = new PixelConfusion(classes);
            for (int s = 0; s < labels.length; s++) m.add(masks.labels()[s], pixels.classes()[s][k]);
            out.put(c[k], m.scores());
        }
        return out;
    }

    /** Timesteps each sample ran: all of them, or fewer where an early exit stopped it. */
    public int[] stepsRun() {
        return stepsRun;
    }

    /** Per-sample, per-timestep records, when the configuration asked for them; else null. */
    public Traces traces() {
        return traces;
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
    /** CPU time of the engine's own threads (the simulation, not the JVM around it). */
    public double cpuSeconds() { return cpuSeconds; }
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

    /** The report (JSON field names as documented in docs/report-schema.md); source file and data left null. */
    public SimulationReport toReport() {
        final double n = Math.max(1, labels.length);
        final int t = config.timesteps();
        // Timesteps a sample ran on average: all of them, or fewer where an early exit stopped samples.
        double meanSteps = 0;
        for (int r : stepsRun) meanSteps += r;
        meanSteps = labels.length == 0 ? t : meanSteps / labels.length;
        Map<Integer, Double> acc = new LinkedHashMap<>();
        int[] c = config.checkpoints();
        for (int k = 0; k < c.length; k++) acc.put(c[k], accuracy(k));
        List<LayerReport> layers = new ArrayList<>();
        for (Population p : network.populations()) {
            PopulationCounters pc = counters[p.id()];
            long conn = 0;
            for (Projection pr : network.incoming(p.id())) conn += pr.connections();
            long sourceNeurons = 0;
            Set<Population> sources = new LinkedHashSet<>();
            for (Projection pr : network.incoming(p.id())) if (sources.add(pr.source())) sourceNeurons += pr.source().size();
            double[] spikeStep = new double[t];
            double[] synStep = new double[t];
            double[] activeStep = new double[t];
            for (int i = 0; i < t; i++) {
                spikeStep[i] = pc.spikes[i] / n;
                synStep[i] = pc.synops[i] / n;
                activeStep[i] = pc.activeNeurons[i] / n;
            }
            boolean input = p.kind() == PopulationKind.INPUT;
            layers.add(new LayerReport(p.name(), LayerKind.of(network, p),
                List.of(p.shape().channels(), p.shape().height(), p.shape().width()), p.size(), conn, sourceNeurons,
                PopulationCounters.sum(pc.spikes) / n, PopulationCounters.sum(pc.synops) / n,
                PopulationCounters.sum(pc.inputSpikes) / n, input ? 0L : Math.round(p.size() * meanSteps),
                PopulationCounters.sum(pc.activeNeurons) / n,
                input ? 0.0 : PopulationCounters.sum(pc.spikes) / n / p.size() / (meanSteps * config.timestepMs() / 1000.0),
                spikeStep, synStep, activeStep));
        }
        return new SimulationReport(SimulationReport.VERSION, network.name(), labels.length, t, config.timestepMs(),
            engine, config.threads(), config.encoder(), config.readout().resolve(network.output()), config.seed(), acc, meanDecisionTimestep(), layers,
            totalSpikes() / n, totalSynops() / n, wallSeconds, wallSeconds > 0 ? labels.length / wallSeconds : 0,
            wallSeconds > 0 ? totalSynops() / wallSeconds : 0, cpuSeconds, ProcessMemory.peakResidentBytes(),
            denseOperations > 0 ? denseOperations : null, null, null,
            null, null, null, segmentation(), null, null);
    }
}
