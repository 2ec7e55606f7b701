package org.spikeflow.cli;

import org.spikeflow.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.hardware.DeviceProfile;
import org.spikeflow.hardware.NeuronUpdateMode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikeflow.report.EarlyExitReport;
import org.spikeflow.report.LayerKind;
import org.spikeflow.report.LayerReport;
import org.spikeflow.report.SimulationReport;

/** PNG charts of simulate and energy reports (XChart, headless), written atomically. */
final class Plots {
    private Plots() {
    }

    static Path save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        Path f = dir.resolve(name + ".png");
        AtomicFiles.write(f, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        return f;
    }

    /** Pixel accuracy, mean IoU, foreground Jaccard and F1 against timesteps (the ANN's as flat lines when known). */
    static Path segmentation(SimulationReport report, Path dir) throws IOException {
        var seg = report.segmentation();
        double[] ts = seg.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        XYChart c = new XYChartBuilder().width(800).height(500).title("Segmentation vs timesteps: " + report.network())
            .xAxisTitle("timesteps").yAxisTitle("score").build();
        String[] names = {"pixel accuracy", "mean IoU", "foreground Jaccard", "foreground F1"};
        java.util.List<java.util.function.ToDoubleFunction<org.spikeflow.report.SegmentationScores>> of = List.of(
            org.spikeflow.report.SegmentationScores::pixelAccuracy, org.spikeflow.report.SegmentationScores::meanIou,
            org.spikeflow.report.SegmentationScores::foregroundJaccard, org.spikeflow.report.SegmentationScores::foregroundF1);
        for (int k = 0; k < names.length; k++) {
            final var f = of.get(k);
            c.addSeries(names[k], ts, seg.values().stream().mapToDouble(f).toArray());
            if (report.annSegmentation() != null) {
                double v = f.applyAsDouble(report.annSegmentation());
                c.addSeries(names[k] + " (ANN)", new double[] {ts[0], ts[ts.length - 1]}, new double[] {v, v});
            }
        }
        return save(c, dir, "segmentation_vs_timesteps");
    }

    static List<Path> simulate(SimulationReport report, ActivityRecorder rec, List<DeviceProfile> devices, Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        String net = report.network();
        int samples = report.samples();
        int steps = report.timesteps();
        double dtMs = report.timestepMs();

        if (report.segmentation() != null) out.add(segmentation(report, dir));

        // Accuracy vs timesteps (a segmentation run has its scores instead: a scene's label is no per-pixel class).
        if (report.segmentation() == null) {
            double[] ts = report.accuracy().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] as = report.accuracy().values().stream().mapToDouble(v -> 100 * v).toArray();
            XYChart a = new XYChartBuilder().width(800).height(500).title("Accuracy vs timesteps: " + net)
                .xAxisTitle("timesteps").yAxisTitle("accuracy (%)").build();
            a.addSeries("SNN (" + SimulateCommand.lower(report.engine()) + ")", ts, as);
            if (report.annAccuracy() != null) {
                double ann = report.annAccuracy();
                a.addSeries("ANN", new double[] {ts[0], ts[ts.length - 1]}, new double[] {100 * ann, 100 * ann});
            }
            out.add(save(a, dir, "accuracy_vs_timesteps"));
        }

        // Spikes per layer.
        List<String> names = new ArrayList<>();
        List<Double> spikes = new ArrayList<>();
        for (LayerReport l : report.layers()) {
            if (l.kind() == LayerKind.INPUT) continue;
            names.add(l.name());
            spikes.add(l.spikesPerSample());
        }
        CategoryChart s = new CategoryChartBuilder().width(900).height(500).title("Spikes per layer per sample: " + net)
            .xAxisTitle("layer").yAxisTitle("spikes per sample").build();
        s.getStyler().setXAxisLabelRotation(45);
        s.getStyler().setLegendVisible(false);
        s.addSeries("spikes", names, spikes);
        out.add(save(s, dir, "spikes_per_layer"));

        if (rec != null) {
            // Firing-rate histogram per layer.
            XYChart h = new XYChartBuilder().width(900).height(500).title("Firing-rate distribution per layer: " + net)
                .xAxisTitle("firing rate (Hz)").yAxisTitle("fraction of neurons").build();
            h.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            double seconds = samples * steps * dtMs / 1000.0;
            double maxRate = 0;
            for (Population p : rec.net.populations()) {
                if (p.kind() != PopulationKind.SPIKING) continue;
                for (long c : rec.perNeuron[p.id()]) maxRate = Math.max(maxRate, c / seconds);
            }
            int bins = 20;
            double width = Math.max(1e-9, maxRate / bins);
            for (Population p : rec.net.populations()) {
                if (p.kind() != PopulationKind.SPIKING) continue;
                double[] x = new double[bins], y = new double[bins];
                for (int b = 0; b < bins; b++) x[b] = (b + 0.5) * width;
                for (long c : rec.perNeuron[p.id()]) y[Math.min(bins - 1, (int) (c / seconds / width))] += 1.0 / p.size();
                h.addSeries(p.name(), x, y);
            }
            out.add(save(h, dir, "firing_rate_histogram"));

            // Raster of one sample.
            XYChart r = new XYChartBuilder().width(900).height(600).title("Spike raster, sample " + rec.rasterSample + ": " + net)
                .xAxisTitle("timestep").yAxisTitle("neuron (layers stacked)").build();
            r.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            r.getStyler().setMarkerSize(2);
            int offset = 0;
            for (Population p : rec.net.populations()) {
                List<int[]> ev = rec.raster.get(p.id());
                if (!ev.isEmpty()) {
                    double[] x = new double[ev.size()], y = new double[ev.size()];
                    for (int i = 0; i < ev.size(); i++) {
                        x[i] = ev.get(i)[0];
                        y[i] = offset + ev.get(i)[1];
                    }
                    r.addSeries(p.name(), x, y);
                }
                offset += p.size();
            }
            if (r.getSeriesMap().isEmpty()) r.addSeries("no spikes", new double[] {0}, new double[] {0});
            out.add(save(r, dir, "spike_raster"));
        }
        if (devices != null && !devices.isEmpty()) out.add(energyVsAccuracy(report, devices, dir));
        if (report.earlyExit() != null && !report.earlyExit().sweep().isEmpty()) out.add(earlyExit(report, dir));
        return out;
    }

    /**
     * Accuracy against mean timesteps: every margin of the early-exit sweep (one point each, labelled with its
     * margin), beside the run without early exit at each checkpoint T.
     */
    static Path earlyExit(SimulationReport report, Path dir) throws IOException {
        var x = report.earlyExit();
        XYChart c = new XYChartBuilder().width(900).height(550).title("Early exit: accuracy vs mean timesteps, " + report.network())
            .xAxisTitle("mean timesteps per sample").yAxisTitle("accuracy (%)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double[] ts = report.accuracy().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] as = report.accuracy().values().stream().mapToDouble(v -> 100 * v).toArray();
        c.addSeries("without early exit (T = checkpoint)", ts, as);
        double[] mx = x.sweep().stream().mapToDouble(EarlyExitReport.Point::meanTimesteps).toArray();
        double[] my = x.sweep().stream().mapToDouble(p -> 100 * p.accuracy()).toArray();
        XYSeries s = c.addSeries("early exit, patience " + x.patience() + " (" + x.marginUnit() + ")", mx, my);
        s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.DIAMOND);
        XYSeries chosen = c.addSeries(String.format(Locale.ROOT, "margin %.4g", x.margin()), new double[] {x.meanTimesteps()},
            new double[] {100 * x.accuracy()});
        chosen.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chosen.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
        return save(c, dir, "early_exit");
    }

    /**
     * Energy per inference against accuracy, one curve per spiking device (one point per checkpoint: the
     * events counted up to that timestep) and one point per ANN device at the ANN's accuracy when known.
     */
    static Path energyVsAccuracy(SimulationReport report, List<DeviceProfile> devices, Path dir) throws IOException {
        XYChart c = new XYChartBuilder().width(900).height(550).title("Energy per inference vs accuracy: " + report.network())
            .xAxisTitle("energy per inference (J, log scale)").yAxisTitle("accuracy (%)").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (DeviceProfile d : devices) {
            if (d.runsSnn()) {
                List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
                for (Map.Entry<Integer, Double> e : report.accuracy().entrySet()) {
                    int t = e.getKey();
                    double energy = 0;
                    for (LayerReport l : report.layers()) {
                        if (l.kind() == LayerKind.INPUT) continue;
                        double[] syn = l.synopsPerTimestep();
                        double[] act = l.activeNeuronsPerTimestep();
                        double[] spk = l.spikesPerTimestep();
                        double neurons = l.neurons();
                        for (int i = 0; i < t; i++) {
                            energy += syn[i] * d.energyPerSynopJ()
                                + (d.neuronUpdates() == NeuronUpdateMode.ALL ? neurons : act[i]) * d.energyPerNeuronUpdateJ()
                                + spk[i] * d.energyPerSpikeJ();
                        }
                    }
                    if (energy > 0) {
                        xs.add(energy);
                        ys.add(100 * e.getValue());
                    }
                }
                if (!xs.isEmpty()) c.addSeries(d.name() + " (SNN)", xs, ys);
            }
            if (d.runsAnn() && report.annAccuracy() != null) {
                double macs = 0, neurons = 0;
                for (LayerReport l : report.layers()) {
                    if (l.kind().computes()) macs += l.connections();
                    if (l.kind() != LayerKind.INPUT) neurons += l.neurons();
                }
                double e = macs * d.energyPerOpJ() + neurons * d.energyPerNeuronUpdateJ();
                XYSeries s = c.addSeries(d.name() + " (ANN)", new double[] {e}, new double[] {100 * report.annAccuracy()});
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        if (c.getSeriesMap().isEmpty()) c.addSeries("no estimate", new double[] {1e-9}, new double[] {0});
        return save(c, dir, "energy_vs_accuracy");
    }

    /**
     * The sparsity crossover: synaptic operations per second (left) and seconds per sample (right) of both
     * engines against input activity, log scales, each network's crossover activity marked by a vertical line.
     */
    static Path crossover(org.spikeflow.bench.EngineBenchmark.Report r, Path file) throws IOException {
        XYChart rate = crossoverChart("Synaptic operations per second", "synops/s");
        XYChart time = crossoverChart("Wall time per sample", "seconds per sample");
        for (var n : r.networks()) {
            String net = SimulateCommand.lower(n.kind());
            double[] a = n.points().stream().mapToDouble(org.spikeflow.bench.EngineBenchmark.Point::activity).toArray();
            rate.addSeries(net + ", event", a, n.points().stream().mapToDouble(p -> p.event().synopsPerSecond()).toArray());
            rate.addSeries(net + ", dense", a, n.points().stream().mapToDouble(p -> p.dense().synopsPerSecond()).toArray());
            double[] te = n.points().stream().mapToDouble(p -> p.event().secondsPerSample()).toArray();
            double[] td = n.points().stream().mapToDouble(p -> p.dense().secondsPerSample()).toArray();
            time.addSeries(net + ", event", a, te);
            time.addSeries(net + ", dense", a, td);
            if (n.crossoverActivity() != null) {
                double c = n.crossoverActivity();
                String label = String.format(Locale.ROOT, "%s crossover at %.3g", net, c);
                double lo = Double.MAX_VALUE;
                double hi = 0;
                for (double v : te) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
                for (double v : td) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
                XYSeries line = time.addSeries(label, new double[] {c, c}, new double[] {lo, hi});
                line.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
                line.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
                double rlo = Double.MAX_VALUE;
                double rhi = 0;
                for (var p : n.points()) {
                    rlo = Math.min(rlo, Math.min(p.event().synopsPerSecond(), p.dense().synopsPerSecond()));
                    rhi = Math.max(rhi, Math.max(p.event().synopsPerSecond(), p.dense().synopsPerSecond()));
                }
                XYSeries rl = rate.addSeries(label + " ", new double[] {c, c}, new double[] {rlo, rhi});
                rl.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
                rl.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
            }
        }
        java.awt.image.BufferedImage left = BitmapEncoder.getBufferedImage(rate);
        java.awt.image.BufferedImage right = BitmapEncoder.getBufferedImage(time);
        java.awt.image.BufferedImage both = new java.awt.image.BufferedImage(left.getWidth() + right.getWidth(),
            Math.max(left.getHeight(), right.getHeight()), java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = both.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) java.nio.file.Files.createDirectories(parent);
        AtomicFiles.write(file, out -> javax.imageio.ImageIO.write(both, "png", out));
        return file;
    }

    private static XYChart crossoverChart(String title, String yAxis) {
        XYChart c = new XYChartBuilder().width(800).height(550).title(title + " against input activity")
            .xAxisTitle("input activity (fraction of inputs active per timestep)").yAxisTitle(yAxis).build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        return c;
    }
}
