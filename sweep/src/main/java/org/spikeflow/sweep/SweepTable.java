package org.spikeflow.sweep;

import org.spikeflow.hardware.Activity;
import org.spikeflow.hardware.DeviceProfile;
import org.spikeflow.hardware.EnergyEstimate;
import org.spikeflow.hardware.EnergyEstimator;
import org.spikeflow.hardware.LayerActivity;
import org.spikeflow.report.EnergyReport;
import org.spikeflow.report.LayerKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of a sweep: one row per configuration and checkpoint ({@link TableRow}), with the configurations'
 * names and legends and the energy columns. Written as {@code table.json} (this record) and {@code table.csv}
 * (flat: one column per setting and figure, one per device energy).
 *
 * @param study          the study's name
 * @param configurations the configurations the rows come from, in study order (only complete ones)
 * @param energyColumns  the device estimates every row carries, in order
 */
public record SweepTable(String study, List<ConfigurationInfo> configurations, List<EnergyColumn> energyColumns, List<TableRow> rows) {
    public SweepTable {
        configurations = List.copyOf(configurations);
        energyColumns = List.copyOf(energyColumns);
        rows = List.copyOf(rows);
    }

    /**
     * A configuration of the table.
     *
     * @param label the settings that vary across the study ({@code channel-percentile 99, burst 2})
     */
    public record ConfigurationInfo(String key, String name, String label, String model, int samples, int shards) {
    }

    /**
     * A device estimate column.
     *
     * @param mode          {@code snn} (counted events on a spiking device) or {@code ann} (the ANN's operations)
     * @param latencyKnown  true when the device profile gives its time per timestep (then latency columns are written)
     */
    public record EnergyColumn(String device, String mode, boolean latencyKnown, String source) {
        public String energyColumn() {
            return "energy_" + device.replace('-', '_') + "_" + mode + "_j";
        }

        public String latencyColumn() {
            return "latency_" + device.replace('-', '_') + "_" + mode + "_s";
        }
    }

    /** Columns of {@code table.csv} before the energy columns. */
    public static final List<String> COLUMNS = List.of("configuration", "model", "norm", "percentile", "burst", "reset", "v0",
        "output_layer", "fold_avgpool", "calibration_split", "calibration_limit", "engine", "encoder", "max_rate_hz", "timestep_ms",
        "readout", "seed", "timesteps", "samples", "accuracy", "spikes_per_sample", "synops_per_sample", "mean_decision_timestep");

    /** The energy columns of {@code devices}: an ann column for devices that run the ANN, an snn one for those that run the SNN. */
    static List<EnergyColumn> columns(List<DeviceProfile> devices) {
        List<EnergyColumn> out = new ArrayList<>();
        for (DeviceProfile d : devices) {
            if (d.runsAnn()) out.add(new EnergyColumn(d.name(), "ann", d.timePerTimestepS() > 0, d.source()));
            if (d.runsSnn()) out.add(new EnergyColumn(d.name(), "snn", d.timePerTimestepS() > 0, d.source()));
        }
        return out;
    }

    /** The rows of one configuration from all its shard results. */
    static List<TableRow> rows(Configuration c, List<ShardResult> shards, List<DeviceProfile> devices) {
        Merged m = Merged.of(shards);
        List<TableRow> out = new ArrayList<>();
        ConversionSettings cs = c.conversion();
        SimulationSettings ss = c.simulation();
        double n = Math.max(1, m.samples);
        for (int k = 0; k < m.checkpoints.length; k++) {
            int t = m.checkpoints[k];
            double accuracy = m.correct[k] / n;
            double decision = m.decisionSum[k] / n;
            long spikes = 0;
            long synops = 0;
            List<LayerActivity> layers = new ArrayList<>();
            for (ShardResult.LayerCounts l : m.layers) {
                long sp = sum(l.spikes(), t), sy = sum(l.synops(), t), act = sum(l.activeNeurons(), t);
                if (isSpiking(l.kind())) spikes += sp;
                synops += sy;
                boolean input = l.kind() == LayerKind.INPUT;
                // arrivals are counted for the whole run only: the mean-rate comparison they feed is not part of the table
                double arrivals = t == m.checkpoints[m.checkpoints.length - 1] ? l.inputSpikes() / n : Double.NaN;
                layers.add(new LayerActivity(l.name(), l.kind(), l.neurons(), l.connections(), l.sourceNeurons(), sp / n, sy / n,
                    arrivals, input ? 0L : (long) l.neurons() * t, act / n));
            }
            Activity activity = new Activity(m.network, true, t, ss.timestepMs(), decision, accuracy, layers);
            EnergyEstimate e = EnergyEstimator.estimate(activity, devices);
            List<TableRow.DeviceEnergy> energy = new ArrayList<>();
            for (EnergyEstimate.DeviceEstimate d : e.devices()) {
                energy.add(new TableRow.DeviceEnergy(d.device().name(), d.mode() == EnergyReport.Mode.ANN ? "ann" : "snn",
                    d.totalEnergyJ(), d.latencyS()));
            }
            out.add(new TableRow(c.key(), c.model().label(), Values.name(cs.norm()), cs.percentile(), cs.burst(), Values.name(cs.reset()),
                cs.v0(), Values.name(cs.outputLayer()), cs.foldAvgPool(), cs.calibrationSplit() == null ? null : Values.name(cs.calibrationSplit()),
                cs.calibrationLimit(), Values.name(ss.engine()), Values.name(ss.encoder()), ss.maxRateHz(), ss.timestepMs(),
                Values.name(ss.readout()), ss.seed(), t, m.samples, accuracy, spikes / n, synops / n, decision, energy));
        }
        return out;
    }

    /** Neuron spikes, as {@code snn simulate} totals them: not the input's events, not max-pool relays. */
    static boolean isSpiking(LayerKind k) {
        return k != LayerKind.INPUT && k != LayerKind.MAX_POOL;
    }

    private static long sum(long[] a, int upTo) {
        long s = 0;
        for (int i = 0; i < upTo; i++) s += a[i];
        return s;
    }

    /** The table as CSV: a header, then one line per row; numbers as Java prints them (shortest exact form). */
    public String csv() {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS));
        for (EnergyColumn c : energyColumns) {
            sb.append(',').append(c.energyColumn());
            if (c.latencyKnown()) sb.append(',').append(c.latencyColumn());
        }
        sb.append('\n');
        for (TableRow r : rows) {
            Object[] v = {r.configuration(), r.model(), r.norm(), r.percentile(), r.burst(), r.reset(), r.v0(), r.outputLayer(),
                r.foldAvgPool(), r.calibrationSplit(), r.calibrationLimit(), r.engine(), r.encoder(), r.maxRateHz(), r.timestepMs(),
                r.readout(), r.seed(), r.timesteps(), r.samples(), r.accuracy(), r.spikesPerSample(), r.synopsPerSample(),
                r.meanDecisionTimestep()};
            for (int i = 0; i < v.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(cell(v[i]));
            }
            for (EnergyColumn c : energyColumns) {
                TableRow.DeviceEnergy e = r.energy(c.device(), c.mode()).orElseThrow();
                sb.append(',').append(e.energyJ());
                if (c.latencyKnown()) sb.append(',').append(e.latencyS());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String cell(Object v) {
        if (v == null) return "";
        String s = String.valueOf(v);
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The rows of one configuration, by key. */
    public List<TableRow> rowsOf(String configurationKey) {
        return rows.stream().filter(r -> r.configuration().equals(configurationKey)).toList();
    }

    /** The sums of a configuration's shards: exact, so any division into shards gives the same table. */
    private record Merged(String network, int samples, int[] checkpoints, long[] correct, long[] decisionSum,
                          List<ShardResult.LayerCounts> layers) {
        static Merged of(List<ShardResult> shards) {
            ShardResult first = shards.get(0);
            int samples = 0;
            long[] correct = new long[first.checkpoints().length];
            long[] decision = new long[correct.length];
            List<ShardResult.LayerCounts> layers = new ArrayList<>();
            for (ShardResult.LayerCounts l : first.layers()) {
                int t = l.spikes().length;
                layers.add(new ShardResult.LayerCounts(l.name(), l.kind(), l.neurons(), l.connections(), l.sourceNeurons(), 0,
                    new long[t], new long[t], new long[t]));
            }
            for (ShardResult s : shards) {
                if (s.layers().size() != layers.size() || !java.util.Arrays.equals(s.checkpoints(), first.checkpoints())) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "shard %d of configuration %s does not fit shard %d",
                        s.shard() + 1, s.configurationKey(), first.shard() + 1));
                }
                samples += s.samples();
                for (int k = 0; k < correct.length; k++) {
                    correct[k] += s.correct()[k];
                    decision[k] += s.decisionSum()[k];
                }
                for (int i = 0; i < layers.size(); i++) {
                    ShardResult.LayerCounts into = layers.get(i), from = s.layers().get(i);
                    add(into.spikes(), from.spikes());
                    add(into.synops(), from.synops());
                    add(into.activeNeurons(), from.activeNeurons());
                    layers.set(i, new ShardResult.LayerCounts(into.name(), into.kind(), into.neurons(), into.connections(),
                        into.sourceNeurons(), into.inputSpikes() + from.inputSpikes(), into.spikes(), into.synops(), into.activeNeurons()));
                }
            }
            return new Merged(first.network(), samples, first.checkpoints(), correct, decision, layers);
        }

        private static void add(long[] into, long[] from) {
            for (int i = 0; i < into.length; i++) into[i] += from[i];
        }
    }
}
