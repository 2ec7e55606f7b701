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
    private final float maxRateHz;
    private final double dtMs;
    /** Izhikevich state of the intrinsically bursting encoder, one per pixel. */
    private final double[] izhV;
    private final double[] izhU;
    private float[] sample;
    private float[] phase;
    private SplittableRandom random;
    private final int inputSize;
    private final int window;
    private int[] spikeTick;
    private int step;

    public InputEncoder(SimulationConfig config, int inputSize) {
        this.inputSize = inputSize;
        this.kind = config.encoder();
        this.seed = config.seed();
        this.sampleOffset = config.sampleOffset();
        this.probabilityScale = config.maxRateHz() * config.timestepMs() / 1000f;
        this.phase = new float[inputSize];
        this.maxRateHz = config.maxRateHz();
        this.dtMs = config.timestepMs();
        this.izhV = kind == EncoderKind.IB ? new double[inputSize] : null;
        this.izhU = kind == EncoderKind.IB ? new double[inputSize] : null;
        this.window = config.inputWindow();
    }

    /** The TTFS encoder's spike tick of value {@code x} in a window of {@code window} ticks, or -1 for no spike. */
    public static int ttfsTick(float x, int window) {
        final float clipped = x > 1f ? 1f : x;
        final int q = clipped > 0f ? Math.round(clipped * window) : 0;
        return q >= 1 ? window - q : -1;
    }

    /** Izhikevich parameters of ANNarchy's intrinsically bursting input neuron. */
    static final double IB_A = 0.02, IB_B = 0.2, IB_C = -55.0, IB_D = 4.0, IB_THRESHOLD = 30.0, IB_V0 = -55.0, IB_U0 = -13.0;

    /**
     * The phase-shift oscillation's threshold at step {@code step} (0-based) of length {@code dtMs}:
     * {@code 2^(-1 + mod(t - 1, k))} with {@code t = step * dt} and {@code mod} the truncating remainder of the whole parts.
     */
    public static double psoThreshold(int step, double dtMs) {
        final long m = ((long) (step * dtMs - 1.0)) % EncoderKind.PSO_PERIOD;
        return Math.pow(2.0, -1.0 + m);
    }

    /** Starts sample number {@code sampleIndex} (its index in the dataset). */
    public void start(int sampleIndex, float[] values) {
        this.sample = values;
        this.step = 0;
        if (kind == EncoderKind.POISSON || kind == EncoderKind.CPN) {
            random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + sampleOffset + sampleIndex);
        } else if (kind == EncoderKind.REGULAR) {
            java.util.Arrays.fill(phase, 0f);
        } else if (kind == EncoderKind.IB) {
            java.util.Arrays.fill(izhV, IB_V0);
            java.util.Arrays.fill(izhU, IB_U0);
        } else if (kind == EncoderKind.TTFS) {
            if (spikeTick == null || spikeTick.length != values.length) spikeTick = new int[values.length];
            for (int i = 0; i < values.length; i++) spikeTick[i] = ttfsTick(values[i], window);
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
            case CPN -> {
                final double perMs = 1000.0 / dtMs;
                for (int i = 0; i < n; i++) {
                    final double rate = (double) x[i] * maxRateHz;
                    // One draw per pixel and step, whatever the pixel, as for POISSON.
                    final double u = random.nextDouble();
                    if (u * perMs < rate) {
                        index[k] = i;
                        value[k++] = 1f;
                    }
                }
            }
            case IB -> {
                final double[] v = izhV, u = izhU;
                final double dt = dtMs;
                for (int i = 0; i < n; i++) {
                    final double vi = v[i], ui = u[i];
                    final double dv = 0.04 * vi * vi + 5.0 * vi + 140.0 - ui + (double) x[i] * maxRateHz;
                    final double du = IB_A * (IB_B * vi - ui);
                    double nv = vi + dt * dv;
                    double nu = ui + dt * du;
                    if (nv > IB_THRESHOLD) {
                        nv = IB_C;
                        nu += IB_D;
                        index[k] = i;
                        value[k++] = 1f;
                    }
                    v[i] = nv;
                    u[i] = nu;
                }
            }
            case PSO -> {
                final double threshold = psoThreshold(t, dtMs);
                for (int i = 0; i < n; i++) {
                    if ((double) x[i] * maxRateHz > threshold) {
                        index[k] = i;
                        value[k++] = 1f;
                    }
                }
            }
            case TTFS -> {
                final int[] at = spikeTick;
                for (int i = 0; i < n; i++) {
                    if (at[i] == t) {
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
