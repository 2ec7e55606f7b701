package org.spikeflow.engine.event;

import org.spikeflow.engine.SpikeListener;

import java.util.Arrays;

/**
 * One population's spikes of the sample in progress, held back from the listener until the sample's last timestep
 * is known (a run with early exit): timesteps past the stop were computed ahead and are never reported.
 */
final class HeldSpikes {
    private final int[][] index;
    private final int[][] count;
    private final int[] size;

    HeldSpikes(int timesteps) {
        index = new int[timesteps][16];
        count = new int[timesteps][16];
        size = new int[timesteps];
    }

    void hold(int step, int[] idx, int[] cnt, int n) {
        if (index[step].length < n) {
            index[step] = new int[Math.max(n, 2 * index[step].length)];
            count[step] = new int[index[step].length];
        }
        System.arraycopy(idx, 0, index[step], 0, n);
        System.arraycopy(cnt, 0, count[step], 0, n);
        size[step] = n;
    }

    /** Reports timesteps {@code 0..lastStep} of {@code sample} and forgets the sample. */
    void release(SpikeListener listener, int sample, int population, int lastStep) {
        for (int t = 0; t <= lastStep; t++) listener.onSpikes(sample, t, population, index[t], count[t], size[t]);
        Arrays.fill(size, 0);
    }
}
