package org.spikeflow.engine.event;

/**
 * A pre-allocated ring slot: one spiking neuron (or one analog input value) of one source population at one
 * timestep, or the end-of-timestep marker of that source. Overwritten in place; never escapes the handler.
 */
final class SpikeEvent {
    /** Source population id. */
    int source;
    /** Neuron index in the source, or -1 for the end-of-timestep marker. */
    int index;
    /** Spikes this neuron emitted this step (1 for analog input). */
    int count;
    /** Value the weights are multiplied by: the spike count, or the analog input value. */
    float value;
    /** Global timestep: {@code sample * timesteps + step}. */
    long tick;

    static final int MARKER = -1;
}
