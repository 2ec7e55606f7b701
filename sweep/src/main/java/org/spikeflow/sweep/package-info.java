/**
 * Sweeps: a study file (YAML) names models, data and lists or ranges of conversion and simulation options; the
 * sweep expands the grid into configurations, shares the work they have in common (one calibration per model and
 * calibration set, one conversion per conversion setting, one simulation per simulation setting that answers
 * every checkpoint up to its largest timestep), runs the simulations as tasks of one configuration and one data
 * shard each, keeps every result in a store keyed by the configuration's hash, and assembles one tidy table.
 *
 * <p>Reading order: {@link org.spikeflow.sweep.StudyFile} (the format), {@link org.spikeflow.sweep.Plan} (expansion
 * and validation), {@link org.spikeflow.sweep.SweepTasks} (what one task computes), {@link org.spikeflow.sweep.Sweep}
 * (the driver), {@link org.spikeflow.sweep.SweepTable} (the result).
 */
package org.spikeflow.sweep;
