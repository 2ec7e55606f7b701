package org.spikeflow.engine;

/**
 * Observes the spikes of every population at every timestep (recording, rasters, tests). It is called on the
 * thread that runs the population, so one implementation may be called from several threads at once (never
 * concurrently for the same population). The arrays are only valid during the call.
 */
@FunctionalInterface
public interface SpikeListener {
    void onSpikes(int sample, int timestep, int populationId, int[] neuronIndex, int[] spikeCount, int n);

    /** Called once after the last sample; flush or close resources here. */
    default void close() {
    }
}
