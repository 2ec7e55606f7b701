package org.spikeflow.sweep;

import org.spikeflow.converter.snn.NormMode;
import org.spikeflow.converter.snn.OutputMode;
import org.spikeflow.converter.snn.SpikingOptions;
import org.spikeflow.data.spec.Split;
import org.spikeflow.graph.ResetMode;

import java.io.Serializable;

/**
 * One conversion setting, with {@code snn convert}'s options and defaults. Settings that do not apply to the
 * normalization mode are null ({@code percentile} outside the percentile modes; the calibration set with
 * {@code --norm none}), so two grid points that differ only there are one conversion.
 *
 * @param percentile        percentile of percentile, channel and cap modes; null for the others
 * @param calibrationSplit  part of the calibration data ({@code --calibration-split}); null for norm none
 * @param calibrationLimit  stratified calibration samples, 0 for all ({@code --calibration-limit}); 0 for norm none
 */
public record ConversionSettings(NormMode norm, Double percentile, int burst, ResetMode reset, float v0, OutputMode outputLayer,
                                 boolean foldAvgPool, Split calibrationSplit, int calibrationLimit) implements Serializable {
    public static final double DEFAULT_PERCENTILE = SpikingOptions.DEFAULT.percentile();
    public static final int DEFAULT_CALIBRATION_LIMIT = 5000;

    /** True for the modes whose scales come from a percentile of the calibration activations. */
    public static boolean usesPercentile(NormMode n) {
        return n == NormMode.PERCENTILE || n == NormMode.CHANNEL_PERCENTILE || n == NormMode.CAP;
    }

    /** True unless the mode keeps the weights as they are or needs no data (model-based). */
    public static boolean usesCalibration(NormMode n) {
        return n.needsCalibration();
    }

    /** True for the modes that normalize from activation statistics (all but none, model and threshold balancing). */
    public boolean usesStatistics() {
        return norm.needsCalibration() && norm != NormMode.THRESHOLD_BALANCING;
    }

    /**
     * The converter's options; {@code snn convert} passes its default percentile to modes that ignore it, and so does
     * this, so the networks are the same.
     */
    public SpikingOptions options() {
        return new SpikingOptions(norm, percentile == null ? DEFAULT_PERCENTILE : percentile, reset, v0, burst, outputLayer);
    }
}
