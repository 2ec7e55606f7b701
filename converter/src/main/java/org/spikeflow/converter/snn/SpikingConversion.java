package org.spikeflow.converter.snn;

import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Network;

import java.util.function.IntConsumer;

/**
 * The graph-level half of conversion: from an ANN-form event graph (as emitted from an imported model) to a
 * spiking network. Passes, in order: fold average pooling (optional), calibrate (activation statistics on
 * calibration samples; with {@link BurstCalibration#CLAMP} on the graph whose hidden activations are clamped at the
 * burst length), normalize (weights, biases, thresholds, neuron set-up).
 */
public final class SpikingConversion {
    /** Timesteps of the calibration simulations of threshold balancing. */
    public static final int BALANCING_TIMESTEPS = 32;

    private SpikingConversion() {
    }

    /**
     * @param ann           ANN-form graph: ReLU semantics for spiking populations, linear output
     * @param calibration   calibration samples (may be null with {@link NormMode#NONE} and {@link NormMode#MODEL})
     * @param options       spiking options
     * @param foldAvgPool   fold non-overlapping average pooling into the next layer
     * @param threads       threads for calibration
     * @param progress      called with the number of calibrated samples; may be null
     */
    public static Network convert(Network ann, Dataset calibration, SpikingOptions options, boolean foldAvgPool,
                                  int threads, IntConsumer progress) {
        Network net = foldAvgPool ? FoldAveragePooling.apply(ann) : ann;
        if (options.norm() == NormMode.THRESHOLD_BALANCING) {
            if (calibration == null) throw new IllegalArgumentException("threshold balancing needs calibration data");
            return ThresholdBalancing.apply(net, calibration, options, BALANCING_TIMESTEPS);
        }
        final Network calibrated = options.burstCalibration() == BurstCalibration.CLAMP
            ? BurstCalibration.clamped(net, options.maxSpikesPerStep()) : net;
        ActivationStatistics stats = !options.norm().needsCalibration() || calibration == null ? null
            : ActivationStatistics.collect(calibrated, calibration, threads, progress);
        return Normalize.apply(net, stats, options);
    }
}
