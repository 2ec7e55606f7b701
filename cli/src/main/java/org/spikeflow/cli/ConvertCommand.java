package org.spikeflow.cli;

import org.spikeflow.converter.ModelLoader;
import org.spikeflow.converter.snn.NormMode;
import org.spikeflow.converter.snn.OutputMode;
import org.spikeflow.converter.snn.SpikingConversion;
import org.spikeflow.converter.snn.SpikingOptions;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.Split;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.io.NetworkFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code snn convert}: ANN model in, spiking network file out. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert a trained ANN (ONNX, Keras .h5/.keras) or a NIR graph (.nir) into a spiking network file (.snn).",
    footer = {"", "Examples:",
        "  snn convert mnist_cnn.onnx -o mnist_cnn.snn --calibration idx:data/mnist --calibration-split train",
        "  snn convert vgg.onnx -o vgg.snn --calibration idx:data/fashion --norm channel --percentile 99.99",
        "  snn convert lenet.h5 -o lenet.snn --calibration demo --output-layer spiking --reset zero",
        "  snn convert mnist_cnn.onnx -o mnist_model.snn --norm model --output-layer spiking --reset zero --v0 0",
        "  snn convert mnist_cnn.onnx -o mnist_ttfs.snn --coding ttfs --calibration idx:data/mnist --norm max",
        "  snn convert vgg.onnx -o vgg.snn --calibration idx:data/fashion --percentile 99 --burst 5 --burst-calibration clamp --max-pool lipool",
        "  snn convert cnn_sinabs.nir -o cnn.snn --dt 0.0001 --discretization euler"})
public final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    DataFlags flags;
    @Mixin
    NirOptions nir;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Trained model: .onnx, .h5 or .keras; or a NIR graph (.nir:"
        + " imported as it is, without calibration or normalization).")
    Path model;

    @Option(names = {"-o", "--output-file"}, required = true, paramLabel = "NET.snn", description = "Network file to write.")
    Path output;

    @Option(names = "--calibration", paramLabel = "SPEC", description = "Calibration data (idx:DIR, folder:DIR, demo, ...)."
        + " Required unless --norm none or model.")
    String calibration;

    @Option(names = "--calibration-split", paramLabel = "PART", defaultValue = "train",
        description = "Part of the calibration data: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Split calibrationSplit;

    @Option(names = "--calibration-limit", paramLabel = "N", defaultValue = "5000",
        description = "Calibration samples, drawn stratified with --split-seed (0 = all). Default: ${DEFAULT-VALUE}.")
    int calibrationLimit;

    @Option(names = "--coding", paramLabel = "MODE", defaultValue = "rate",
        description = "Spike code: rate (IF neurons whose rate is the activation) or ttfs (time to first spike: every neuron"
            + " fires at most once per sample, earlier for larger activations, in a time window per layer; the exact ReLU"
            + " mapping of Stanojevic et al. 2024, max pooling as the earliest spike; --norm max or percentile sets each"
            + " window's range). Default: ${DEFAULT-VALUE}.")
    org.spikeflow.converter.snn.Coding coding;

    @Option(names = "--ttfs-ticks", paramLabel = "K", defaultValue = "64",
        description = "Time resolution of --coding ttfs: ticks (timesteps) of the input window, and of each layer's window per"
            + " calibrated range. Default: ${DEFAULT-VALUE}.")
    int ttfsTicks;

    @Option(names = "--norm", paramLabel = "MODE", defaultValue = "percentile",
        description = "Normalization: max, percentile, channel (channel-wise percentile), balancing (spike-based threshold"
            + " balancing, one calibration simulation per layer; use a few hundred samples), cap (the model's own activation"
            + " ceilings, e.g. from training with --qcfs; percentile elsewhere), model (model-based, Diehl et al. 2015 as in"
            + " ANNarchy: no data, each layer's weights times its --model-scale over its largest sum of positive incoming"
            + " weights) or none. Default: ${DEFAULT-VALUE}.")
    NormMode norm;

    @Option(names = "--model-scale", paramLabel = "S", description = "For --norm model: every layer's largest possible input per"
        + " timestep, in thresholds (1 is Diehl et al.'s rule). Default: ANNarchy's, the layer's depth + 1 (2 for the first"
        + " layer, 3 for the next, pooling layers counted).")
    Float modelScale;

    @Option(names = "--percentile", paramLabel = "P", defaultValue = "99.9",
        description = "Percentile for percentile and channel modes. Default: ${DEFAULT-VALUE}.")
    double percentile;

    @Option(names = "--reset", paramLabel = "MODE", defaultValue = "subtract",
        description = "Reset after a spike: subtract or zero. Default: ${DEFAULT-VALUE}.")
    ResetMode reset;

    @Option(names = "--v0", paramLabel = "FRACTION", defaultValue = "0.5",
        description = "Initial membrane potential as a fraction of the threshold. Default: ${DEFAULT-VALUE}.")
    float v0;

    @Option(names = "--burst", paramLabel = "K", defaultValue = "1",
        description = "Maximum spikes per neuron per timestep (multi-spike neurons). Default: ${DEFAULT-VALUE}.")
    int burst;

    @Option(names = "--burst-calibration", paramLabel = "MODE", defaultValue = "none",
        description = "none, or clamp: BrainCog's calibration for burst neurons (Li & Zeng, IJCAI 2022): while calibrating,"
            + " every hidden activation is clamped at K = --burst in the model's own units and passed on clamped, so each"
            + " threshold is the --norm statistic of clamped activations and never exceeds K. Needs --norm max, percentile,"
            + " channel or cap. Default: ${DEFAULT-VALUE}.")
    org.spikeflow.converter.snn.BurstCalibration burstCalibration;

    @Option(names = "--output-layer", paramLabel = "MODE", defaultValue = "integrator",
        description = "Output population: integrator (membrane read-out) or spiking (spike count). Default: ${DEFAULT-VALUE}.")
    OutputMode outputLayer;

    @Option(names = "--max-pool", paramLabel = "RULE", defaultValue = "leader",
        description = "Spiking max pooling: leader (forward the spikes of the window's most active input so far) or"
            + " running-max (emit what keeps each output's count equal to its window's largest count; never over-counts"
            + " when inputs of nearly equal rates trade the lead). lipool, BrainCog's lateral-inhibition pooling (Li & Zeng,"
            + " IJCAI 2022: accumulate the inputs, emit the window maximum of the accumulated counts, subtract the emission"
            + " from every input of the window), is the same rule, for any window and stride (overlapping windows: each"
            + " window inhibits its own copy of its inputs). Default: ${DEFAULT-VALUE}.")
    org.spikeflow.graph.MaxPoolProjection.Rule maxPool;

    @Option(names = "--no-fold-avgpool", description = "Keep average pooling as its own spiking layer instead of folding it into the next layer.")
    boolean noFold;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Calibration threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    SpikingOptions options() {
        if (!(percentile > 0 && percentile <= 100)) throw new UsageException("--percentile must be in (0, 100], got " + percentile);
        if (!(v0 >= 0 && v0 < 1)) throw new UsageException("--v0 must be in [0, 1), got " + v0);
        if (burst < 1) throw new UsageException("--burst must be >= 1, got " + burst);
        if (threads < 1) throw new UsageException("--threads must be >= 1, got " + threads);
        if (calibrationLimit < 0) throw new UsageException("--calibration-limit must be >= 0, got " + calibrationLimit);
        if (norm.needsCalibration() && calibration == null) throw new UsageException("--calibration is required for --norm " + Enums.name(norm));
        if (modelScale != null && norm != NormMode.MODEL) throw new UsageException("--model-scale needs --norm model");
        if (modelScale != null && !(modelScale > 0 && Float.isFinite(modelScale))) {
            throw new UsageException("--model-scale must be a positive number, got " + modelScale);
        }
        if (burstCalibration == org.spikeflow.converter.snn.BurstCalibration.CLAMP
            && !(norm.needsCalibration() && norm != NormMode.THRESHOLD_BALANCING)) {
            throw new UsageException("--burst-calibration clamp needs activation statistics: use --norm max, percentile, channel"
                + " or cap, not " + Enums.name(norm));
        }
        return new SpikingOptions(norm, percentile, reset, v0, burst, outputLayer, modelScale == null ? Float.NaN : modelScale,
            burstCalibration);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (ModelLoader.kind(model) == ModelLoader.Kind.NIR) {
            Network snn = org.spikeflow.converter.nir.NirImporter.load(model, nir.options());
            NetworkFile.write(snn, output);
            out.printf(Locale.ROOT, "wrote %s: %d populations, %,d neurons, %,d synapses (%s, dt %s s, %s)%n", output,
                snn.populations().size(), snn.neurons(), snn.synapses(), snn.metadata().get("format"), nir.dtSeconds,
                Enums.name(nir.discretization));
            out.flush();
            return ExitCodes.OK;
        }
        SpikingOptions o = options();
        flags.transform.transform();
        if (coding == org.spikeflow.converter.snn.Coding.TTFS) return convertTtfs(out);
        Network snn = convert(model, o, !noFold, threads, out);
        if (maxPool != org.spikeflow.graph.MaxPoolProjection.Rule.LEADER) {
            snn = org.spikeflow.converter.snn.MaxPoolGates.apply(snn, maxPool);
        }
        NetworkFile.write(snn, output);
        out.printf(Locale.ROOT, "wrote %s: %d populations, %,d neurons, %,d synapses%n", output, snn.populations().size(),
            snn.neurons(), snn.synapses());
        out.println("normalization: " + snn.metadata().getOrDefault("normalization", "none")
            + (snn.metadata().containsKey("normalization.scales") ? " (" + snn.metadata().get("normalization.scales") + ")" : ""));
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code --coding ttfs}: calibration, then the time-to-first-spike mapping. */
    private int convertTtfs(PrintWriter out) {
        if (norm != NormMode.MAX && norm != NormMode.PERCENTILE) {
            throw new UsageException("--coding ttfs calibrates with --norm max or percentile, not " + Enums.name(norm));
        }
        if (ttfsTicks < 1) throw new UsageException("--ttfs-ticks must be >= 1, got " + ttfsTicks);
        picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
        for (String flag : new String[] {"--reset", "--v0", "--burst", "--output-layer", "--max-pool", "--model-scale"}) {
            if (given.hasMatchedOption(flag)) {
                throw new UsageException(flag + " does not apply to --coding ttfs (single-spike neurons, membrane read-out, max pooling"
                    + " by the earliest spike)");
            }
        }
        if (ModelLoader.isNetworkFile(model)) {
            throw new UsageException(model + " is already a spiking network file; convert takes an ANN model");
        }
        Network ann = ModelLoader.load(model);
        Dataset cal = calibrationData(ann);
        Network snn;
        try (Progress p = Progress.create(out, "calibrate", cal.size())) {
            snn = org.spikeflow.converter.snn.TtfsConversion.convert(ann, cal,
                new org.spikeflow.converter.snn.TtfsOptions(ttfsTicks, norm, percentile), !noFold, threads, p::update);
        }
        NetworkFile.write(snn, output);
        out.printf(Locale.ROOT, "wrote %s: %d populations, %,d neurons, %,d synapses%n", output, snn.populations().size(),
            snn.neurons(), snn.synapses());
        out.println("time to first spike: windows " + snn.metadata().get("ttfs.windows") + "; " + snn.metadata().get("ttfs.timesteps")
            + " timesteps per sample; calibration " + snn.metadata().get("normalization"));
        out.flush();
        return ExitCodes.OK;
    }

    private Dataset calibrationData(Network ann) {
        Dataset cal = flags.load("--calibration", calibration, calibrationSplit, flags.stratified(calibrationLimit, "--calibration-limit"));
        if (cal.samples()[0].length != ann.input().size()) {
            throw new org.spikeflow.data.DataException("calibration data " + cal.name() + " has " + cal.samples()[0].length
                + " values per sample but model input '" + ann.input().name() + "' expects " + ann.input().size()
                + " " + ann.input().shape());
        }
        return cal;
    }

    private Network convert(Path model, SpikingOptions o, boolean fold, int threads, PrintWriter out) {
        if (ModelLoader.isNetworkFile(model)) {
            throw new UsageException(model + " is already a spiking network file; convert takes an ANN model");
        }
        Network ann = ModelLoader.load(model);
        Dataset cal = null;
        if (o.norm().needsCalibration()) {
            cal = calibrationData(ann);
        }
        try (Progress p = cal == null ? null : Progress.create(out, "calibrate", cal.size())) {
            return SpikingConversion.convert(ann, cal, o, fold, threads, p == null ? null : p::update);
        }
    }
}
