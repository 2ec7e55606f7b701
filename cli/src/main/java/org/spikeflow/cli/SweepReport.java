package org.spikeflow.cli;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spikeflow.sweep.Pareto;
import org.spikeflow.sweep.Plan;
import org.spikeflow.sweep.Sweep;
import org.spikeflow.sweep.SweepTable;
import org.spikeflow.sweep.TableRow;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sweep's plots and HTML page: accuracy against T per configuration (one chart per model), and per spiking
 * device the accuracy / energy / latency Pareto front of each model (energy on a log axis, the front's points
 * labelled with T, devices that run the ANN drawn as its energy per model).
 */
final class SweepReport {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(255, 127, 14), new Color(23, 190, 207), new Color(140, 86, 75), new Color(227, 119, 194)};

    private SweepReport() {
    }

    /** Writes DIR/plots/*.png and DIR/report.html; returns the plots. */
    static List<Path> write(Path dir, Sweep.Outcome outcome, Plan plan) throws IOException {
        SweepTable table = outcome.table();
        Path plots = dir.resolve("plots");
        Files.createDirectories(plots);
        List<Path> pngs = new ArrayList<>();
        for (String model : models(table)) pngs.add(accuracy(table, model, plots));
        for (SweepTable.EnergyColumn c : table.energyColumns()) {
            if (c.mode().equals("snn")) pngs.add(pareto(table, c, plots));
        }
        HtmlReport.write(dir.resolve("report.html"), "Sweep: " + table.study(), text(outcome, plan), pngs);
        return pngs;
    }

    private static Set<String> models(SweepTable table) {
        Set<String> m = new LinkedHashSet<>();
        table.configurations().forEach(c -> m.add(c.model()));
        return m;
    }

    static Path accuracy(SweepTable table, String model, Path dir) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title("Accuracy vs timesteps: " + model)
            .xAxisTitle("timesteps T").yAxisTitle("accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setMarkerSize(5);
        int i = 0;
        for (SweepTable.ConfigurationInfo c : table.configurations()) {
            if (!c.model().equals(model)) continue;
            List<TableRow> rows = table.rowsOf(c.key());
            XYSeries s = chart.addSeries(unique(chart, c.label()), rows.stream().mapToDouble(TableRow::timesteps).toArray(),
                rows.stream().mapToDouble(r -> 100 * r.accuracy()).toArray());
            s.setLineColor(PALETTE[i % PALETTE.length]);
            s.setMarkerColor(PALETTE[i % PALETTE.length]);
            if (i >= PALETTE.length) s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
            i++;
        }
        return Plots.save(chart, dir, "accuracy_vs_timesteps_" + fileName(model));
    }

    /**
     * One device: every row as a faint point, each model's front as a line through its points (each labelled with T and
     * its configuration's number in the page's table), the ANN-only devices' energy per model as dashed verticals.
     */
    static Path pareto(SweepTable table, SweepTable.EnergyColumn column, Path dir) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(640)
            .title("Accuracy / energy / latency Pareto front on " + column.device() + " (points: every configuration and T)")
            .xAxisTitle("energy per inference on " + column.device() + " (J, log scale)").yAxisTitle("accuracy (%)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        chart.getStyler().setAnnotationTextFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        int m = 0;
        double yMin = 100, yMax = 0, xMin = Double.MAX_VALUE, xMax = 0;
        for (TableRow r : table.rows()) {
            yMin = Math.min(yMin, 100 * r.accuracy());
            yMax = Math.max(yMax, 100 * r.accuracy());
            xMin = Math.min(xMin, Pareto.energy(r, column));
            xMax = Math.max(xMax, Pareto.energy(r, column));
        }
        Labels labels = new Labels(Math.log10(xMin), Math.log10(xMax), yMin, yMax);
        for (String model : models(table)) {
            List<TableRow> rows = table.rows().stream().filter(r -> r.model().equals(model)).toList();
            Color color = PALETTE[m % PALETTE.length];
            Color faint = new Color(color.getRed(), color.getGreen(), color.getBlue(), 70);
            XYSeries all = chart.addSeries(model + ": every configuration and T", rows.stream().mapToDouble(r -> Pareto.energy(r, column)).toArray(),
                rows.stream().mapToDouble(r -> 100 * r.accuracy()).toArray());
            all.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            all.setMarker(SeriesMarkers.CIRCLE);
            all.setMarkerColor(faint);
            List<TableRow> front = Pareto.front(rows, column);
            XYSeries f = chart.addSeries(model + ": Pareto front (label: T, configuration)", front.stream().mapToDouble(r -> Pareto.energy(r, column)).toArray(),
                front.stream().mapToDouble(r -> 100 * r.accuracy()).toArray());
            f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            f.setMarker(SeriesMarkers.DIAMOND);
            f.setMarkerColor(color);
            f.setLineColor(color);
            // the most accurate first: where labels crowd, the upper point of a cluster keeps its label, which sits above it
            for (TableRow r : front.stream().sorted(java.util.Comparator.comparingDouble(TableRow::accuracy).reversed()).toList()) {
                double x = Pareto.energy(r, column), y = 100 * r.accuracy();
                if (labels.place(Math.log10(x), y)) {
                    chart.addAnnotation(new org.knowm.xchart.AnnotationText("T" + r.timesteps() + " c" + number(table, r.configuration()),
                        x, y + 0.02 * Math.max(1, yMax - yMin), false));
                }
            }
            m++;
        }
        m = 0;
        for (String model : models(table)) {
            Color color = PALETTE[m++ % PALETTE.length];
            for (SweepTable.EnergyColumn ann : table.energyColumns()) {
                if (!ann.mode().equals("ann")) continue;
                TableRow any = table.rows().stream().filter(r -> r.model().equals(model)).findFirst().orElseThrow();
                double e = Pareto.energy(any, ann);
                XYSeries v = chart.addSeries(model + ": ANN on " + ann.device(), new double[] {e, e}, new double[] {Math.max(0, yMin - 2), 100});
                v.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                v.setMarker(SeriesMarkers.NONE);
                v.setLineColor(color);
                v.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        if (chart.getSeriesMap().isEmpty()) chart.addSeries("no results", new double[] {1e-9}, new double[] {0});
        return Plots.save(chart, dir, "pareto_" + fileName(column.device()));
    }

    /**
     * Where front labels already are, in fractions of the plot (log energy across, accuracy up): a label goes only where
     * it does not cover another, so dense stretches of a front keep every point but label some.
     */
    private static final class Labels {
        private final double x0, xSpan, y0, ySpan;
        private final List<double[]> placed = new ArrayList<>();

        Labels(double xMin, double xMax, double yMin, double yMax) {
            this.x0 = xMin;
            this.xSpan = Math.max(1e-9, xMax - xMin);
            this.y0 = yMin;
            this.ySpan = Math.max(1e-9, yMax - yMin);
        }

        boolean place(double x, double y) {
            double fx = (x - x0) / xSpan, fy = (y - y0) / ySpan;
            if (!Double.isFinite(fx) || !Double.isFinite(fy)) return false;
            for (double[] p : placed) if (Math.abs(p[0] - fx) < 0.075 && Math.abs(p[1] - fy) < 0.045) return false;
            placed.add(new double[] {fx, fy});
            return true;
        }
    }

    /** The page's text: what ran, the configurations (numbered as the Pareto plots label them) and each front as a table. */
    static String text(Sweep.Outcome outcome, Plan plan) {
        SweepTable table = outcome.table();
        StringBuilder sb = new StringBuilder();
        Sweep.Summary s = outcome.summary();
        sb.append(String.format(Locale.ROOT, "%d configurations (%d complete), %d rows; this run: %d simulation tasks on %s, %d from the store, %s%n",
            s.configurations(), table.configurations().size(), table.rows().size(), s.tasks(), s.executor(), s.storedTasks(),
            Progress.formatSeconds(outcome.wallSeconds())));
        for (Sweep.Failure f : outcome.failures()) sb.append("FAILED: ").append(f.what()).append(": ").append(f.message()).append('\n');
        sb.append("\nConfigurations (key: the results store's directory):\n");
        int i = 1;
        for (SweepTable.ConfigurationInfo c : table.configurations()) {
            sb.append(String.format(Locale.ROOT, "  c%-3d %s  %-12s %s  (%d samples, %d shards)%n", i++, c.key(), c.model(), c.label(),
                c.samples(), c.shards()));
        }
        for (SweepTable.EnergyColumn col : table.energyColumns()) {
            if (!col.mode().equals("snn")) {
                sb.append(String.format(Locale.ROOT, "%nDevice %s runs the ANN (no synaptic-event cost in its profile): its energy does not"
                    + " depend on T; drawn as dashed lines in the spiking devices' Pareto plots.%n", col.device()));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%nPareto front on %s (accuracy up, energy down, timesteps down):%n", col.device()));
            sb.append(String.format(Locale.ROOT, "  %-12s %-5s %-4s %9s %12s %10s  %s%n", "model", "conf", "T", "accuracy", "energy", "decision", "configuration"));
            for (String model : models(table)) {
                List<TableRow> rows = table.rows().stream().filter(r -> r.model().equals(model)).toList();
                for (TableRow r : Pareto.front(rows, col)) {
                    sb.append(String.format(Locale.ROOT, "  %-12s c%-4d %-4d %8.2f%% %12s %10.2f  %s%n", model, number(table, r.configuration()),
                        r.timesteps(), 100 * r.accuracy(), org.spikeflow.hardware.Quantities.energy(Pareto.energy(r, col)), r.meanDecisionTimestep(),
                        label(table, r.configuration())));
                }
            }
        }
        return sb.toString();
    }

    private static int number(SweepTable table, String key) {
        for (int i = 0; i < table.configurations().size(); i++) if (table.configurations().get(i).key().equals(key)) return i + 1;
        return 0;
    }

    private static String label(SweepTable table, String key) {
        return table.configurations().stream().filter(c -> c.key().equals(key)).findFirst().map(SweepTable.ConfigurationInfo::label).orElse("");
    }

    private static String unique(XYChart chart, String name) {
        String n = name;
        for (int k = 2; chart.getSeriesMap().containsKey(n); k++) n = name + " (" + k + ")";
        return n;
    }

    private static String fileName(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
