package org.spikeflow.kernel;

/**
 * Event-driven fan-out of one projection: adds the contributions of the spikes that arrive from its source
 * during one timestep into an accumulator. Spikes come in ascending source index; each target neuron receives
 * at most one contribution per spike, so the order in which one spike's fan-out is visited never changes a
 * float, and the accumulator of every target neuron sees its sources in ascending order, exactly as the
 * {@link GatherKernel} sums them.
 */
public interface ScatterKernel {
    /**
     * Scatters spikes {@code index[from..to)} with their {@code value}s (spike counts, or analog input values)
     * into {@code acc} and marks the target neurons they reach.
     *
     * @return the synaptic operations performed (one per weight added)
     */
    long scatter(int[] index, float[] value, int from, int to, float[] acc, TouchMap touched);
}
