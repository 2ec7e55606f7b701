package org.spikeflow.training;

import java.util.Arrays;

/**
 * Spiking-aware fine-tuning settings, validated on construction. Messages start with the command-line name of
 * the offending argument.
 *
 * @param timesteps  simulated timesteps T of the spiking forward pass (of the first stage)
 * @param epochs     epochs (of the first stage)
 * @param batchSize  mini-batch size (of the first stage)
 * @param learningRate Adam learning rate (of the first stage)
 * @param dtMs       timestep length in ms per epoch; the last entry holds for the remaining epochs. It turns
 *                   spikes per step into Hz for the firing-rate band
 * @param tauMs      synaptic low-pass time constant in ms for the forward rates, 0 for none
 * @param lowerHz    lower edge of the firing-rate band
 * @param upperHz    upper edge of the firing-rate band
 * @param rateL2     weight of the L2 penalty on rates (in Hz) outside the band
 * @param iterate    run further stages, each doubling T and halving batch size, epochs and learning rate,
 *                   while the halved epochs stay at least 1
 * @param percentile percentile of ANN activations that sets each layer's ceiling when the model has none
 * @param seed       seed of shuffling
 */
public record FineTuneConfig(int timesteps, int epochs, int batchSize, double learningRate, double[] dtMs, double tauMs,
                             double lowerHz, double upperHz, double rateL2, boolean iterate, double percentile, long seed) {
    public FineTuneConfig {
        if (timesteps < 1) throw new IllegalArgumentException("timesteps must be >= 1, got " + timesteps);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("lr must be > 0, got " + learningRate);
        if (dtMs == null || dtMs.length == 0) throw new IllegalArgumentException("dt needs at least one value");
        for (double d : dtMs) if (!(d > 0)) throw new IllegalArgumentException("dt values must be > 0 ms, got " + d);
        dtMs = dtMs.clone();
        if (!(tauMs >= 0)) throw new IllegalArgumentException("tau must be >= 0 ms, got " + tauMs);
        if (!(lowerHz >= 0)) throw new IllegalArgumentException("lower-hz must be >= 0, got " + lowerHz);
        if (!(lowerHz < upperHz)) {
            throw new IllegalArgumentException("lower-hz (" + lowerHz + ") must be below upper-hz (" + upperHz + ")");
        }
        if (!(rateL2 >= 0)) throw new IllegalArgumentException("l2 must be >= 0, got " + rateL2);
        if (!(percentile > 0 && percentile <= 100)) throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
    }

    /** Timestep length of an epoch (1-based, counted across stages). */
    public double dtMsAt(int epoch) {
        return dtMs[Math.min(epoch, dtMs.length) - 1];
    }

    /** The stages: {@code {timesteps, batch, epochs}} and the learning rate, halving from the first. */
    public record Stage(int index, int timesteps, int batchSize, int epochs, double learningRate) {
    }

    public java.util.List<Stage> stages() {
        java.util.List<Stage> s = new java.util.ArrayList<>();
        s.add(new Stage(0, timesteps, batchSize, epochs, learningRate));
        if (iterate) {
            for (int k = 1; (epochs >> k) >= 1; k++) {
                s.add(new Stage(k, timesteps << k, Math.max(1, batchSize >> k), epochs >> k, learningRate / (1 << k)));
            }
        }
        return s;
    }

    @Override
    public double[] dtMs() {
        return dtMs.clone();
    }

    @Override
    public String toString() {
        return "FineTuneConfig[T=" + timesteps + ", epochs=" + epochs + ", batch=" + batchSize + ", lr=" + learningRate
            + ", dtMs=" + Arrays.toString(dtMs) + ", tauMs=" + tauMs + ", band=[" + lowerHz + ", " + upperHz + "] Hz, l2="
            + rateL2 + ", iterate=" + iterate + "]";
    }
}
