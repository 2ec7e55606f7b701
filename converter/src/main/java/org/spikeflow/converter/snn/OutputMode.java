package org.spikeflow.converter.snn;

/** What the output population of a converted network does. */
public enum OutputMode {
    /** Spiking IF neurons read out by spike count. */
    SPIKING,
    /** A non-spiking integrator (infinite threshold) read out by its membrane potential. */
    INTEGRATOR
}
