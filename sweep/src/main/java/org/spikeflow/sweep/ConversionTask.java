package org.spikeflow.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * The conversions that share one calibration: one model, one calibration set, one folding; every conversion
 * setting of the study for them. One task: the activation statistics are collected once and every setting
 * normalizes from them.
 *
 * @param calibration the calibration samples, or null when no conversion of the task needs them (norm none)
 * @param threads     calibration threads
 */
public record ConversionTask(String calibrationKey, String model, String modelFile, DataRequest calibration, boolean foldAvgPool,
                             List<Job> jobs, int threads) implements Serializable {
    public ConversionTask {
        jobs = List.copyOf(jobs);
    }

    /**
     * One conversion setting.
     *
     * @param name the first configuration that uses it (for messages)
     */
    public record Job(String conversionKey, String name, ConversionSettings settings) implements Serializable {
    }

    /** What a conversion task gives back per setting: the network as {@code .snn} bytes. */
    public record Output(String conversionKey, byte[] network) implements Serializable {
    }
}
