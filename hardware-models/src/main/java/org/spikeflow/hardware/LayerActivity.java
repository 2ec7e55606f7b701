package org.spikeflow.hardware;

import org.spikeflow.report.LayerKind;

/**
 * What one population costs per inference: its static size (from the graph) and the events the simulator
 * counted (averaged per sample). Zeros for the event counts when no simulation was run.
 *
 * @param name                         population name
 * @param kind                         the input, or the kind of its incoming projections
 * @param neurons                      neurons in the population
 * @param connections                  synapses of its incoming projections (= multiply-accumulates of the ANN)
 * @param sourceNeurons                neurons of the populations feeding it
 * @param spikesPerSample              spikes it emitted
 * @param synopsPerSample              synaptic operations performed into it (counted)
 * @param inputSpikesPerSample         spikes that arrived on its incoming projections
 * @param neuronUpdatesPerSample       every neuron every timestep
 * @param activeNeuronUpdatesPerSample neurons that received input, summed over timesteps
 */
public record LayerActivity(String name, LayerKind kind, long neurons, long connections, long sourceNeurons,
                            double spikesPerSample, double synopsPerSample, double inputSpikesPerSample,
                            double neuronUpdatesPerSample, double activeNeuronUpdatesPerSample) {

    /** True for layers that multiply and accumulate in the ANN (dense, conv, average pooling). */
    public boolean computes() {
        return kind.computes();
    }

    public boolean isInput() {
        return kind == LayerKind.INPUT;
    }

    /**
     * Synaptic operations estimated KerasSpiking's way from the mean input rate:
     * {@code connections x (input spikes / source neurons / (T dt)) x dt x T = connections x input spikes / source neurons}.
     */
    public double meanRateSynopsPerSample() {
        return sourceNeurons == 0 ? 0 : connections * inputSpikesPerSample / sourceNeurons;
    }
}
