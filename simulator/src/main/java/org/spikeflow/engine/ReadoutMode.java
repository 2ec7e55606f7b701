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
    /**
     * ANNarchy's {@code time_to_first_spike}: the sample stops at the end of the first timestep in which an output
     * neuron has spiked, and the class is the one with the most spikes then; ties by membrane potential, then by the
     * lowest index. Needs a spiking output population; the timesteps each sample used are reported.
     */
    TIME_TO_FIRST_SPIKE,
    /**
     * ANNarchy's {@code time_to_k_spikes}: as {@link #TIME_TO_FIRST_SPIKE}, stopping once an output neuron has
     * spiked k times ({@link SimulationConfig#readoutK()}).
     */
    TIME_TO_K_SPIKES,
    /** {@link #MEMBRANE} for an integrating (non-spiking) output population, {@link #SPIKE_COUNT} otherwise. */
    AUTO;

    /** The mode this one stands for on a network with output population {@code output}. */
    public ReadoutMode resolve(org.spikeflow.graph.Population output) {
        if (this != AUTO) return this;
        return Float.isInfinite(output.neuron().threshold()) ? MEMBRANE : SPIKE_COUNT;
    }

    /** True for the read-outs that stop each sample once an output neuron has spiked k times. */
    public boolean stopsAtSpikes() {
        return this == TIME_TO_FIRST_SPIKE || this == TIME_TO_K_SPIKES;
    }
}
