package org.spikeflow.report;

import java.util.List;

/**
 * Energy and latency of one network on several devices, per inference (docs/report-schema.md). Energies in
 * joules, times in seconds.
 *
 * @param simulated              true when the figures come from counted events (a simulate report), false for
 *                               the ANN's cost alone
 * @param annMacs                multiply-accumulates of the ANN (every connection of a computing layer)
 * @param snnSynopsCounted       synaptic operations the simulator performed
 * @param snnSynopsMeanRate      KerasSpiking's mean-rate estimate of them
 * @param countedToMeanRateRatio counted / mean-rate (null when the estimate is 0)
 */
public record EnergyReport(String network, boolean simulated, int timesteps, double meanDecisionTimestep, long annMacs,
                           double snnSynopsCounted, double snnSynopsMeanRate, Double countedToMeanRateRatio,
                           List<DeviceEnergy> devices) {
    public EnergyReport {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /** How a device runs the network: the ANN's multiply-accumulates, or the SNN's counted events. */
    public enum Mode { ANN, SNN }

    /** One device's estimate; {@code meanRateEnergyJ} is the SNN energy from the mean-rate synop estimate. */
    public record DeviceEnergy(String device, Mode mode, String source, double operations, double neuronUpdates,
                               double energyJ, double meanRateEnergyJ, double staticEnergyJ, double totalEnergyJ,
                               double latencyS, List<LayerEnergy> layers) {
        public DeviceEnergy {
            layers = layers == null ? List.of() : List.copyOf(layers);
        }
    }

    /** One layer on one device. */
    public record LayerEnergy(String layer, double operations, double neuronUpdates, double energyJ) {
    }
}
