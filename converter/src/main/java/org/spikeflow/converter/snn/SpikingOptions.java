package org.spikeflow.converter.snn;

import org.spikeflow.graph.ResetMode;

/**
 * Options of the ANN-to-SNN passes. Defaults are the ones that convert best at low latency: percentile
 * 99.9 normalization, reset by subtraction, membranes starting at half the threshold, an integrating output.
 *
 * @param norm                    normalization mode
 * @param percentile              percentile for the percentile modes, in (0, 100]
 * @param reset                   reset mode of hidden neurons
 * @param initialMembraneFraction initial membrane as a fraction of the threshold, in [0, 1)
 * @param maxSpikesPerStep        1, or k &gt; 1 for multi-spike ("burst") neurons
 * @param output                  spiking or integrating output population
 * @param modelScale              for {@link NormMode#MODEL}: every layer's largest possible input per step, in
 *                                thresholds; NaN for ANNarchy's rule, {@code depth + 1} (its layer index from 2 on)
 * @param burstCalibration        whether calibration clamps hidden activations at {@code maxSpikesPerStep}
 *                                (BrainCog's calibration for burst neurons, {@link BurstCalibration#CLAMP})
 */
public record SpikingOptions(NormMode norm, double percentile, ResetMode reset, float initialMembraneFraction,
                             int maxSpikesPerStep, OutputMode output, float modelScale, BurstCalibration burstCalibration) {
    public static final SpikingOptions DEFAULT =
        new SpikingOptions(NormMode.PERCENTILE, 99.9, ResetMode.SUBTRACT, 0.5f, 1, OutputMode.INTEGRATOR);

    public SpikingOptions(NormMode norm, double percentile, ResetMode reset, float initialMembraneFraction, int maxSpikesPerStep,
                          OutputMode output) {
        this(norm, percentile, reset, initialMembraneFraction, maxSpikesPerStep, output, Float.NaN, BurstCalibration.NONE);
    }

    public SpikingOptions(NormMode norm, double percentile, ResetMode reset, float initialMembraneFraction, int maxSpikesPerStep,
                          OutputMode output, float modelScale) {
        this(norm, percentile, reset, initialMembraneFraction, maxSpikesPerStep, output, modelScale, BurstCalibration.NONE);
    }

    public SpikingOptions(NormMode norm, double percentile, ResetMode reset, float initialMembraneFraction, int maxSpikesPerStep,
                          OutputMode output, BurstCalibration burstCalibration) {
        this(norm, percentile, reset, initialMembraneFraction, maxSpikesPerStep, output, Float.NaN, burstCalibration);
    }

    public SpikingOptions {
        if (!Float.isNaN(modelScale) && !(modelScale > 0f && Float.isFinite(modelScale))) {
            throw new IllegalArgumentException("model scale must be a positive number, got " + modelScale);
        }
        if (norm == null || reset == null || output == null || burstCalibration == null) {
            throw new IllegalArgumentException("norm, reset, output and burst calibration modes are required");
        }
        if (burstCalibration == BurstCalibration.CLAMP && !(norm.needsCalibration() && norm != NormMode.THRESHOLD_BALANCING)) {
            throw new IllegalArgumentException("the burst calibration clamp sets thresholds from activation statistics;"
                + " normalization " + norm.name().toLowerCase(java.util.Locale.ROOT) + " collects none");
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        }
        if (!(initialMembraneFraction >= 0f && initialMembraneFraction < 1f)) {
            throw new IllegalArgumentException("initial membrane fraction must be in [0, 1), got " + initialMembraneFraction);
        }
        if (maxSpikesPerStep < 1) {
            throw new IllegalArgumentException("max spikes per step must be >= 1, got " + maxSpikesPerStep);
        }
    }

    public SpikingOptions withNorm(NormMode n) {
        return new SpikingOptions(n, percentile, reset, initialMembraneFraction, maxSpikesPerStep, output, modelScale, burstCalibration);
    }

    public SpikingOptions withPercentile(double p) {
        return new SpikingOptions(norm, p, reset, initialMembraneFraction, maxSpikesPerStep, output, modelScale, burstCalibration);
    }

    public SpikingOptions withReset(ResetMode r) {
        return new SpikingOptions(norm, percentile, r, initialMembraneFraction, maxSpikesPerStep, output, modelScale, burstCalibration);
    }

    public SpikingOptions withInitialMembraneFraction(float f) {
        return new SpikingOptions(norm, percentile, reset, f, maxSpikesPerStep, output, modelScale, burstCalibration);
    }

    public SpikingOptions withMaxSpikesPerStep(int k) {
        return new SpikingOptions(norm, percentile, reset, initialMembraneFraction, k, output, modelScale, burstCalibration);
    }

    public SpikingOptions withOutput(OutputMode o) {
        return new SpikingOptions(norm, percentile, reset, initialMembraneFraction, maxSpikesPerStep, o, modelScale, burstCalibration);
    }

    /** With {@link NormMode#MODEL}'s layer scale fixed to {@code s} (NaN: ANNarchy's {@code depth + 1}). */
    public SpikingOptions withModelScale(float s) {
        return new SpikingOptions(norm, percentile, reset, initialMembraneFraction, maxSpikesPerStep, output, s, burstCalibration);
    }

    public SpikingOptions withBurstCalibration(BurstCalibration c) {
        return new SpikingOptions(norm, percentile, reset, initialMembraneFraction, maxSpikesPerStep, output, modelScale, c);
    }
}
