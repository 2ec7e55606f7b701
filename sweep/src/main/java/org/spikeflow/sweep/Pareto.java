package org.spikeflow.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The accuracy / energy / latency Pareto front of one model on one device: the rows no other row beats on all three
 * at once (at least as accurate, at most as much energy, at most as many timesteps, and better in one). Latency is
 * counted in timesteps T, the time the network runs before its answer is read; it is device-independent (the
 * built-in profiles give no time per timestep).
 */
public final class Pareto {
    private Pareto() {
    }

    /** The front among {@code rows} for the device column, sorted by energy. */
    public static List<TableRow> front(List<TableRow> rows, SweepTable.EnergyColumn column) {
        List<TableRow> out = new ArrayList<>();
        for (TableRow r : rows) {
            boolean dominated = false;
            for (TableRow o : rows) {
                if (o != r && dominates(o, r, column)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) out.add(r);
        }
        out.sort(Comparator.comparingDouble((TableRow r) -> energy(r, column)).thenComparingInt(TableRow::timesteps));
        return out;
    }

    /** True if {@code a} is at least as good as {@code b} on accuracy, energy and timesteps, and better on one. */
    static boolean dominates(TableRow a, TableRow b, SweepTable.EnergyColumn column) {
        double ea = energy(a, column), eb = energy(b, column);
        boolean noWorse = a.accuracy() >= b.accuracy() && ea <= eb && a.timesteps() <= b.timesteps();
        boolean better = a.accuracy() > b.accuracy() || ea < eb || a.timesteps() < b.timesteps();
        return noWorse && better;
    }

    public static double energy(TableRow r, SweepTable.EnergyColumn column) {
        return r.energy(column.device(), column.mode()).orElseThrow().energyJ();
    }
}
