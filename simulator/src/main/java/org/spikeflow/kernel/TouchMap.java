package org.spikeflow.kernel;

import java.util.Arrays;

/**
 * Which neurons of one population received at least one synaptic event this timestep ("active" neurons, the
 * figure devices that update only touched neurons pay for). Kernels mark a whole population, a whole position
 * (all channels of one pixel, as a convolution tap does) or single neurons; {@link #countAndClear()} counts the
 * union. Owned by the thread that runs the population.
 */
public final class TouchMap {
    private final int channels;
    private final boolean[] position;
    private final boolean[] neuron;
    private boolean all;

    public TouchMap(int size, int channels) {
        this.channels = channels;
        this.position = new boolean[size / channels];
        this.neuron = new boolean[size];
    }

    /** Every neuron was reached (a dense projection's fan-out). */
    public void all() {
        all = true;
    }

    /** All channels at position {@code p} were reached. */
    public void position(int p) {
        position[p] = true;
    }

    /** All channels at positions {@code first .. first + count - 1} were reached. */
    public void positions(int first, int count) {
        for (int p = first; p < first + count; p++) position[p] = true;
    }

    /** Neuron {@code j} was reached. */
    public void neuron(int j) {
        neuron[j] = true;
    }

    /** Number of distinct neurons reached since the last call; clears the map. */
    public long countAndClear() {
        long active = 0;
        if (all) {
            active = neuron.length;
        } else {
            for (int p = 0; p < position.length; p++) {
                if (position[p]) {
                    active += channels;
                } else {
                    final int base = p * channels;
                    for (int c = 0; c < channels; c++) if (neuron[base + c]) active++;
                }
            }
        }
        all = false;
        Arrays.fill(position, false);
        Arrays.fill(neuron, false);
        return active;
    }
}
