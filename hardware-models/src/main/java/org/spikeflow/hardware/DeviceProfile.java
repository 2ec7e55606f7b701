package org.spikeflow.hardware;

/**
 * Energy and timing figures of one device. Energies in joules, power in watts, time in seconds.
 *
 * @param name                  short name used on the command line
 * @param spiking               true for neuromorphic (event-driven or time-stepped spiking) devices
 * @param energyPerOpJ          non-spiking: energy of one multiply-accumulate (ANN synaptic operation); 0 if n/a
 * @param energyPerSynopJ       spiking: energy of one synaptic event (an accumulate); 0 if n/a
 * @param energyPerNeuronUpdateJ energy of one neuron update (ANN activation or SNN membrane update)
 * @param energyPerSpikeJ       spiking: extra energy per emitted spike (0 unless the source gives one)
 * @param neuronUpdates         which updates a spiking device pays for
 * @param staticPowerW          static power, added over the inference latency (0 if unknown)
 * @param timePerTimestepS      time of one timestep on the device, for latency (0 if unknown)
 * @param source                where the numbers come from
 */
public record DeviceProfile(String name, boolean spiking, double energyPerOpJ, double energyPerSynopJ,
                            double energyPerNeuronUpdateJ, double energyPerSpikeJ, NeuronUpdateMode neuronUpdates,
                            double staticPowerW, double timePerTimestepS, String source) {

    public DeviceProfile {
        check(name, "energy_per_op", energyPerOpJ);
        check(name, "energy_per_synop", energyPerSynopJ);
        check(name, "energy_per_neuron_update", energyPerNeuronUpdateJ);
        check(name, "energy_per_spike", energyPerSpikeJ);
        check(name, "static_power", staticPowerW);
        check(name, "time_per_timestep", timePerTimestepS);
        if (name == null || name.isBlank()) throw new ProfileException("device profile without a name");
        if (neuronUpdates == null) throw new ProfileException(name + ": neuron_updates must be 'all' or 'active'");
        if (spiking && energyPerSynopJ == 0 && energyPerNeuronUpdateJ == 0) {
            throw new ProfileException(name + ": a spiking device needs energy_per_synop or energy_per_neuron_update");
        }
        if (!spiking && energyPerOpJ == 0 && energyPerNeuronUpdateJ == 0) {
            throw new ProfileException(name + ": a non-spiking device needs energy_per_op or energy_per_neuron_update");
        }
    }

    private static void check(String device, String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new ProfileException(device + ": " + field + " must be a finite, non-negative number, got " + v);
        }
    }

    /** True if the device can run the ANN (multiply-accumulate figure known). */
    public boolean runsAnn() {
        return energyPerOpJ > 0 || !spiking;
    }

    /** True if the device can run the SNN (synaptic event figure known). */
    public boolean runsSnn() {
        return spiking || energyPerSynopJ > 0;
    }
}
