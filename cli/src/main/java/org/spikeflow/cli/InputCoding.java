package org.spikeflow.cli;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.ReceptiveFieldEncoding;

/**
 * How the command line turns samples into input spikes: one of the engine's encoders, or receptive-field
 * population coding, which prepares spike trains before the run and then plays them back.
 */
enum InputCoding {
    ANALOG(EncoderKind.ANALOG),
    POISSON(EncoderKind.POISSON),
    REGULAR(EncoderKind.REGULAR),
    SPIKE_TRAIN(EncoderKind.SPIKE_TRAIN),
    RECEPTIVE_FIELD(EncoderKind.SPIKE_TRAIN),
    CPN(EncoderKind.CPN),
    IB(EncoderKind.IB),
    PSO(EncoderKind.PSO),
    TTFS(EncoderKind.TTFS);

    /** The help text's list of the encoders from ANNarchy's converter, with what each does. */
    static final String ANNARCHY_HELP = "cpn (ANNarchy's Poisson: a spike when U*1000/dt < pixel*max rate), ib (an intrinsically"
        + " bursting Izhikevich neuron per pixel driven by I = pixel*max rate) or pso (phase-shift oscillation: a spike when"
        + " pixel*max rate exceeds the threshold 2^(-1+mod(t-1,8)))";

    private final EncoderKind encoder;

    InputCoding(EncoderKind encoder) {
        this.encoder = encoder;
    }

    /** The engine's encoder for this coding. */
    EncoderKind encoder() {
        return encoder;
    }

    /** The maximum rate of a full-intensity pixel when none is given: 100 Hz for ANNarchy's codes, else 1 kHz. */
    float defaultMaxRateHz() {
        return encoder.defaultMaxRateHz();
    }

    /** The samples as the engine's encoder takes them: receptive fields become spike trains of {@code timesteps} steps. */
    Dataset prepare(Dataset data, int fields, int timesteps) {
        if (this != RECEPTIVE_FIELD) return data;
        try {
            return ReceptiveFieldEncoding.encode(data, fields, timesteps);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--fields: " + e.getMessage());
        }
    }
}
