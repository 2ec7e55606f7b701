package org.spikeflow.graph;

/** Neuron dynamics of a spiking population. */
public enum NeuronModel {
    /** Integrate-and-fire: {@code v += I}. */
    IF,
    /** Leaky integrate-and-fire: {@code v = v * exp(-dt/tau) + I}. */
    LIF,
    /**
     * Current-based leaky integrate-and-fire: a synaptic current filters the input, {@code i = i * exp(-dt/tau_syn) + I},
     * and the membrane integrates it, {@code v = v * exp(-dt/tau) + i}; a spike resets the membrane, not the current.
     */
    CUBA_LIF
}
