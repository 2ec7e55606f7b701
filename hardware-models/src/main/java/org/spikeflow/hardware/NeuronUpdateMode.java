package org.spikeflow.hardware;

/** Which neuron updates a device pays for. */
public enum NeuronUpdateMode {
    /** Time-stepped hardware: every neuron, every timestep. */
    ALL,
    /** Event-driven hardware: only neurons that received a synaptic event in a timestep. */
    ACTIVE
}
