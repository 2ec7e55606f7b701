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
    private final int channels;

    public Readout(ReadoutMode mode, Population output) {
        this.mode = mode.resolve(output);
        this.threshold = output.neuron().threshold();
        this.counts = new int[output.size()];
        this.firstSpike = new int[output.size()];
        this.channels = output.shape().channels();
        reset();
    }

    /**
     * True for a per-pixel read-out: an output population of C x H x W with more than one pixel (a segmentation
     * head), whose prediction is a class per pixel.
     */
    public static boolean perPixel(Population output) {
        return !output.shape().isFlat() && output.shape().height() * output.shape().width() > 1;
    }

    /**
     * The class of every pixel from the current counts and membranes {@code v}: the best channel of each pixel under
     * this read-out's ranking; with one channel (a sigmoid head), 1 where the score is above the 0.5 probability
     * (membrane: the integrated input is positive; spike count or first spike: the pixel fired).
     */
    public void predictPixels(float[] v, byte[] out) {
        final int c = channels;
        if (c == 1) {
            for (int p = 0; p < out.length; p++) out[p] = (byte) (mode == ReadoutMode.MEMBRANE ? (membrane(p, v) > 0f ? 1 : 0) : (counts[p] > 0 ? 1 : 0));
            return;
        }
        for (int p = 0; p < out.length; p++) {
            final int base = p * c;
            int best = base;
            for (int j = base + 1; j < base + c; j++) if (better(j, best, v)) best = j;
            out[p] = (byte) (best - base);
        }
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
            case TIME_TO_FIRST_SPIKE:
            case TIME_TO_K_SPIKES:
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
     * firing at the next step), 0 until it has fired; for time to first (k) spikes, the leader's spike count, so that
     * the rule {@code EarlyExit(k, 1)} stops the sample once an output has spiked k times. 0 with fewer than two outputs
     * (one output for time to k spikes).
     */
    public float margin(float[] v, int step) {
        if (mode.stopsAtSpikes()) return counts[predict(v)];
        if (counts.length < 2) return 0f;
        final int best = predict(v);
        int second = best == 0 ? 1 : 0;
        for (int j = 0; j < counts.length; j++) {
            if (j != best && better(j, second, v)) second = j;
        }
        return switch (mode) {
            case SPIKE_COUNT -> counts[best] - counts[second];
            // What the stop rule of these read-outs watches: the leader's spike count.
            case TIME_TO_FIRST_SPIKE, TIME_TO_K_SPIKES -> counts[best];
            case MEMBRANE -> membrane(best, v) - membrane(second, v);
            case FIRST_SPIKE -> firstSpike[best] == Integer.MAX_VALUE ? 0f
                : (firstSpike[second] == Integer.MAX_VALUE ? step + 1 : firstSpike[second]) - firstSpike[best];
            case AUTO -> throw new IllegalStateException("unresolved read-out");
        };
    }
}
