package org.spikeflow.report;

import java.util.List;

/**
 * One population of a simulation, per sample (averaged over the samples run).
 *
 * @param name                         population name
 * @param kind                         the input, or the kind of its incoming projections
 * @param shape                        channels, height, width
 * @param neurons                      neurons in the population
 * @param connections                  synapses of its incoming projections (= multiply-accumulates of the ANN)
 * @param sourceNeurons                neurons of the populations feeding it
 * @param spikesPerSample              spikes it emitted (input: non-zero input values)
 * @param synopsPerSample              synaptic operations performed into it (counted: one per weight added)
 * @param inputSpikesPerSample         spikes that arrived on its incoming projections
 * @param neuronUpdatesPerSample       every neuron every timestep (0 for the input)
 * @param activeNeuronUpdatesPerSample neurons that received input, summed over timesteps
 * @param firingRateHz                 mean spikes per neuron per second of simulated time
 * @param spikesPerTimestep            spikes at each timestep
 * @param synopsPerTimestep            synaptic operations at each timestep
 * @param activeNeuronsPerTimestep     neurons that received input at each timestep
 */
public record LayerReport(String name, LayerKind kind, List<Integer> shape, int neurons, long connections,
                          long sourceNeurons, double spikesPerSample, double synopsPerSample, double inputSpikesPerSample,
                          long neuronUpdatesPerSample, double activeNeuronUpdatesPerSample, double firingRateHz,
                          double[] spikesPerTimestep, double[] synopsPerTimestep, double[] activeNeuronsPerTimestep) {

    /**
     * Synaptic operations estimated KerasSpiking's way from the mean input rate:
     * {@code connections x (input spikes / source neurons / (T dt)) x dt x T = connections x input spikes / source neurons}.
     */
    public double meanRateSynopsPerSample() {
        return sourceNeurons == 0 ? 0 : connections * inputSpikesPerSample / sourceNeurons;
    }
}
