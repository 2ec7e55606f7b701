package org.spikeflow.kernel;

/**
 * The dense time-stepped form of one projection: every weight, every step. For each target neuron it sums the
 * contributions of all its sources in ascending source index, so it rounds exactly as the {@link ScatterKernel}
 * does, but it is written from the target's side and shares none of the scatter's fan-out arithmetic: it is
 * the independent reference the scatter is tested against.
 */
public interface GatherKernel {
    /**
     * Overwrites {@code acc} with this step's contribution of {@code activity} (the source's spike counts or
     * input values, one per source neuron) and marks the target neurons that received a non-zero input.
     */
    void gather(float[] activity, float[] acc, TouchMap touched);
}
