package org.spikeflow.cli;

import org.spikeflow.engine.SpikeListener;
import org.spikeflow.graph.Network;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what the plots need: spikes per neuron of every population (for firing-rate histograms) and the
 * raster of one sample. Each population's arrays are written only by the thread that runs it.
 */
final class ActivityRecorder implements SpikeListener {
    final Network net;
    final long[][] perNeuron;
    final List<List<int[]>> raster;
    final int rasterSample;

    ActivityRecorder(Network net, int rasterSample) {
        this.net = net;
        this.rasterSample = rasterSample;
        this.perNeuron = new long[net.populations().size()][];
        this.raster = new ArrayList<>();
        for (var p : net.populations()) {
            perNeuron[p.id()] = new long[p.size()];
            raster.add(new ArrayList<>());
        }
    }

    @Override
    public void onSpikes(int sample, int timestep, int populationId, int[] neuronIndex, int[] spikeCount, int n) {
        final long[] c = perNeuron[populationId];
        for (int e = 0; e < n; e++) c[neuronIndex[e]] += spikeCount[e];
        if (sample == rasterSample) {
            List<int[]> r = raster.get(populationId);
            for (int e = 0; e < n; e++) r.add(new int[] {timestep, neuronIndex[e]});
        }
    }
}
