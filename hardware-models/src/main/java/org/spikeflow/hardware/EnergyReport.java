package org.spikeflow.hardware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Energy and latency of one network on several devices, per layer and in total, per inference.
 */
public record EnergyReport(Activity activity, List<DeviceEstimate> devices) {

    /** One layer on one device. */
    public record LayerEnergy(String layer, double operations, double neuronUpdates, double energyJ) {
    }

    /**
     * One device's estimate. {@code mode} is "ann" (the ANN's multiply-accumulates) or "snn" (counted synaptic
     * events); {@code meanRateEnergyJ} is the SNN energy from KerasSpiking's mean-rate synop estimate.
     */
    public record DeviceEstimate(DeviceProfile device, String mode, List<LayerEnergy> layers, double operations,
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
        for (DeviceEstimate d : devices) sb.append(String.format(Locale.ROOT, " %14s", d.device().name() + "/" + d.mode()));
        sb.append('\n');
        for (int i = 0; i < a.layers().size(); i++) {
            LayerActivity l = a.layers().get(i);
            if (l.kind().equals("input")) continue;
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

    /** JSON-ready map (energies in joules, times in seconds). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", activity.network());
        m.put("simulated", activity.simulated());
        m.put("timesteps", activity.timesteps());
        m.put("mean_decision_timestep", activity.meanDecisionTimestep());
        m.put("ann_macs", activity.totalConnections());
        double synops = activity.layers().stream().mapToDouble(LayerActivity::synopsPerSample).sum();
        double meanRate = activity.layers().stream().mapToDouble(LayerActivity::meanRateSynopsPerSample).sum();
        m.put("snn_synops_counted", synops);
        m.put("snn_synops_mean_rate", meanRate);
        m.put("counted_to_mean_rate_ratio", meanRate == 0 ? null : synops / meanRate);
        List<Map<String, Object>> devs = new ArrayList<>();
        for (DeviceEstimate d : devices) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("device", d.device().name());
            dm.put("mode", d.mode());
            dm.put("source", d.device().source());
            dm.put("operations", d.operations());
            dm.put("neuron_updates", d.neuronUpdates());
            dm.put("energy_j", d.energyJ());
            dm.put("mean_rate_energy_j", d.meanRateEnergyJ());
            dm.put("static_energy_j", d.staticEnergyJ());
            dm.put("total_energy_j", d.totalEnergyJ());
            dm.put("latency_s", d.latencyS());
            List<Map<String, Object>> ls = new ArrayList<>();
            for (LayerEnergy le : d.layers()) {
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("layer", le.layer());
                lm.put("operations", le.operations());
                lm.put("neuron_updates", le.neuronUpdates());
                lm.put("energy_j", le.energyJ());
                ls.add(lm);
            }
            dm.put("layers", ls);
            devs.add(dm);
        }
        m.put("devices", devs);
        return m;
    }
}
