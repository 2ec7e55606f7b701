package org.spikeflow.report;

import java.util.List;

/**
 * The early-exit part of a simulate report: how the samples fare when each one stops once the read-out's margin
 * has held for the patience (docs/report-schema.md). The rest of the report is the run without early exit, unless
 * {@code stopped} says the engine itself stopped the samples.
 *
 * @param margin             the margin threshold
 * @param patience           timesteps the margin must hold
 * @param marginUnit         what the margin counts: {@code spikes}, {@code output} or {@code timesteps}
 * @param stopped            true when the engine stopped the samples (the rest of the report is then that run)
 * @param timestepsPerSample timesteps each sample ran
 * @param sweep              the same for other margins (from the same run's traces), for the accuracy/latency curve
 * @param energy             energy per inference with early exit, when devices were given
 */
public record EarlyExitReport(double margin, int patience, String marginUnit, boolean stopped, double accuracy,
                              double meanTimesteps, int medianTimesteps, int p90Timesteps, int p99Timesteps,
                              double spikesPerSample, double synopsPerSample, List<Layer> layers, int[] timestepsPerSample,
                              List<Point> sweep, EnergyReport energy) {
    public EarlyExitReport {
        layers = layers == null ? List.of() : List.copyOf(layers);
        sweep = sweep == null ? List.of() : List.copyOf(sweep);
    }

    /** One layer's events per sample with early exit. */
    public record Layer(String name, double spikesPerSample, double synopsPerSample, double activeNeuronUpdatesPerSample,
                        double neuronUpdatesPerSample) {
    }

    /** One margin of the sweep. */
    public record Point(double margin, int patience, double accuracy, double meanTimesteps, double spikesPerSample,
                        double synopsPerSample) {
    }

    public EarlyExitReport withEnergy(EnergyReport e) {
        return new EarlyExitReport(margin, patience, marginUnit, stopped, accuracy, meanTimesteps, medianTimesteps, p90Timesteps,
            p99Timesteps, spikesPerSample, synopsPerSample, layers, timestepsPerSample, sweep, e);
    }
}
