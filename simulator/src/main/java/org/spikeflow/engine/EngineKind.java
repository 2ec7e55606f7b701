package org.spikeflow.engine;

/** How a network is executed. */
public enum EngineKind {
    /** Event-driven: Disruptor rings of spike events per layer; only real fan-out is computed. */
    EVENT,
    /** Dense time-stepped reference: every neuron and every weight every timestep. */
    DENSE
}
