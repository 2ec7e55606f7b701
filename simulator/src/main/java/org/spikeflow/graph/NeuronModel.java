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
    CUBA_LIF,
    /**
     * Time-to-first-spike neuron of the exact ReLU mapping (Stanojevic et al. 2024): a piecewise-linear membrane over
     * a per-layer time window, at most one spike per sample, parameters in {@link TtfsParams}; equations in
     * {@code NeuronDynamics.stepTtfs}.
     */
    TTFS
}
