package org.spikeflow.hardware;

import org.spikeflow.report.EnergyReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Energy and latency of one network on several devices, per layer and in total, per inference: the estimate
 * with the activity it came from, rendered as a table or turned into the typed {@link EnergyReport}.
 */
public record EnergyEstimate(Activity activity, List<DeviceEstimate> devices) {

    /**
     * One device's estimate: running the ANN (its multiply-accumulates) or the SNN (counted synaptic events);
     * {@code meanRateEnergyJ} is the SNN energy from KerasSpiking's mean-rate synop estimate.
     */
    public record DeviceEstimate(DeviceProfile device, EnergyReport.Mode mode, List<EnergyReport.LayerEnergy> layers, double operations,
                                 double meanRateOperations, double neuronUpdates, double energyJ, double meanRateEnergyJ,
                                 double latencyS, double staticEnergyJ) {
        public double totalEnergyJ() {
            return energyJ + staticEnergyJ;
        }
    }

    /** A per-layer and total table with units. */
    public String renderTable() {
        StringBuilder sb = new StringBuilder();
        Activity a = activity;
        sb.append(String.format(Locale.ROOT, "Energy per inference: %s%s%n", a.network(), a.simulated()
            ? String.format(Locale.ROOT, " (%d timesteps, decision at T=%.2f)", a.timesteps(), a.meanDecisionTimestep()) : " (ANN cost only: no simulation report)"));
        sb.append(String.format(Locale.ROOT, "%-22s %14s %14s %14s", "layer", "ANN MACs", "SNN synops", "neuron upd."));
        for (DeviceEstimate d : devices) sb.append(String.format(Locale.ROOT, " %14s", d.device().name() + "/" + d.mode().name().toLowerCase(Locale.ROOT)));
        sb.append('\n');
        for (int i = 0; i < a.layers().size(); i++) {
            LayerActivity l = a.layers().get(i);
            if (l.isInput()) continue;
            sb.append(String.format(Locale.ROOT, "%-22s %14s %14s %14s", trim(l.name()), count(l.computes() ? l.connections() : 0),
                a.simulated() ? count(l.synopsPerSample()) : "-", a.simulated() ? count(l.neuronUpdatesPerSample()) : count(l.neurons())));
            for (DeviceEstimate d : devices) sb.append(String.format(Locale.ROOT, " %14s", Quantities.energy(d.layers().get(i).energyJ())));
            sb.append('\n');
        }
        double synops = a.layers().stream().mapToDouble(LayerActivity::synopsPerSample).sum();
        double meanRate = a.layers().stream().mapToDouble(LayerActivity::meanRateSynopsPerSample).sum();
        sb.append(String.format(Locale.ROOT, "%-22s %14s %14s %14s", "total", count(a.totalConnections()),
            a.simulated() ? count(synops) : "-", ""));
        for (DeviceEstimate d : devices) sb.append(String.format(Locale.ROOT, " %14s", Quantities.energy(d.totalEnergyJ())));
        sb.append('\n');
        if (a.simulated()) {
            sb.append(String.format(Locale.ROOT, "synops counted %s vs mean-rate estimate %s (ratio counted/mean-rate %.3f)%n",
                count(synops), count(meanRate), meanRate == 0 ? Double.NaN : synops / meanRate));
        }
        for (DeviceEstimate d : devices) {
            if (d.latencyS() > 0) {
                sb.append(String.format(Locale.ROOT, "%s: latency %s per inference, static energy %s%n", d.device().name(),
                    Quantities.time(d.latencyS()), Quantities.energy(d.staticEnergyJ())));
            }
        }
        return sb.toString();
    }

    private static String trim(String s) {
        return s.length() <= 22 ? s : s.substring(0, 21) + "…";
    }

    private static String count(double v) {
        if (v >= 1e9) return String.format(Locale.ROOT, "%.3gG", v / 1e9);
        if (v >= 1e6) return String.format(Locale.ROOT, "%.3gM", v / 1e6);
        if (v >= 1e4) return String.format(Locale.ROOT, "%.3gk", v / 1e3);
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** The typed report (energies in joules, times in seconds). */
    public EnergyReport toReport() {
        double synops = activity.layers().stream().mapToDouble(LayerActivity::synopsPerSample).sum();
        double meanRate = activity.layers().stream().mapToDouble(LayerActivity::meanRateSynopsPerSample).sum();
        List<EnergyReport.DeviceEnergy> devs = new ArrayList<>();
        for (DeviceEstimate d : devices) {
            devs.add(new EnergyReport.DeviceEnergy(d.device().name(), d.mode(), d.device().source(), d.operations(),
                d.neuronUpdates(), d.energyJ(), d.meanRateEnergyJ(), d.staticEnergyJ(), d.totalEnergyJ(), d.latencyS(), d.layers()));
        }
        return new EnergyReport(activity.network(), activity.simulated(), activity.timesteps(), activity.meanDecisionTimestep(),
            activity.totalConnections(), synops, meanRate, meanRate == 0 ? null : synops / meanRate, devs);
    }
}
