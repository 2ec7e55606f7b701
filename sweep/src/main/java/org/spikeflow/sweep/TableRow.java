package org.spikeflow.sweep;

import java.util.List;

/**
 * One row of the tidy table: one configuration read at one checkpoint T. Figures are per sample, averaged over the
 * configuration's evaluation samples, counting events up to T. Settings are spelled as in the study file; null
 * where a setting does not apply (percentile of norm max, seed of a deterministic encoder).
 *
 * @param configuration          the configuration's key (its directory in the results store)
 * @param timesteps              T: the checkpoint
 * @param accuracy               fraction correct at T
 * @param spikesPerSample        spikes of spiking neurons up to T (input events and max-pool relays are not spikes)
 * @param synopsPerSample        synaptic operations up to T
 * @param meanDecisionTimestep   per sample the first checkpoint up to T from which the prediction no longer changes, averaged
 * @param energy                 per device (and mode, for devices that run both): energy per inference for T timesteps
 */
public record TableRow(String configuration, String model, String norm, Double percentile, int burst, String reset, float v0,
                       String outputLayer, boolean foldAvgPool, String calibrationSplit, int calibrationLimit, String engine,
                       String encoder, Float maxRateHz, float timestepMs, String readout, Long seed, int timesteps, int samples,
                       double accuracy, double spikesPerSample, double synopsPerSample, double meanDecisionTimestep,
                       List<DeviceEnergy> energy) {
    public TableRow {
        energy = List.copyOf(energy);
    }

    /**
     * One device's estimate, from {@link org.spikeflow.hardware.EnergyEstimator}: the SNN's counted events on a spiking
     * device, the ANN's multiply-accumulates on a conventional one (the same for every T).
     *
     * @param energyJ  energy per inference, static energy over the latency included
     * @param latencyS the device's latency per inference (mean decision timestep x its time per timestep); 0 when the
     *                 profile gives no time per timestep
     */
    public record DeviceEnergy(String device, String mode, double energyJ, double latencyS) {
    }

    /** The estimate of {@code device} in {@code mode} ({@code snn} or {@code ann}), if this row has one. */
    public java.util.Optional<DeviceEnergy> energy(String device, String mode) {
        return energy.stream().filter(e -> e.device().equals(device) && e.mode().equals(mode)).findFirst();
    }
}
