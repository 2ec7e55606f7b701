package org.spikeflow.cli;

import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.Selection;
import org.spikeflow.data.spec.Split;
import org.spikeflow.training.FineTuneConfig;
import org.spikeflow.training.FineTuner;
import org.spikeflow.training.ModelReader;
import org.spikeflow.training.OnnxExport;
import org.spikeflow.training.SpikingForward;
import org.spikeflow.training.TrainedModel;
import org.spikeflow.training.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code snn fine-tune}: spiking-aware fine-tuning of a trained ANN, forward through the simulator, backward through the rate. */
@Command(name = "fine-tune", mixinStandardHelpOptions = true,
    description = {"Fine-tune a trained model spiking-aware: every batch runs forward through the converted spiking network"
        + " (integrate-and-fire, T timesteps, simulated by the event-driven engine) and backward through the rate"
        + " (straight-through), with an optional L2 pull of firing rates into a [lower, upper] Hz band.",
        "The result keeps each layer's ceiling as Clip(0, ceiling); convert it with --norm cap."},
    footer = {"", "Examples:",
        "  snn fine-tune fashion.onnx --data idx:data/fashion --timesteps 8 --epochs 2 -o fashion_ft.onnx",
        "  snn fine-tune fashion.onnx --data idx:data/fashion --timesteps 4 --epochs 4 --iterate --upper-hz 200 --l2 1e-7 -o ft.onnx",
        "  snn convert fashion_ft.onnx --norm cap --calibration idx:data/fashion -o fashion_ft.snn"})
public final class FineTuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    DataFlags flags;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Trained model (ONNX, as written by snn train).")
    Path model;
    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "Training data (idx:DIR uses the train split, folder:DIR, demo).")
    String data;
    @Option(names = "--test", paramLabel = "SPEC", description = "Simulate the result on this data at the end (idx:DIR uses the test split).")
    String test;
    @Option(names = "--limit", defaultValue = "0", description = "Use N training samples (and a proportional share of the"
        + " validation part), drawn stratified with --split-seed (0 = all).")
    int limit;
    @Option(names = {"-T", "--timesteps"}, required = true, description = "Timesteps of the spiking forward pass.")
    int timesteps;
    @Option(names = "--epochs", defaultValue = "2", description = "Epochs (of the first stage). Default: ${DEFAULT-VALUE}.")
    int epochs;
    @Option(names = "--batch", defaultValue = "64", description = "Batch size (of the first stage). Default: ${DEFAULT-VALUE}.")
    int batch;
    @Option(names = "--lr", defaultValue = "0.0001", description = "Adam learning rate (of the first stage). Default: ${DEFAULT-VALUE}.")
    double lr;
    @Option(names = "--dt", defaultValue = "1", split = ",", paramLabel = "MS", description = "Timestep in ms; a comma-separated"
        + " list is a schedule, one value per epoch, the last holding on. Turns spikes per step into Hz. Default: ${DEFAULT-VALUE}.")
    double[] dt;
    @Option(names = "--tau", defaultValue = "0", paramLabel = "MS", description = "Synaptic low-pass time constant of the forward"
        + " rates in ms (0 = plain spike count). Default: ${DEFAULT-VALUE}.")
    double tau;
    @Option(names = "--lower-hz", defaultValue = "0", description = "Lower edge of the firing-rate band. Default: ${DEFAULT-VALUE}.")
    double lowerHz;
    @Option(names = "--upper-hz", defaultValue = "250", description = "Upper edge of the firing-rate band. Default: ${DEFAULT-VALUE}.")
    double upperHz;
    @Option(names = "--l2", defaultValue = "0", description = "Weight of the L2 penalty on rates (Hz) outside the band. Default: ${DEFAULT-VALUE}.")
    double l2;
    @Option(names = "--iterate", description = "Further stages, each doubling the timesteps and halving batch size, epochs and learning rate, while epochs stay >= 1.")
    boolean iterate;
    @Option(names = "--percentile", defaultValue = "99.9", description = "Percentile of ANN activations that sets a layer's"
        + " ceiling (threshold) when the model has none. Default: ${DEFAULT-VALUE}.")
    double percentile;
    @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = {"-o", "--output-file"}, required = true, paramLabel = "MODEL2.onnx")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        flags.transform.transform();
        FineTuneConfig cfg;
        try {
            cfg = new FineTuneConfig(timesteps, epochs, batch, lr, dt, tau, lowerHz, upperHz, l2, iterate, percentile, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        Selection subset = flags.stratified(limit, "--limit");
        TrainedModel m = ModelReader.read(model);
        Dataset trainPart = flags.load("--data", data, Split.TRAIN, subset);
        if (trainPart.shape().channels() != m.channels() || trainPart.shape().height() != m.height() || trainPart.shape().width() != m.width()) {
            throw new UsageException("--data has samples of shape " + trainPart.shape() + ", the model takes " + m.channels() + "x"
                + m.height() + "x" + m.width());
        }
        Dataset validationPart = flags.policy().validation() == 0 ? emptyLike(trainPart)
            : flags.load("--data", data, Split.VALIDATION, flags.validationShare(limit));
        Dataset[] parts = {trainPart, validationPart};
        long start = System.nanoTime();
        final EpochBar bar = new EpochBar(out);
        final int[] stageT = {timesteps};
        TrainedModel tuned = FineTuner.fineTune(m, parts[0], parts[1], cfg, new FineTuner.Listener() {
            @Override
            public void stage(FineTuneConfig.Stage s) {
                stageT[0] = s.timesteps();
                out.printf(Locale.ROOT, "stage %d: T=%d, batch %d, %d epoch(s), lr %.2g, on %d samples (%d for validation)%n",
                    s.index() + 1, s.timesteps(), s.batchSize(), s.epochs(), s.learningRate(), parts[0].size(), parts[1].size());
                out.flush();
            }

            @Override
            public void batch(int epoch, int b, int batches, double loss) {
                bar.batch(epoch, b, batches, loss);
            }

            @Override
            public void epoch(int epoch, double trainLoss, double acc, double spikes) {
                bar.close();
                out.printf(Locale.ROOT, "epoch %d: loss %.4f, spiking validation accuracy %.2f%% at T=%d, %.0f spikes/sample, %.0f s%n",
                    epoch, trainLoss, 100 * acc, stageT[0], spikes, (System.nanoTime() - start) / 1e9);
                out.flush();
            }
        });
        OnnxExport.write(tuned, output);
        StringBuilder caps = new StringBuilder();
        for (float c : tuned.caps()) caps.append(caps.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", c));
        out.printf(Locale.ROOT, "wrote %s (ceilings %s; convert with --norm cap), %.0f s%n", output, caps, (System.nanoTime() - start) / 1e9);
        if (test != null) {
            Dataset t = flags.load("--test", test, Split.TEST, Selection.ALL);
            SpikingForward.Pass p = new SpikingForward(tuned, parts[0].limit(8), stageT[0], cfg.dtMsAt(tuned.epochs()), 0).run(t, 2);
            out.printf(Locale.ROOT, "test: spiking accuracy %.2f%% at T=%d, %.0f spikes/sample on %d samples of %s; ANN (clipped) %.2f%%%n",
                100.0 * p.correct() / t.size(), stageT[0], p.spikesPerSample(), t.size(), t.name(), 100 * Trainer.accuracy(tuned, t));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static Dataset emptyLike(Dataset d) {
        return new Dataset(d.name() + " (no validation part)", d.shape(), new float[0][], new int[0], d.classes());
    }
}
