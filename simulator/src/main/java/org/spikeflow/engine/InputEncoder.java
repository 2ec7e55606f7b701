package org.spikeflow.engine;

import java.util.SplittableRandom;

/**
 * Turns one sample into input events, one timestep at a time. Shared by both engines so they see the same
 * input. Poisson randomness is seeded per sample ({@code seed} mixed with the sample's index in the whole set,
 * {@link SimulationConfig#sampleOffset()} plus its index in this run), so the spikes do
 * not depend on thread count or run order. One instance per producing thread.
 */
public final class InputEncoder {
    private final EncoderKind kind;
    private final long seed;
    private final long sampleOffset;
    private final float probabilityScale;
    private float[] sample;
    private float[] phase;
    private SplittableRandom random;
    private final int inputSize;
    private int step;

    public InputEncoder(SimulationConfig config, int inputSize) {
        this.inputSize = inputSize;
        this.kind = config.encoder();
        this.seed = config.seed();
        this.sampleOffset = config.sampleOffset();
        this.probabilityScale = config.maxRateHz() * config.timestepMs() / 1000f;
        this.phase = new float[inputSize];
    }

    /** Starts sample number {@code sampleIndex} (its index in the dataset). */
    public void start(int sampleIndex, float[] values) {
        this.sample = values;
        this.step = 0;
        if (kind == EncoderKind.POISSON) {
            random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + sampleOffset + sampleIndex);
        } else if (kind == EncoderKind.REGULAR) {
            java.util.Arrays.fill(phase, 0f);
        }
    }

    /**
     * Events of the next timestep in ascending index order.
     *
     * @return number of events written to {@code index}/{@code value}
     */
    public int next(int[] index, float[] value) {
        final float[] x = sample;
        final int n = x.length;
        int k = 0;
        final int t = step++;
        switch (kind) {
            case SPIKE_TRAIN -> {
                final int base = t * inputSize;
                if (base + inputSize <= n) {
                    for (int i = 0; i < inputSize; i++) {
                        final float c = x[base + i];
                        if (c != 0f) {
                            index[k] = i;
                            value[k++] = c;
                        }
                    }
                }
            }
            case ANALOG -> {
                for (int i = 0; i < n; i++) {
                    if (x[i] != 0f) {
                        index[k] = i;
                        value[k++] = x[i];
                    }
                }
            }
            case POISSON -> {
                for (int i = 0; i < n; i++) {
                    final float p = x[i] * probabilityScale;
                    // Draw for every pixel so the random stream does not depend on which pixels are zero.
                    final double u = random.nextDouble();
                    if (p > 0f && u < p) {
                        index[k] = i;
                        value[k++] = 1f;
                    }
                }
            }
            case REGULAR -> {
                final float[] ph = phase;
                for (int i = 0; i < n; i++) {
                    final float p = Math.min(1f, x[i] * probabilityScale);
                    if (p <= 0f) continue;
                    ph[i] += p;
                    if (ph[i] >= 1f) {
                        ph[i] -= 1f;
                        index[k] = i;
                        value[k++] = 1f;
                    }
                }
            }
        }
        return k;
    }
}
