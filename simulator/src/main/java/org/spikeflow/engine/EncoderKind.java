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
    SPIKE_TRAIN
}
