package org.spikeflow.cli;

import org.spikeflow.converter.ModelLoader;
import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.io.Npy;
import org.spikeflow.data.io.NpyArray;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;
import org.spikeflow.engine.PixelConfusion;
import org.spikeflow.report.EvaluationReport;
import org.spikeflow.report.SegmentationScores;
import org.spikeflow.report.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code snn evaluate}: the imported ANN's own accuracy, and its logits against golden outputs. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Run the imported ANN (float forward pass) on a dataset; compare with golden logits.",
    footer = {"", "Examples:", "  snn evaluate mnist_cnn.onnx --data idx:data/mnist",
        "  snn evaluate mnist_cnn.onnx --data idx:data/mnist --golden mnist_cnn_golden.npz --report ann.json",
        "  snn evaluate unet.onnx --data seg:data/lucchi --tile 256x256 --tile-overlap 64"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    DataOptions dataOptions;
    @Mixin
    TileOptions tileOptions;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model (.onnx, .h5, .keras) or network (.snn, rate-limit reading).")
    Path model;

    @Option(names = "--golden", paramLabel = "FILE.npz", description = "NumPy archive with arrays 'input' (N,C,H,W) and 'logits'.")
    Path golden;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--report", paramLabel = "R.json", description = "Write a JSON report here.")
    Path report;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (threads < 1) throw new UsageException("--threads must be >= 1, got " + threads);
        Network net = ModelLoader.load(model);
        EvaluationReport r = EvaluationReport.of(model.toString());
        if (golden != null) {
            double err = goldenError(net, golden);
            r = r.withGolden(golden.toString(), err);
            out.printf(Locale.ROOT, "golden logits: max abs error %.3g over %s%n", err, golden.getFileName());
        }
        if (golden == null || spec.commandLine().getParseResult().hasMatchedOption("--data")) {
            Dataset data = dataOptions.load();
            TileOptions.Tiled tiled = tileOptions.of(net, data);
            if (tiled == null) org.spikeflow.engine.Engines.checkInput(net, data);
            else {
                out.println(tiled.describe());
                r = r.withTiling(org.spikeflow.report.TilingReport.of(tiled.tiling(), tiled.receptiveRadius()));
            }
            if (org.spikeflow.engine.Readout.perPixel(net.output()) && data.segmentation()) {
                SegmentationScores s = segmentation(tiled == null ? net : tiled.net(), tiled, data, threads, out);
                r = r.withSegmentation(data.name(), data.size(), s);
                out.printf(Locale.ROOT, "ANN segmentation on %d samples of %s:%n", data.size(), data.name());
                SimulateCommand.printSegmentationHeader(out);
                SimulateCommand.printSegmentationRow(out, "ANN", s, Double.NaN);
                SimulateCommand.printClassIou(out, "ANN", s);
            } else {
                if (org.spikeflow.engine.Readout.perPixel(net.output()) || data.segmentation()) {
                    throw new DataException(data.name() + (data.segmentation() ? " holds segmentation masks but the model's output "
                        + net.output().shape() + " is not per pixel" : " has no masks for the per-pixel output " + net.output().shape()
                        + " (use seg:DIR)"));
                }
                double acc = accuracy(net, data, threads, out);
                r = r.withAccuracy(data.name(), data.size(), acc);
                out.printf(Locale.ROOT, "ANN accuracy: %.2f%% on %d samples of %s%n", 100 * acc, data.size(), data.name());
            }
        }
        if (report != null) {
            ReportJson.write(report, r);
            out.println("report: " + report);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static double goldenError(Network net, Path golden) {
        Map<String, NpyArray> g = Npy.readNpz(golden);
        NpyArray input = g.get("input");
        NpyArray logits = g.get("logits");
        if (input == null || logits == null) {
            throw new DataException(golden + ": needs arrays 'input' and 'logits', has " + g.keySet());
        }
        int[] is = input.shape(), ls = logits.shape();
        if (is.length < 2 || is[0] < 1) {
            throw new DataException(golden + ": 'input' must hold at least one sample (N, ...), got shape " + java.util.Arrays.toString(is));
        }
        if (ls.length < 2 || ls[0] != is[0]) {
            throw new DataException(golden + ": 'logits' must be (N, outputs) or (N, C, H, W) with N = " + is[0] + " like 'input', got shape "
                + java.util.Arrays.toString(ls));
        }
        if (input.size() / is[0] != net.input().size()) {
            throw new DataException(golden + ": 'input' samples have " + input.size() / is[0] + " values but the model expects "
                + net.input().size() + " " + net.input().shape());
        }
        final int perSample = logits.size() / ls[0];
        if (perSample != net.output().size()) {
            throw new DataException(golden + ": " + perSample + " golden logits per sample but the model has " + net.output().size()
                + " outputs " + net.output().shape());
        }
        final boolean chw = !net.output().shape().isFlat();
        AnalogForward f = new AnalogForward(net);
        double max = 0;
        for (int s = 0; s < is[0]; s++) {
            float[] y = f.logits(Dataset.toHwc(input.row(s), net.input().shape()));
            if (chw) y = Dataset.toChw(y, net.output().shape()); // golden spatial logits are N x C x H x W
            float[] ref = logits.row(s);
            for (int k = 0; k < y.length; k++) max = Math.max(max, Math.abs(y[k] - ref[k]));
        }
        return max;
    }

    /**
     * The ANN's per-pixel segmentation scores on {@code data} (argmax over channels, or logit > 0 for one channel):
     * of {@code net} on whole scenes, or, with {@code tiled}, of its network ({@code net}) tile by tile.
     */
    static SegmentationScores segmentation(Network net, TileOptions.Tiled tiled, Dataset data, int threads, PrintWriter out)
        throws Exception {
        final int channels = net.output().shape().channels();
        final org.spikeflow.engine.Tiling tiling = tiled == null ? null : tiled.tiling();
        final int pixels = new org.spikeflow.engine.PixelForward(net, tiling).pixels();
        final Dataset.Masks masks = data.masks();
        if (tiled == null) SimulateCommand.checkMasks(net, data);
        final int classes = PixelConfusion.classesFor(channels, masks);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        try (Progress p = Progress.create(out, "evaluate", data.size())) {
            java.util.List<Future<PixelConfusion>> parts = new java.util.ArrayList<>();
            for (int w = 0; w < threads; w++) {
                final int from = data.size() * w / threads, to = data.size() * (w + 1) / threads;
                parts.add(pool.submit(() -> {
                    org.spikeflow.engine.PixelForward f = new org.spikeflow.engine.PixelForward(net, tiling);
                    PixelConfusion m = new PixelConfusion(classes);
                    byte[] predicted = new byte[pixels];
                    for (int i = from; i < to; i++) {
                        f.classes(data.samples()[i], predicted);
                        m.add(masks.labels()[i], predicted);
                        p.update(done.incrementAndGet());
                    }
                    return m;
                }));
            }
            PixelConfusion all = new PixelConfusion(classes);
            for (Future<PixelConfusion> f : parts) all.add(f.get());
            return all.scores();
        } finally {
            pool.shutdownNow();
        }
    }

    static double accuracy(Network net, Dataset data, int threads, PrintWriter out) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        try (Progress p = Progress.create(out, "evaluate", data.size())) {
            java.util.List<Future<Integer>> parts = new java.util.ArrayList<>();
            for (int w = 0; w < threads; w++) {
                final int from = data.size() * w / threads, to = data.size() * (w + 1) / threads;
                parts.add(pool.submit(() -> {
                    AnalogForward f = new AnalogForward(net);
                    int ok = 0;
                    for (int i = from; i < to; i++) {
                        if (AnalogForward.argmax(f.logits(data.samples()[i])) == data.labels()[i]) ok++;
                        p.update(done.incrementAndGet());
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : parts) ok += f.get();
            return ok / (double) data.size();
        } finally {
            pool.shutdownNow();
        }
    }
}
