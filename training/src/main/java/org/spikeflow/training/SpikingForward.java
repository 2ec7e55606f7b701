package org.spikeflow.training;

import org.spikeflow.converter.snn.NormMode;
import org.spikeflow.converter.snn.SpikingConversion;
import org.spikeflow.converter.snn.SpikingOptions;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The spiking forward pass of fine-tuning: the model, with one ceiling per ReLU layer, converted exactly as
 * {@code snn convert --norm cap} converts it (thresholds at the ceilings, reset by subtraction, membranes starting
 * at half the threshold, an integrating output), then run by the event-driven engine, so the spikes are the
 * simulator's own. It reports, per hidden layer and sample, each neuron's rate in spikes per timestep: the spike
 * count over T, or with a synaptic time constant the low-pass filtered spike train at the last step, normalized to
 * unit gain (weights {@code exp(-dt/tau)^(T-1-t)} over timesteps t).
 */
public final class SpikingForward {
    private final Network snn;
    private final List<Population> hidden = new ArrayList<>();
    private final int timesteps;
    private final float[] stepWeight;

    /**
     * @param model       a model whose {@code caps} hold one ceiling per ReLU layer
     * @param calibration a few samples (scale of the output population only; it never changes the winning class)
     * @param timesteps   simulated timesteps T
     * @param dtMs        timestep in ms
     * @param tauMs       synaptic low-pass time constant in ms, 0 for the plain spike count
     */
    public SpikingForward(TrainedModel model, Dataset calibration, int timesteps, double dtMs, double tauMs) {
        if (model.caps().isEmpty()) throw new IllegalArgumentException("the spiking forward pass needs one ceiling per ReLU layer");
        this.snn = SpikingConversion.convert(NetworkBuilder.of(model), calibration,
            SpikingOptions.DEFAULT.withNorm(NormMode.CAP), true, 1, null);
        for (Population p : snn.populations()) {
            if (p.kind() == PopulationKind.SPIKING && p != snn.output()) hidden.add(p);
        }
        if (hidden.size() != model.caps().size()) {
            throw new IllegalStateException("converted network has " + hidden.size() + " hidden populations for "
                + model.caps().size() + " ReLU layers");
        }
        this.timesteps = timesteps;
        this.stepWeight = new float[timesteps];
        double alpha = tauMs > 0 ? Math.exp(-dtMs / tauMs) : 1.0;
        double sum = 0;
        for (int t = 0; t < timesteps; t++) sum += Math.pow(alpha, timesteps - 1 - t);
        for (int t = 0; t < timesteps; t++) stepWeight[t] = (float) (Math.pow(alpha, timesteps - 1 - t) / sum);
    }

    public Network network() {
        return snn;
    }

    /** The spiking population of each ReLU layer, in plan order. */
    public List<Population> hiddenPopulations() {
        return List.copyOf(hidden);
    }

    /** Result of one forward pass. */
    public record Pass(float[][][] rates, SimulationResult[] results) {
        /** Mean spikes per sample over all populations. */
        public double spikesPerSample() {
            long s = 0;
            int n = 0;
            for (SimulationResult r : results) {
                s += r.totalSpikes();
                n += r.samples();
            }
            return n == 0 ? 0 : s / (double) n;
        }

        /** Correct predictions at the last timestep. */
        public int correct() {
            int ok = 0;
            for (SimulationResult r : results) ok += (int) Math.round(r.accuracy(r.checkpoints().length - 1) * r.samples());
            return ok;
        }
    }

    /**
     * Runs the samples, split in {@code parts} contiguous ranges simulated concurrently (one engine thread each;
     * the spikes do not depend on the split). Rates are {@code [layer][sample][neuron]} with neurons in
     * channel-major (NCHW) order, as the training graph holds them.
     */
    public Pass run(Dataset data, int parts) {
        final int n = data.size();
        final float[][][] hwcRates = new float[hidden.size()][n][];
        final int[] popLayer = new int[snn.populations().size()];
        java.util.Arrays.fill(popLayer, -1);
        for (int i = 0; i < hidden.size(); i++) {
            popLayer[hidden.get(i).id()] = i;
            for (int s = 0; s < n; s++) hwcRates[i][s] = new float[hidden.get(i).size()];
        }
        int k = Math.max(1, Math.min(parts, n));
        SimulationResult[] results = new SimulationResult[k];
        List<CompletableFuture<Void>> jobs = new ArrayList<>();
        for (int part = 0; part < k; part++) {
            final int from = (int) ((long) n * part / k), to = (int) ((long) n * (part + 1) / k);
            final int index = part;
            Runnable job = () -> {
                SimulationConfig cfg = SimulationConfig.builder().timesteps(timesteps).threads(1)
                    .listener((sample, t, pop, idx, count, m) -> {
                        final int layer = popLayer[pop];
                        if (layer < 0) return;
                        final float[] r = hwcRates[layer][from + sample];
                        final float wt = stepWeight[t];
                        for (int j = 0; j < m; j++) r[idx[j]] += wt * count[j];
                    }).build();
                results[index] = Engines.create(EngineKind.EVENT).run(snn, data.slice(from, to), cfg);
            };
            if (part == k - 1) job.run();
            else jobs.add(CompletableFuture.runAsync(job));
        }
        for (CompletableFuture<Void> j : jobs) j.join();
        float[][][] rates = new float[hidden.size()][n][];
        for (int i = 0; i < hidden.size(); i++) {
            for (int s = 0; s < n; s++) rates[i][s] = Dataset.toChw(hwcRates[i][s], hidden.get(i).shape());
        }
        return new Pass(rates, results);
    }
}
