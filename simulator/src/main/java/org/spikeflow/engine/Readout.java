package org.spikeflow.engine;

import org.spikeflow.graph.Population;

import java.util.Arrays;

/**
 * Accumulates the output population's activity for one sample and turns it into a prediction at each
 * checkpoint. Owned by the thread that runs the output population.
 */
public final class Readout {
    private final ReadoutMode mode;
    private final float threshold;
    private final int[] counts;
    private final int[] firstSpike;

    public Readout(ReadoutMode mode, Population output) {
        this.mode = mode.resolve(output);
        this.threshold = output.neuron().threshold();
        this.counts = new int[output.size()];
        this.firstSpike = new int[output.size()];
        reset();
    }

    public void reset() {
        Arrays.fill(counts, 0);
        Arrays.fill(firstSpike, Integer.MAX_VALUE);
    }

    public void record(int timestep, int[] index, int[] count, int n) {
        for (int s = 0; s < n; s++) {
            final int j = index[s];
            counts[j] += count[s];
            if (firstSpike[j] == Integer.MAX_VALUE) firstSpike[j] = timestep;
        }
    }

    /** Prediction from the current counts and membrane potentials {@code v}. */
    public int predict(float[] v) {
        int best = 0;
        for (int j = 1; j < counts.length; j++) {
            if (better(j, best, v)) best = j;
        }
        return best;
    }

    private float membrane(int j, float[] v) {
        return Float.isInfinite(threshold) ? v[j] : v[j] + threshold * counts[j];
    }

    private boolean better(int a, int b, float[] v) {
        switch (mode) {
            case SPIKE_COUNT:
                if (counts[a] != counts[b]) return counts[a] > counts[b];
                return v[a] > v[b];
            case MEMBRANE:
                return membrane(a, v) > membrane(b, v);
            case FIRST_SPIKE:
                if (firstSpike[a] != firstSpike[b]) return firstSpike[a] < firstSpike[b];
                if (counts[a] != counts[b]) return counts[a] > counts[b];
                return v[a] > v[b];
            default:
                throw new IllegalStateException("unresolved read-out " + mode);
        }
    }

    public int[] counts() {
        return counts;
    }
}
