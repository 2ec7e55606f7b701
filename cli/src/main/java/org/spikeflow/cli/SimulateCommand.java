package org.spikeflow.cli;

import org.spikeflow.io.AtomicFiles;
import org.spikeflow.converter.ModelLoader;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.ConfigException;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.ReadoutMode;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.io.NetworkFile;
import org.spikeflow.hardware.EnergyEstimate;
import org.spikeflow.engine.EarlyExit;
import org.spikeflow.report.EarlyExitReport;
import org.spikeflow.report.LayerReport;
import org.spikeflow.report.ReportJson;
import org.spikeflow.report.SimulationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code snn simulate}: run a spiking network on a dataset and report accuracy, spikes and synaptic operations. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate a spiking network (.snn) on a dataset, event by event (or with the dense reference).",
    footer = {"", "Examples:",
        "  snn simulate net.snn --data idx:data/mnist --timesteps 32 --checkpoints 4,8,16,32 --report r.json",
        "  snn simulate net.snn --data demo --engine dense --limit 100",
        "  snn simulate net.snn --data idx:data/fashion --encoder poisson --seed 7 --energy loihi,cpu --plots plots/",
        "  snn simulate unet.snn --data seg:data/lucchi --tile 256x256 --tile-overlap 64 --checkpoints 8,16,32 --html r.html"})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    DataOptions dataOptions;
    @Mixin
    TileOptions tileOptions;

    @Parameters(index = "0", paramLabel = "NET.snn", description = "Spiking network file written by 'snn convert'.")
    Path network;

    @Option(names = "--timesteps", paramLabel = "T", defaultValue = "32", description = "Timesteps per sample. Default: ${DEFAULT-VALUE}.")
    int timesteps;

    @Option(names = "--checkpoints", paramLabel = "T1,T2,...", split = ",",
        description = "Timesteps at which to record predictions (the last timestep is always one).")
    int[] checkpoints;

    @Option(names = "--engine", paramLabel = "event|dense", defaultValue = "event", description = "Engine: event (event-driven) or dense"
        + " (the time-stepped reference). Default: ${DEFAULT-VALUE}.")
    EngineKind engine;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Engine threads: the event engine runs N shards of the samples, one pipeline each (one pipeline on N threads when recording spikes). Results do not depend on it. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--encoder", paramLabel = "MODE", defaultValue = "analog",
        description = "Input encoding: analog (direct current), poisson, regular, spike-train (data already holds spike"
            + " trains, e.g. npz:FILE), receptive-field (Gaussian population coding, --fields per input), " + InputCoding.ANNARCHY_HELP
            + ", or ttfs (time to first spike: one spike per pixel, earlier for brighter, over the input window of a network"
            + " converted with --coding ttfs; the default for such networks, which also default --timesteps to the ticks they"
            + " need). Default: ${DEFAULT-VALUE}.")
    InputCoding encoder;

    @Option(names = "--fields", paramLabel = "M", defaultValue = "5", description = "Receptive fields per input for --encoder receptive-field. Default: ${DEFAULT-VALUE}.")
    int fields;

    @Option(names = "--max-rate-hz", paramLabel = "HZ", description = "Rate of a full-intensity input for the poisson, regular, cpn, ib"
        + " and pso encoders (ib's input current and pso's membrane are pixel times this rate). Default: 100 for cpn, ib and pso"
        + " (ANNarchy's max_f), 1000 otherwise.")
    Float maxRateHz;

    @Option(names = "--timestep-ms", paramLabel = "MS", defaultValue = "1", description = "Timestep length. Default: ${DEFAULT-VALUE}.")
    float timestepMs;

    @Option(names = "--readout", paramLabel = "MODE", defaultValue = "auto",
        description = "auto, spike-count (count), membrane, first-spike (earliest first spike), time-to-first-spike or time-to-k-spikes"
            + " (ANNarchy's: stop each sample once an output neuron has spiked once, or --readout-k times, and predict the most"
            + " spikes, ties by membrane then lowest index; needs a spiking output). auto: membrane for integrating outputs, else spike count.")
    ReadoutMode readout;

    @Option(names = "--readout-k", paramLabel = "K", defaultValue = "1", description = "The k of --readout time-to-k-spikes. Default: ${DEFAULT-VALUE}.")
    int readoutK;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of stochastic encoders. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--ring-size", paramLabel = "N", defaultValue = "64", description = "Blocks of up to 1,024 spikes each population's output ring holds (a power of two; how far a layer may run ahead of its readers). Default: ${DEFAULT-VALUE}.")
    int ringSize;

    @Option(names = "--report", paramLabel = "R.json", description = "Write the full JSON report here.")
    Path report;

    @Option(names = "--record", paramLabel = "DIR", description = "Record every spike to a Chronicle Queue in this directory.")
    Path record;

    @Option(names = "--raster", paramLabel = "FILE.csv", description = "Export the recorded spikes as raster CSV (sample,timestep,layer,neuron,count); implies --record (a temporary queue if none is given).")
    Path raster;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write PNG plots here: accuracy vs timesteps, spikes per layer, firing-rate histograms, a spike raster, energy vs accuracy.")
    Path plots;

    @Option(names = "--html", paramLabel = "FILE.html", description = "Write one self-contained HTML report (tables and plots).")
    Path html;

    @Option(names = "--mask-samples", paramLabel = "N", defaultValue = "4",
        description = "Segmentation runs with --plots or --html: rows of masks.png, one per sample from the first (input,"
            + " ground truth, ANN, SNN at every checkpoint); 0 for none. Default: ${DEFAULT-VALUE}.")
    int maskSamples;

    @Option(names = "--energy", paramLabel = "DEVICES", split = ",", description = "Add energy estimates for these devices (e.g. loihi,cpu).")
    List<String> energy;

    @Option(names = "--early-exit", paramLabel = "MARGIN[,PATIENCE]", converter = EarlyExits.Converter.class,
        description = "Stop each sample once the read-out's top-1 margin has been at least MARGIN for PATIENCE consecutive"
            + " timesteps (default 1). The margin is the winner's lead over the runner-up: in spikes for the spike-count"
            + " read-out; for the membrane read-out, the lead of its integrated output so far, which for a converted"
            + " network is the ANN's logit lead divided by the output layer's scale (snn inspect shows it under"
            + " normalization.scales), summed over the elapsed timesteps; for first spike, how many timesteps earlier it fired. The run goes to --timesteps and"
            + " reports the figures with and without early exit (and a sweep of margins) from the same simulation;"
            + " with --stop-early the engine stops the samples instead.")
    EarlyExit earlyExit;

    @Option(names = "--stop-early", description = "With --early-exit: really stop each sample at its exit (faster; the report then"
        + " describes that run only, with no comparison and no sweep).")
    boolean stopEarly;

    @Option(names = "--early-exit-margins", paramLabel = "M1,M2,...", split = ",",
        description = "Margins of the early-exit sweep (accuracy against mean timesteps). Default: the --early-exit margin times 0, 1/4, 1/2, 1, 2 and 4.")
    float[] sweepMargins;

    /** The run's configuration, validated once; a bad setting is a usage error naming its flag. */
    SimulationConfig config() {
        return config(null);
    }

    /**
     * The run's configuration for {@code net}: a time-to-first-spike network gets the ttfs encoder with its input window
     * and, unless given, as many timesteps as its windows need.
     */
    SimulationConfig config(Network net) {
        if (readoutK != 1 && readout != ReadoutMode.TIME_TO_K_SPIKES) throw new UsageException("--readout-k needs --readout time-to-k-spikes");
        if (readout.stopsAtSpikes() && earlyExit != null) {
            throw new UsageException("--early-exit does not combine with --readout " + Enums.name(readout) + ", which stops each sample itself");
        }
        if (stopEarly && earlyExit == null) throw new UsageException("--stop-early needs --early-exit MARGIN[,PATIENCE]");
        if (sweepMargins != null && earlyExit == null) throw new UsageException("--early-exit-margins needs --early-exit MARGIN[,PATIENCE]");
        if (sweepMargins != null && stopEarly) throw new UsageException("--early-exit-margins needs the full run: leave out --stop-early");
        try {
            if (sweepMargins != null) EarlyExits.sweep(earlyExit, sweepMargins);
            final boolean ttfs = net != null && org.spikeflow.graph.TtfsParams.isTtfs(net);
            final picocli.CommandLine.ParseResult given = spec == null ? null : spec.commandLine().getParseResult();
            final org.spikeflow.engine.EncoderKind kind = ttfs && (given == null || !given.hasMatchedOption("--encoder"))
                ? org.spikeflow.engine.EncoderKind.TTFS : encoder.encoder();
            final int steps = ttfs && (given == null || !given.hasMatchedOption("--timesteps"))
                ? org.spikeflow.graph.TtfsParams.ticksNeeded(net) : timesteps;
            return SimulationConfig.builder().timesteps(steps).checkpoints(checkpoints).encoder(kind)
                .inputWindow(ttfs ? org.spikeflow.graph.TtfsParams.inputWindow(net) : 0)
                .maxRateHz(maxRateHz != null ? maxRateHz : encoder.defaultMaxRateHz()).readoutK(readoutK).timestepMs(timestepMs).seed(seed).threads(threads).ringSize(ringSize).readout(readout)
                .earlyExit(stopEarly ? earlyExit : null).traces(earlyExit != null && !stopEarly)
                .build();
        } catch (ConfigException e) {
            throw new UsageException("--" + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        config();
        Network net = loadNetwork(network);
        SimulationConfig base = config(net);
        if (maskSamples < 0) throw new UsageException("--mask-samples must be >= 0, got " + maskSamples);
        Dataset data = encoder.prepare(dataOptions.load(), fields, base.timesteps());
        TileOptions.Tiled tiled = tileOptions.of(net, data);
        if (tiled != null) {
            if (earlyExit != null) throw new UsageException("--early-exit cannot stop the tiles of a scene: leave out --tile or --early-exit");
            if (encoder.encoder() == org.spikeflow.engine.EncoderKind.SPIKE_TRAIN) throw new UsageException("--tile cuts scenes, not recorded spike trains");
            if (record != null || raster != null) throw new UsageException("--record and --raster record whole networks: leave out --tile");
        }
        try {
            // With tiles, the settings are checked against the tile network here and the scenes by the tiled run.
            Engines.checkInput(tiled == null ? net : tiled.net(), tiled == null ? data : data.slice(0, 0), base);
        } catch (ConfigException e) {
            throw new UsageException("--" + e.getMessage());
        }
        if (tiled == null) checkMasks(net, data);
        final Network runNet = tiled == null ? net : tiled.net();
        SimulationResult result;
        try (Progress p = Progress.create(out, "simulate", data.size())) {
            Path queueDir = record != null ? record
                : raster != null ? java.nio.file.Files.createTempDirectory("spikeflow-spikes") : null;
            org.spikeflow.record.ChronicleSpikeRecorder recorder = queueDir == null ? null
                : new org.spikeflow.record.ChronicleSpikeRecorder(queueDir, net);
            activity = plots != null || html != null ? new ActivityRecorder(runNet, 0) : null;
            org.spikeflow.engine.SpikeListener listener = both(recorder, activity);
            try {
                SimulationConfig cfg = base.withObservers(listener, p::update);
                result = tiled == null ? Engines.create(engine).run(net, data, cfg)
                    : org.spikeflow.engine.TiledRun.run(Engines.create(engine), tiled.net(), tiled.tiling(), data, cfg);
            } finally {
                if (recorder != null) recorder.close();
            }
            if (raster != null) {
                var rows = org.spikeflow.record.SpikeRasterReader.read(queueDir);
                AtomicFiles.write(raster, o -> {
                    java.io.Writer w = new java.io.OutputStreamWriter(o, java.nio.charset.StandardCharsets.UTF_8);
                    org.spikeflow.record.SpikeRasterReader.writeCsv(rows, w);
                });
                out.println("raster: " + raster + " (" + rows.size() + " rows)");
                if (record == null) deleteTree(queueDir);
            }
        }
        SimulationReport r = result.toReport().withSource(network.toString(), data.name());
        if (tiled != null) r = r.withTiling(org.spikeflow.report.TilingReport.of(tiled.tiling(), tiled.receptiveRadius()));
        if (r.segmentation() != null) {
            // The network's rate-limit reading: the imported ANN's per-pixel predictions (conversion rescales every
            // population by a positive factor per channel and the output by one factor, which keeps each pixel's class;
            // models with activation ceilings are read without them).
            r = r.withAnnSegmentation(EvaluateCommand.segmentation(runNet, tiled, data, Math.max(1, threads), out));
        }
        EarlyExitReport exit = null;
        if (base.readout().stopsAtSpikes()) {
            exit = EarlyExits.stopped(result, r, base.earlyExit(), base.readout());
        } else if (earlyExit != null) {
            org.spikeflow.engine.ReadoutMode mode = base.readout().resolve(net.output());
            exit = stopEarly ? EarlyExits.stopped(result, r, earlyExit, mode)
                : EarlyExits.analysed(result, earlyExit, EarlyExits.sweep(earlyExit, sweepMargins), mode);
        }
        java.io.StringWriter text = new java.io.StringWriter();
        PrintWriter both = new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                out.write(c, off, len);
                text.write(c, off, len);
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
            }
        });
        if (tiled != null) {
            both.println(tiled.describe());
        }
        printSummary(both, r);
        List<org.spikeflow.hardware.DeviceProfile> devices = energy == null || energy.isEmpty() ? null
            : EnergyCommand.profiles(energy, null);
        if (devices != null) {
            EnergyEstimate e = EnergyCommand.estimate(r, energy, null);
            both.print(e.renderTable());
            r = r.withEnergy(e.toReport());
            if (exit != null) exit = EarlyExits.withEnergy(exit, net, r, devices);
        }
        if (exit != null) {
            printEarlyExit(both, r, exit);
            r = r.withEarlyExit(exit);
        }
        both.flush();
        if (plots != null || html != null) {
            Path dir = plots != null ? plots : java.nio.file.Files.createTempDirectory("spikeflow-plots");
            List<Path> pngs = new java.util.ArrayList<>(Plots.simulate(r, activity, devices, dir));
            if (result.pixelPredictions() != null && data.segmentation() && maskSamples > 0) {
                pngs.add(0, MaskImages.write(new org.spikeflow.engine.PixelForward(runNet, tiled == null ? null : tiled.tiling()),
                    data, result.pixelPredictions(), result.checkpoints(), maskSamples, dir));
                text.write("masks.png, per row one of the first samples: " + MaskImages.columns(result.checkpoints()) + "\n");
            }
            if (plots != null) out.println("plots: " + pngs.size() + " PNG files in " + plots);
            if (html != null) {
                HtmlReport.write(html, "Simulation of " + r.network(), text.toString(), pngs);
                out.println("html: " + html);
            }
            if (plots == null) deleteTree(dir);
        }
        if (report != null) {
            ReportJson.write(report, r);
            out.println("report: " + report);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private ActivityRecorder activity;

    static org.spikeflow.engine.SpikeListener both(org.spikeflow.engine.SpikeListener a, org.spikeflow.engine.SpikeListener b) {
        if (a == null) return b;
        if (b == null) return a;
        return new org.spikeflow.engine.SpikeListener() {
            @Override
            public void onSpikes(int sample, int timestep, int populationId, int[] neuronIndex, int[] spikeCount, int n) {
                a.onSpikes(sample, timestep, populationId, neuronIndex, spikeCount, n);
                b.onSpikes(sample, timestep, populationId, neuronIndex, spikeCount, n);
            }

            @Override
            public void close() {
                a.close();
                b.close();
            }
        };
    }

    static Network loadNetwork(Path file) {
        if (!ModelLoader.isNetworkFile(file)) {
            if (!java.nio.file.Files.exists(file)) throw new org.spikeflow.graph.io.NetworkFileException(file + ": no such file");
            throw new UsageException(file + " is not a spiking network file; run 'snn convert' first");
        }
        return NetworkFile.read(file);
    }

    static void printSummary(PrintWriter out, SimulationReport r) {
        out.printf(Locale.ROOT, "%s on %s: %d samples, %s engine, %d thread(s), %s encoder%n", r.network(), r.data(),
            r.samples(), lower(r.engine()), r.threads(), lower(r.encoder()));
        if (r.segmentation() == null) { // a scene's sample label is no class the per-pixel read-out predicts
            StringBuilder sb = new StringBuilder("accuracy:");
            r.accuracy().forEach((t, a) -> sb.append(String.format(Locale.ROOT, "  T=%d %.2f%%", t, 100 * a)));
            out.println(sb);
        }
        out.printf(Locale.ROOT, "%-24s %12s %16s %16s%n", "layer", "neurons", "spikes/sample", "synops/sample");
        for (LayerReport l : r.layers()) {
            out.printf(Locale.ROOT, "%-24s %12d %16.1f %16.1f%n", l.name(), (long) l.neurons(), l.spikesPerSample(), l.synopsPerSample());
        }
        out.printf(Locale.ROOT, "total: %.1f spikes/sample, %.4g synops/sample, mean decision at T=%.2f, %.2f s wall (%.2f s engine CPU), %.3g synops/s%s%n",
            r.spikesPerSample(), r.synopsPerSample(), r.meanDecisionTimestep(), r.wallSeconds(),
            r.engineCpuSeconds() == null ? Double.NaN : r.engineCpuSeconds(), r.synopsPerSecond(),
            r.peakResidentBytes() == null ? "" : String.format(Locale.ROOT, ", peak resident memory %.0f MiB", r.peakResidentBytes() / 1048576.0));
        if (r.encoder() == org.spikeflow.engine.EncoderKind.TTFS) printSpikesPerNeuron(out, r);
        if (r.segmentation() != null) {
            out.println("segmentation (per-pixel read-out, all pixels of all samples):");
            printSegmentationHeader(out);
            if (r.annSegmentation() != null) printSegmentationRow(out, "ANN", r.annSegmentation(), Double.NaN);
            r.segmentation().forEach((t, s) -> printSegmentationRow(out, "T=" + t, s, spikesUpTo(r, t)));
            Integer last = null;
            for (Integer t : r.segmentation().keySet()) last = t;
            if (last != null) printClassIou(out, "T=" + last, r.segmentation().get(last));
        }
    }

    /**
     * Time-to-first-spike networks: spikes per neuron and sample of the firing layers (every spiking layer but the
     * read-out, which integrates without firing) and of the input.
     */
    static void printSpikesPerNeuron(PrintWriter out, SimulationReport r) {
        double spikes = 0, neurons = 0, inSpikes = 0, inNeurons = 0;
        java.util.List<LayerReport> layers = r.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerReport l = layers.get(i);
            if (l.kind() == org.spikeflow.report.LayerKind.INPUT) {
                inSpikes += l.spikesPerSample();
                inNeurons += l.neurons();
            } else if (l.kind() != org.spikeflow.report.LayerKind.MAX_POOL && i != layers.size() - 1) {
                spikes += l.spikesPerSample();
                neurons += l.neurons();
            }
        }
        out.printf(Locale.ROOT, "time to first spike: %.4f spikes per neuron (%.1f spikes over %.0f neurons of the firing layers per"
            + " sample), input %.4f spikes per pixel%n", spikes / Math.max(1, neurons), spikes, neurons, inSpikes / Math.max(1, inNeurons));
    }

    /** Masks, when the data has them, must give one class per pixel of a per-pixel output. */
    static void checkMasks(Network net, Dataset data) {
        if (!data.segmentation() || !org.spikeflow.engine.Readout.perPixel(net.output())) return;
        int pixels = net.output().shape().height() * net.output().shape().width();
        if (data.size() > 0 && data.masks().labels()[0].length != pixels) {
            throw new org.spikeflow.data.DataException(data.name() + ": masks of " + data.masks().labels()[0].length
                + " pixels for the network's per-pixel output " + net.output().shape());
        }
    }

    /** Spikes of spiking neurons per sample emitted in the first {@code t} timesteps. */
    static double spikesUpTo(SimulationReport r, int t) {
        double s = 0;
        for (LayerReport l : r.layers()) {
            if (l.kind() == org.spikeflow.report.LayerKind.INPUT || l.kind() == org.spikeflow.report.LayerKind.MAX_POOL) continue;
            double[] perStep = l.spikesPerTimestep();
            for (int i = 0; i < Math.min(t, perStep.length); i++) s += perStep[i];
        }
        return s;
    }

    static void printSegmentationHeader(PrintWriter out) {
        out.printf(Locale.ROOT, "%-8s %10s %10s %12s %10s %16s%n", "", "pixel acc", "mean IoU", "fg Jaccard", "fg F1", "spikes/sample");
    }

    static void printSegmentationRow(PrintWriter out, String label, org.spikeflow.report.SegmentationScores s, double spikes) {
        out.printf(Locale.ROOT, "%-8s %10.4f %10.4f %12.4f %10.4f %16s%n", label, s.pixelAccuracy(), s.meanIou(),
            s.foregroundJaccard(), s.foregroundF1(), Double.isNaN(spikes) ? "-" : String.format(Locale.ROOT, "%.1f", spikes));
    }

    static void printClassIou(PrintWriter out, String label, org.spikeflow.report.SegmentationScores s) {
        StringBuilder sb = new StringBuilder("IoU per class (" + label + "):");
        for (int c = 0; c < s.classIou().size(); c++) {
            Double v = s.classIou().get(c);
            sb.append(String.format(Locale.ROOT, "  %d:%s", c, v == null ? "-" : String.format(Locale.ROOT, "%.3f", v)));
        }
        out.println(sb);
    }

    static void printEarlyExit(PrintWriter out, SimulationReport r, EarlyExitReport x) {
        if (r.readout() == ReadoutMode.TIME_TO_FIRST_SPIKE || r.readout() == ReadoutMode.TIME_TO_K_SPIKES) {
            int k = Math.round((float) x.margin());
            out.printf(Locale.ROOT, "time to %s: accuracy %.2f%%, timesteps used %.2f on average (median %d, 90%% %d, 99%% %d, max %d),"
                    + " %d of %d samples stopped before T=%d, %.1f spikes/sample%n", k == 1 ? "first spike" : k + " spikes", 100 * x.accuracy(),
                x.meanTimesteps(), x.medianTimesteps(), x.p90Timesteps(), x.p99Timesteps(),
                java.util.Arrays.stream(x.timestepsPerSample()).max().orElse(0),
                java.util.Arrays.stream(x.timestepsPerSample()).filter(u -> u < r.timesteps()).count(), x.timestepsPerSample().length,
                r.timesteps(), x.spikesPerSample());
            return;
        }
        out.printf(Locale.ROOT, "early exit (margin %.4g %s, patience %d%s): accuracy %.2f%% using %.2f timesteps on average"
                + " (median %d, 90%% %d, 99%% %d), %.1f spikes/sample, %.4g synops/sample%n", x.margin(), x.marginUnit(), x.patience(),
            x.stopped() ? ", samples stopped by the engine" : "", 100 * x.accuracy(), x.meanTimesteps(), x.medianTimesteps(),
            x.p90Timesteps(), x.p99Timesteps(), x.spikesPerSample(), x.synopsPerSample());
        if (!x.stopped()) {
            out.printf(Locale.ROOT, "without early exit: accuracy %.2f%% at T=%d, %.1f spikes/sample, %.4g synops/sample%n",
                100 * r.finalAccuracy(), r.timesteps(), r.spikesPerSample(), r.synopsPerSample());
            StringBuilder sb = new StringBuilder("margin sweep (margin: accuracy @ mean timesteps):");
            for (EarlyExitReport.Point p : x.sweep()) {
                sb.append(String.format(Locale.ROOT, "  %.4g: %.2f%% @ %.2f", p.margin(), 100 * p.accuracy(), p.meanTimesteps()));
            }
            out.println(sb);
        }
        if (x.energy() != null) {
            StringBuilder sb = new StringBuilder("energy per inference with early exit:");
            for (var d : x.energy().devices()) {
                if (d.mode() == org.spikeflow.report.EnergyReport.Mode.SNN) {
                    sb.append(String.format(Locale.ROOT, "  %s %s", d.device(), org.spikeflow.hardware.Quantities.energy(d.totalEnergyJ())));
                }
            }
            out.println(sb);
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var s = java.nio.file.Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.deleteIfExists(p);
        }
    }
}
