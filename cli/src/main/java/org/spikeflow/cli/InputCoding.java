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
    RECEPTIVE_FIELD(EncoderKind.SPIKE_TRAIN);

    private final EncoderKind encoder;

    InputCoding(EncoderKind encoder) {
        this.encoder = encoder;
    }

    /** The engine's encoder for this coding. */
    EncoderKind encoder() {
        return encoder;
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
