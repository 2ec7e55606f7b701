package org.spikeflow.kernel;

/**
 * The per-sample rule of a spiking pooling projection (a projection into a gate population): from this step's
 * spike counts of its source, the spikes each target neuron emits. Holds per-sample state; owned by one thread.
 */
public interface PoolGate {
    /**
     * Applies one timestep.
     *
     * @param counts this step's spike count of every source neuron
     * @param out    target activity, written at this projection's target neurons (counts as floats)
     */
    void step(float[] counts, float[] out);

    /** Forgets the state of the sample that ended. */
    void reset();
}
