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

    /**
     * How far the predicted class leads the runner-up (the best of the others under the same ranking) after timestep
     * {@code step} (0-based): the lead in spikes for spike count; the lead in score ({@link #predict}'s membrane,
     * emitted charge included) for membrane, that is the difference of the two outputs' input accumulated so far
     * (for a converted network, the ANN's logit difference divided by the output layer's scale, summed over the
     * elapsed timesteps), so like a spike count it grows with the evidence;
     * for first spike, how many timesteps earlier the predicted class fired (a class that has not fired counts as
     * firing at the next step), 0 until it has fired. 0 with fewer than two outputs.
     */
    public float margin(float[] v, int step) {
        if (counts.length < 2) return 0f;
        final int best = predict(v);
        int second = best == 0 ? 1 : 0;
        for (int j = 0; j < counts.length; j++) {
            if (j != best && better(j, second, v)) second = j;
        }
        return switch (mode) {
            case SPIKE_COUNT -> counts[best] - counts[second];
            case MEMBRANE -> membrane(best, v) - membrane(second, v);
            case FIRST_SPIKE -> firstSpike[best] == Integer.MAX_VALUE ? 0f
                : (firstSpike[second] == Integer.MAX_VALUE ? step + 1 : firstSpike[second]) - firstSpike[best];
            case AUTO -> throw new IllegalStateException("unresolved read-out");
        };
    }
}
