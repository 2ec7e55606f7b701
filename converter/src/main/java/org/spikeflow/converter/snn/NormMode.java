package org.spikeflow.converter.snn;

/** How ANN activations are mapped onto spike rates. */
public enum NormMode {
    /** Keep the weights as they are (threshold 1 per unit of activation). */
    NONE,
    /** Layer-wise maximum activation (Diehl et al. 2015). */
    MAX,
    /** Layer-wise percentile of positive activations (Rueckauer et al. 2017); robust to outliers. */
    PERCENTILE,
    /** Percentile per output channel (Kim et al. 2020, channel-wise normalization). */
    CHANNEL_PERCENTILE,
    /** Spike-based threshold balancing (Sengupta et al. 2019): thresholds from simulated input currents. */
    THRESHOLD_BALANCING,
    /**
     * The activation ceilings the model was trained with (QCFS lambda, ReLU6) as layer scales; layers without
     * a ceiling use the percentile.
     */
    CAP,
    /**
     * Model-based normalization (Diehl et al. 2015), ANNarchy's default: no data, each layer scaled so that the
     * largest sum of positive incoming weights of any of its neurons (in its sources' units) is the layer's scale:
     * ANNarchy's {@code depth + 1} (2 for the first layer, 3 for the next, ...), or a fixed one
     * ({@link SpikingOptions#modelScale()}; 1 is Diehl's).
     */
    MODEL;

    /** True for the modes that need calibration data. */
    public boolean needsCalibration() {
        return this != NONE && this != MODEL;
    }
}
