package org.spikeflow.sweep;

/**
 * One configuration of a study: a model, one conversion setting and one simulation setting, read at every
 * checkpoint of the simulation setting (one table row each).
 *
 * @param name           the model and the settings the study gives for it ({@code mnist_cnn norm=channel burst=2})
 * @param label          the settings that vary across the study's configurations, for legends ({@code channel-percentile 99, burst 2})
 * @param key            hash of everything that decides its results: the results store's key
 * @param conversionKey  hash of its conversion (shared by every configuration with the same model and conversion setting)
 * @param calibrationKey hash of its calibration (shared by every conversion with the same model, calibration set and folding)
 * @param evaluation     the samples it is evaluated on
 * @param samples        how many there are
 * @param shards         tasks they are cut into
 */
public record Configuration(String name, String label, String key, ModelSpec model, ConversionSettings conversion,
                            SimulationSettings simulation, String conversionKey, String calibrationKey, DataRequest evaluation,
                            int samples, int shards) {
}
