package org.spikeflow.engine;

import java.util.Arrays;

/**
 * What an early exit would have given, worked out from a full run's {@link Traces}: for every sample the timestep
 * the rule stops at and the prediction there, and every population's events up to that timestep. The computation
 * up to a stop is the same whether or not the run goes on, so these are exactly the figures of a run that stops
 * (a test holds both engines to it), and one full run answers any number of margins.
 *
 * @param rule          the rule analysed
 * @param stepsUsed     timesteps each sample runs under the rule
 * @param predictions   each sample's prediction where it stops
 * @param spikes        per population, spikes per sample (mean) up to the stops
 * @param synops        per population, synaptic operations per sample (mean) up to the stops
 * @param active        per population, active neuron updates per sample (mean) up to the stops
 * @param neuronUpdates per population, neuron updates per sample (mean): every neuron every timestep run
 */
public record EarlyExitAnalysis(EarlyExit rule, int[] stepsUsed, int[] predictions, double accuracy, double[] spikes,
                                double[] synops, double[] active, double[] neuronUpdates) {

    public static EarlyExitAnalysis of(SimulationResult run, EarlyExit rule) {
        final Traces tr = run.traces();
        if (tr == null) throw new IllegalArgumentException("the run kept no traces (SimulationConfig.traces(true))");
        final int n = tr.samples(), t = tr.timesteps();
        final int pops = run.network().populations().size();
        final int[] used = new int[n];
        final int[] pred = new int[n];
        final double[] spikes = new double[pops], synops = new double[pops], active = new double[pops], updates = new double[pops];
        int correct = 0;
        for (int s = 0; s < n; s++) {
            final int ran = tr.stepsRun(s);
            final int stop = Math.min(rule.stopStep(tr.margins(), s * t, ran), ran - 1);
            used[s] = stop + 1;
            pred[s] = tr.prediction(s, stop);
            if (pred[s] == run.labels()[s]) correct++;
            for (var p : run.network().populations()) {
                final int id = p.id();
                for (int k = 0; k <= stop; k++) {
                    spikes[id] += tr.spikes(id, s, k);
                    synops[id] += tr.synops(id, s, k);
                    active[id] += tr.active(id, s, k);
                }
                if (p.kind() != org.spikeflow.graph.PopulationKind.INPUT) updates[id] += (double) p.size() * (stop + 1);
            }
        }
        final double per = Math.max(1, n);
        for (int id = 0; id < pops; id++) {
            spikes[id] /= per;
            synops[id] /= per;
            active[id] /= per;
            updates[id] /= per;
        }
        return new EarlyExitAnalysis(rule, used, pred, n == 0 ? 0 : correct / (double) n, spikes, synops, active, updates);
    }

    public double meanSteps() {
        return Arrays.stream(stepsUsed).average().orElse(0);
    }

    /** The {@code q}-quantile (0..1) of the timesteps used, nearest rank. */
    public int stepsQuantile(double q) {
        if (stepsUsed.length == 0) return 0;
        int[] sorted = stepsUsed.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
