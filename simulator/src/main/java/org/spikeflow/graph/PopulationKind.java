package org.spikeflow.graph;

/** The role a population plays in the event graph. */
public enum PopulationKind {
    /** Receives encoded input (analog values or spikes); has no membrane. */
    INPUT,
    /** Spiking neurons with a membrane, driven by projections and bias. */
    SPIKING,
    /**
     * Spiking max-pooling: each neuron forwards the spikes of the input in its window that has been most
     * active so far (cumulative spike count including the current timestep; ties go to the first input in
     * window order). Has no membrane and performs no synaptic operation.
     */
    MAX_POOL
}
