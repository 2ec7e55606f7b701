package org.spikeflow.engine;

/** How the output population's activity becomes a class prediction. */
public enum ReadoutMode {
    /** Most spikes; ties broken by the membrane potential. */
    SPIKE_COUNT,
    /**
     * Highest membrane potential, counting the charge already emitted as spikes ({@code v + threshold * count}
     * for finite thresholds): for a non-spiking output this is the integrated input.
     */
    MEMBRANE,
    /** Earliest first spike; ties by spike count, then membrane; neurons that never spiked rank last. */
    FIRST_SPIKE,
    /** {@link #MEMBRANE} for an integrating (non-spiking) output population, {@link #SPIKE_COUNT} otherwise. */
    AUTO;

    /** The mode this one stands for on a network with output population {@code output}. */
    public ReadoutMode resolve(org.spikeflow.graph.Population output) {
        if (this != AUTO) return this;
        return Float.isInfinite(output.neuron().threshold()) ? MEMBRANE : SPIKE_COUNT;
    }
}
