package org.spikeflow.sweep;

import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.ReadoutMode;
import org.spikeflow.engine.SimulationConfig;

import java.io.Serializable;
import java.util.List;

/**
 * One simulation setting, with {@code snn simulate}'s options and defaults. {@code timesteps} are the checkpoints
 * T the configuration is read at (one table row each): one simulation runs to the largest and answers all of
 * them. Settings that do not apply to the encoder are null ({@code maxRateHz} outside poisson, regular, cpn, ib and
 * pso, {@code seed} outside poisson and cpn); the maximum rate defaults to the encoder's own
 * ({@link EncoderKind#defaultMaxRateHz()}).
 */
public record SimulationSettings(EngineKind engine, EncoderKind encoder, Float maxRateHz, float timestepMs,
                                 ReadoutMode readout, Long seed, List<Integer> timesteps) implements Serializable {
    public static final float DEFAULT_MAX_RATE_HZ = 1000f;
    public static final long DEFAULT_SEED = 42L;

    public SimulationSettings {
        timesteps = List.copyOf(timesteps);
    }

    public static boolean usesRate(EncoderKind e) {
        return switch (e) {
            case POISSON, REGULAR, CPN, IB, PSO -> true;
            default -> false;
        };
    }

    public static boolean usesSeed(EncoderKind e) {
        return e == EncoderKind.POISSON || e == EncoderKind.CPN;
    }

    public int maxTimesteps() {
        return timesteps.get(timesteps.size() - 1);
    }

    /** The engine configuration of one run to the largest T with every T as a checkpoint; validated by the builder. */
    public SimulationConfig config(int threads) {
        return SimulationConfig.builder().timesteps(maxTimesteps())
            .checkpoints(timesteps.stream().mapToInt(Integer::intValue).toArray()).encoder(encoder)
            .maxRateHz(maxRateHz == null ? encoder.defaultMaxRateHz() : maxRateHz).timestepMs(timestepMs)
            .seed(seed == null ? DEFAULT_SEED : seed).threads(threads).readout(readout).build();
    }
}
