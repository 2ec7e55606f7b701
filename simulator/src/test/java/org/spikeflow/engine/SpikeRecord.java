package org.spikeflow.engine;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records spike counts per neuron per (sample, timestep, population); thread-safe across populations. */
final class SpikeRecord implements SpikeListener {
    final Map<String, int[]> counts = new ConcurrentHashMap<>();
    private final int[] sizes;

    SpikeRecord(org.spikeflow.graph.Network net) {
        sizes = new int[net.populations().size()];
        for (var p : net.populations()) sizes[p.id()] = p.size();
    }

    @Override
    public void onSpikes(int sample, int timestep, int populationId, int[] neuronIndex, int[] spikeCount, int n) {
        int[] c = new int[sizes[populationId]];
        for (int e = 0; e < n; e++) c[neuronIndex[e]] += spikeCount[e];
        int[] old = counts.put(sample + "/" + timestep + "/" + populationId, c);
        if (old != null) throw new AssertionError("population " + populationId + " reported step " + timestep + " twice");
    }

    long total() {
        long t = 0;
        for (int[] c : counts.values()) for (int x : c) t += x;
        return t;
    }

    /** First difference against another record, or null when identical. */
    String firstDifference(SpikeRecord other) {
        if (!counts.keySet().equals(other.counts.keySet())) {
            return "different (sample, step, population) keys: " + counts.size() + " vs " + other.counts.size();
        }
        for (var e : counts.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.counts.get(e.getKey()))) {
                return "at " + e.getKey() + ": " + Arrays.toString(e.getValue()) + " vs " + Arrays.toString(other.counts.get(e.getKey()));
            }
        }
        return null;
    }
}
