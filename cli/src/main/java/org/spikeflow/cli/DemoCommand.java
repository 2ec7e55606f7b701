package org.spikeflow.cli;

import org.spikeflow.io.AtomicFiles;
import org.spikeflow.converter.snn.SpikingOptions;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataLoader;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.ReadoutMode;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.io.NetworkFile;
import org.spikeflow.hardware.Activity;
import org.spikeflow.hardware.EnergyEstimator;
import org.spikeflow.hardware.EnergyEstimate;
import org.spikeflow.report.ReportJson;
import org.spikeflow.report.SimulationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code snn demo}: the main job on the embedded default. Converts the embedded model (trained by
 * {@code snn train}), simulates it event by event at several timesteps on the embedded dataset, estimates
 * energy on the built-in devices, prints a summary and writes the full report to a folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Convert, simulate and estimate the embedded demo model on the embedded dataset (no download).",
    footer = {"", "Examples:", "  snn demo", "  snn demo --out results/demo --threads 2"})
public final class DemoCommand implements Callable<Integer> {
    static final String DEMO_MODEL = "demo/model.onnx";

    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "snn-demo", description = "Folder for the full report. Default: ${DEFAULT-VALUE}.")
    Path outDir;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--timesteps", paramLabel = "T", defaultValue = "32", description = "Longest simulation. Default: ${DEFAULT-VALUE}.")
    int timesteps;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (threads < 1) throw new UsageException("--threads must be >= 1, got " + threads);
        if (timesteps < 1) throw new UsageException("--timesteps must be >= 1, got " + timesteps);
        long start = System.nanoTime();
        Dataset calibration = DataLoader.demo("train");
        Dataset test = DataLoader.demo("t10k");
        Files.createDirectories(outDir);
        Path model = outDir.resolve("model.onnx");
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(DEMO_MODEL)) {
            if (in == null) throw new org.spikeflow.data.DataException("embedded resource " + DEMO_MODEL + " is missing from this build");
            AtomicFiles.write(model, in::transferTo);
        }
        out.printf(Locale.ROOT, "demo: embedded model %s, %d calibration and %d test images (embedded MNIST subsets)%n",
            DEMO_MODEL, calibration.size(), test.size());
        Network ann = org.spikeflow.converter.ModelLoader.load(model);
        double annAcc = EvaluateCommand.accuracy(ann, test, threads, new PrintWriter(java.io.OutputStream.nullOutputStream()));
        Network snn;
        try (Progress p = Progress.create(out, "calibrate", calibration.size())) {
            snn = org.spikeflow.converter.snn.SpikingConversion.convert(ann, calibration, SpikingOptions.DEFAULT, true, threads, p::update);
        }
        Path netFile = outDir.resolve("network.snn");
        NetworkFile.write(snn, netFile);
        int[] cps = java.util.stream.IntStream.of(1, 2, 4, 8, 16, 32, 64, 128).filter(t -> t <= timesteps).toArray();
        SimulationResult r;
        ActivityRecorder activity = new ActivityRecorder(snn, 0);
        try (Progress p = Progress.create(out, "simulate", test.size())) {
            SimulationConfig cfg = SimulationConfig.builder().timesteps(timesteps).checkpoints(cps).threads(threads)
                .readout(ReadoutMode.MEMBRANE).progress(p::update).listener(activity).build();
            r = Engines.create(EngineKind.EVENT).run(snn, test, cfg);
        }
        SimulationReport report = r.toReport().withSource(netFile.toString(), test.name()).withAnnAccuracy(annAcc);
        EnergyEstimate energy = EnergyEstimator.estimate(Activity.fromReport(report),
            EnergyCommand.profiles(List.of("cpu", "gpu", "loihi", "spinnaker2", "asic45nm"), null));
        report = report.withEnergy(energy.toReport());
        ReportJson.write(outDir.resolve("simulate.json"), report);
        ReportJson.write(outDir.resolve("energy.json"), energy.toReport());
        java.util.List<Path> pngs = Plots.simulate(report, activity, EnergyCommand.profiles(
            List.of("cpu", "gpu", "loihi", "spinnaker2", "asic45nm"), null), outDir.resolve("plots"));
        out.println();
        out.printf(Locale.ROOT, "ANN accuracy %.2f%%; SNN (event-driven, %d populations, %,d neurons, %,d synapses):%n", 100 * annAcc,
            snn.populations().size(), snn.neurons(), snn.synapses());
        out.printf(Locale.ROOT, "%10s %10s%n", "timesteps", "accuracy");
        for (int k = 0; k < cps.length; k++) out.printf(Locale.ROOT, "%10d %9.2f%%%n", cps[k], 100 * r.accuracy(k));
        out.printf(Locale.ROOT, "%.0f spikes and %.4g synaptic operations per image over %d timesteps; decision at T=%.2f on average%n",
            r.totalSpikes() / (double) test.size(), r.totalSynops() / (double) test.size(), timesteps, r.meanDecisionTimestep());
        out.println();
        out.print(energy.renderTable());
        StringBuilder summary = new StringBuilder();
        summary.append(String.format(Locale.ROOT, "ANN accuracy %.2f%%%n", 100 * annAcc));
        for (int k = 0; k < cps.length; k++) summary.append(String.format(Locale.ROOT, "T=%d: %.2f%%%n", cps[k], 100 * r.accuracy(k)));
        HtmlReport.write(outDir.resolve("report.html"), "Spikeflow demo", summary + "\n" + energy.renderTable(), pngs);
        out.printf(Locale.ROOT, "%nfull report: %s (report.html, network.snn, simulate.json, energy.json, plots/) in %.1f s%n",
            outDir.toAbsolutePath(), (System.nanoTime() - start) / 1e9);
        out.flush();
        return ExitCodes.OK;
    }
}
