package org.spikeflow.engine.event;

/**
 * A pre-allocated ring slot: up to {@code capacity} spiking neurons (or non-zero analog inputs) of one source
 * population at one timestep, in ascending neuron index. A timestep's spikes fill as many blocks as they need; the
 * last block of the timestep is flagged (an empty timestep still sends one, empty, last block). Overwritten in
 * place by the producer; read by every consumer of the ring before its slot is reused.
 */
final class SpikeBlock {
    /** Global timestep: {@code sample * timesteps + step}. */
    long tick;
    /** Entries in use. */
    int n;
    /** Spikes these entries carry (a multi-spike counts its multiplicity, an analog input value one). */
    long spikes;
    /** True on the last block of the timestep. */
    boolean last;
    /** Neuron index in the source, ascending. */
    final int[] index;
    /** What the weights are multiplied by: the spike count, or the analog input value. */
    final float[] value;

    SpikeBlock(int capacity) {
        this.index = new int[capacity];
        this.value = new float[capacity];
    }
}
