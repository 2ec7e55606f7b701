package org.spikeflow.graph;

/** Neuron dynamics of a spiking population. */
public enum NeuronModel {
    /** Integrate-and-fire: {@code v += I}. */
    IF,
    /** Leaky integrate-and-fire: {@code v = v * exp(-dt/tau) + I}. */
    LIF
}
