package org.spikeflow.engine;

/** How input values in [0, 1] become input events each timestep. */
public enum EncoderKind {
    /** Direct (analog) current: every non-zero value is sent as an event carrying the value, every step. */
    ANALOG,
    /** Poisson rate: each step a pixel spikes with probability {@code value * maxRateHz * dt}, seeded per sample. */
    POISSON,
    /** Regular rate: a deterministic accumulator emits a spike whenever its phase passes 1. */
    REGULAR,
    /**
     * Pre-recorded spike trains: each sample holds {@code timesteps x inputs} spike counts (row t is timestep
     * t), e.g. loaded from NumPy files or made by a receptive-field encoder; timesteps past the recording are silent.
     */
    SPIKE_TRAIN,
    /**
     * ANNarchy's custom Poisson neuron ({@code CPN}): each step a pixel spikes when {@code U * 1000 / dt < value *
     * maxRateHz} for a fresh uniform {@code U}, i.e. with probability {@code value * maxRateHz * dt / 1000}; seeded per
     * sample like {@link #POISSON}. Its maximum rate defaults to 100 Hz, ANNarchy's {@code max_f}.
     */
    CPN,
    /**
     * ANNarchy's intrinsically bursting input neuron ({@code IB}, Izhikevich 2003): per pixel
     * {@code dv/dt = 0.04 v^2 + 5 v + 140 - u + I}, {@code du/dt = a (b v - u)} with {@code a = 0.02, b = 0.2}, integrated
     * by explicit Euler with step {@code dt} (both derivatives from the old state), {@code v0 = -55, u0 = -13},
     * {@code I = value * maxRateHz} (the pixel's rate); a spike when {@code v > 30}, then {@code v = c = -55, u += d = 4}.
     */
    IB,
    /**
     * ANNarchy's phase-shift oscillation ({@code PSO}, after Kim et al. 2018 and Park et al. 2019): the membrane is the
     * pixel's rate, {@code v = value * maxRateHz}, every step (no reset), and a pixel spikes when {@code v} exceeds the
     * oscillating threshold {@code 2^(-1 + mod(t - 1, k))}, {@code k = 8}, with {@code t = step * dt} the time in ms at the
     * step (0 at the first) and {@code mod} C's truncating remainder of the whole part, as in ANNarchy's code
     * (so the first step's threshold is 1/4, then 1/2, 1, 2, ..., 64, 1/2, ...).
     */
    PSO,
    /**
     * Time to first spike: over the input window of K ticks ({@link SimulationConfig#inputWindow()}), a value x
     * (clipped to [0, 1]) spikes once, at tick {@code K - round(x * K)}, when {@code round(x * K) >= 1}; smaller values
     * never spike (an input of 0). Value 1 spikes at tick 0.
     */
    TTFS;

    /** ANNarchy's period of the phase-shift oscillation. */
    public static final int PSO_PERIOD = 8;

    /** The maximum rate a full-intensity pixel stands for unless one is given: ANNarchy's 100 Hz for its codes, else 1 kHz. */
    public float defaultMaxRateHz() {
        return switch (this) {
            case CPN, IB, PSO -> 100f;
            default -> 1000f;
        };
    }
}
