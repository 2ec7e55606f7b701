package org.spikeflow.hardware;

import org.spikeflow.report.EnergyReport;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns counted activity into energy per inference. Non-spiking devices run the ANN: every connection is a
 * multiply-accumulate and every neuron one activation, once per inference. Spiking devices run the SNN: the
 * synaptic operations the simulator actually performed, plus neuron updates (all neurons every timestep, or
 * only neurons that received input, as the profile says), plus an optional cost per spike. A device with
 * both figures (an ASIC) is estimated both ways.
 */
public final class EnergyEstimator {
    private EnergyEstimator() {
    }

    public static EnergyEstimate estimate(Activity a, List<DeviceProfile> devices) {
        List<EnergyEstimate.DeviceEstimate> out = new ArrayList<>();
        for (DeviceProfile d : devices) {
            if (d.runsAnn()) out.add(ann(a, d));
            if (d.runsSnn() && a.simulated()) out.add(snn(a, d));
        }
        return new EnergyEstimate(a, out);
    }

    static EnergyEstimate.DeviceEstimate ann(Activity a, DeviceProfile d) {
        List<EnergyReport.LayerEnergy> layers = new ArrayList<>();
        double ops = 0, updates = 0, energy = 0;
        double perOp = d.energyPerOpJ();
        for (LayerActivity l : a.layers()) {
            double macs = l.computes() ? l.connections() : 0;
            double upd = l.isInput() ? 0 : l.neurons();
            double e = macs * perOp + upd * d.energyPerNeuronUpdateJ();
            layers.add(new EnergyReport.LayerEnergy(l.name(), macs, upd, e));
            ops += macs;
            updates += upd;
            energy += e;
        }
        double latency = d.timePerTimestepS();
        return new EnergyEstimate.DeviceEstimate(d, EnergyReport.Mode.ANN, layers, ops, ops, updates, energy, energy, latency,
            latency * d.staticPowerW());
    }

    static EnergyEstimate.DeviceEstimate snn(Activity a, DeviceProfile d) {
        List<EnergyReport.LayerEnergy> layers = new ArrayList<>();
        double ops = 0, meanOps = 0, updates = 0, energy = 0, meanEnergy = 0;
        for (LayerActivity l : a.layers()) {
            double upd = d.neuronUpdates() == NeuronUpdateMode.ALL ? l.neuronUpdatesPerSample() : l.activeNeuronUpdatesPerSample();
            double spikes = l.isInput() ? 0 : l.spikesPerSample();
            double fixed = upd * d.energyPerNeuronUpdateJ() + spikes * d.energyPerSpikeJ();
            double e = l.synopsPerSample() * d.energyPerSynopJ() + fixed;
            double mean = l.meanRateSynopsPerSample() * d.energyPerSynopJ() + fixed;
            layers.add(new EnergyReport.LayerEnergy(l.name(), l.synopsPerSample(), upd, e));
            ops += l.synopsPerSample();
            meanOps += l.meanRateSynopsPerSample();
            updates += upd;
            energy += e;
            meanEnergy += mean;
        }
        double latency = a.meanDecisionTimestep() * d.timePerTimestepS();
        return new EnergyEstimate.DeviceEstimate(d, EnergyReport.Mode.SNN, layers, ops, meanOps, updates, energy, meanEnergy, latency,
            latency * d.staticPowerW());
    }

    /**
     * KerasSpiking's per-layer estimate, for comparison: synaptic energy
     * {@code e_synop x connections x rate x dt x timesteps} (rate = 1/dt and one timestep on non-spiking devices)
     * and neuron energy {@code e_neuron x neurons x timesteps}.
     *
     * @return {synop energy, neuron energy} in joules per inference
     */
    public static double[] kerasSpikingLayerEnergy(long connections, long neurons, double inputRateHz, double dtS,
                                                   int timesteps, double energyPerSynopJ, double energyPerNeuronJ,
                                                   boolean spiking) {
        double rate = spiking ? inputRateHz : 1 / dtS;
        int t = spiking ? timesteps : 1;
        return new double[] {energyPerSynopJ * connections * rate * dtS * t, energyPerNeuronJ * neurons * t};
    }
}
