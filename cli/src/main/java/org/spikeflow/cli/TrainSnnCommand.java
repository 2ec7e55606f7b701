package org.spikeflow.cli;

import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.Selection;
import org.spikeflow.data.spec.Split;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.io.NetworkFile;
import org.spikeflow.training.snn.SnnLoss;
import org.spikeflow.training.snn.SnnTrainer;
import org.spikeflow.training.snn.SnnTrainingConfig;
import org.spikeflow.training.snn.Surrogate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code snn train-snn}: train a two-layer SNN directly (BPTT, surrogate gradients) into a network file. */
@Command(name = "train-snn", mixinStandardHelpOptions = true,
    description = "Train a two-layer spiking network directly on encoded spike sequences (backpropagation through time"
        + " with surrogate gradients) and write a network file the simulator runs as it was trained.",
    footer = {"", "Examples:",
        "  snn train-snn --data idx:data/mnist --test idx:data/mnist --encoder poisson --timesteps 16 -o snn.snn",
        "  snn train-snn --data idx:data/mnist --loss huber --surrogate arctan --neuron lif --tau 10 -o snn.snn",
        "  snn train-snn --data idx:data/fashion --test idx:data/fashion --conv-channels 16 --epochs 8 -o conv.snn"})
public final class TrainSnnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    DataFlags flags;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "Training data (its train part).")
    String data;
    @Option(names = "--test", paramLabel = "SPEC", description = "Data whose test part is evaluated after every epoch.")
    String test;
    @Option(names = "--limit", defaultValue = "0", description = "Use N training samples, drawn stratified with --split-seed (0 = all).")
    int limit;
    @Option(names = "--encoder", defaultValue = "poisson", description = "poisson, regular, analog, spike-train (npz:FILE data)"
        + ", receptive-field (--fields per input, spikes within the first timesteps) or " + InputCoding.ANNARCHY_HELP + ". Default: ${DEFAULT-VALUE}.")
    InputCoding encoder;
    @Option(names = "--fields", defaultValue = "5", description = "Receptive fields per input for --encoder receptive-field. Default: ${DEFAULT-VALUE}.")
    int fields;
    @Option(names = "--max-rate-hz", description = "Rate of a full-intensity input. Default: 100 for cpn, ib and pso (ANNarchy's max_f), 1000 otherwise.")
    Float maxRateHz;
    @Option(names = "--timesteps", defaultValue = "16", description = "Timesteps per sample. Default: ${DEFAULT-VALUE}.")
    int timesteps;
    @Option(names = "--hidden", defaultValue = "256", description = "Hidden neurons. Default: ${DEFAULT-VALUE}.")
    int hidden;
    @Option(names = "--conv-channels", defaultValue = "0", description = "Use a convolutional hidden layer with this many channels"
        + " instead of a dense one (0 = dense). Default: ${DEFAULT-VALUE}.")
    int convChannels;
    @Option(names = "--conv-kernel", defaultValue = "5", description = "Kernel of the convolutional hidden layer. Default: ${DEFAULT-VALUE}.")
    int convKernel;
    @Option(names = "--conv-stride", defaultValue = "2", description = "Stride of the convolutional hidden layer. Default: ${DEFAULT-VALUE}.")
    int convStride;
    @Option(names = "--neuron", defaultValue = "if", description = "if or lif. Default: ${DEFAULT-VALUE}.")
    NeuronModel neuron;
    @Option(names = "--reset", defaultValue = "subtract", description = "subtract or zero. Default: ${DEFAULT-VALUE}.")
    ResetMode reset;
    @Option(names = "--tau", defaultValue = "20", description = "LIF time constant (ms). Default: ${DEFAULT-VALUE}.")
    float tauMs;
    @Option(names = "--dt", defaultValue = "1", description = "Timestep (ms). Default: ${DEFAULT-VALUE}.")
    float dtMs;
    @Option(names = "--loss", defaultValue = "ce", description = "ce (spike-count cross-entropy), mse (rates) or huber (target membrane traces). Default: ${DEFAULT-VALUE}.")
    SnnLoss loss;
    @Option(names = "--target", defaultValue = "10", description = "Final membrane of the true class for --loss huber. Default: ${DEFAULT-VALUE}.")
    double target;
    @Option(names = "--surrogate", defaultValue = "fast-sigmoid", description = "fast-sigmoid, arctan or triangle. Default: ${DEFAULT-VALUE}.")
    Surrogate surrogate;
    @Option(names = "--alpha", defaultValue = "5", description = "Surrogate sharpness. Default: ${DEFAULT-VALUE}.")
    double alpha;
    @Option(names = "--epochs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;
    @Option(names = "--batch", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int batch;
    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, order and input spikes. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = {"-o", "--output-file"}, required = true, paramLabel = "NET.snn")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        flags.transform.transform();
        SnnTrainingConfig cfg;
        try {
            cfg = new SnnTrainingConfig(hidden, neuron, reset, tauMs, dtMs, timesteps, encoder.encoder(), maxRateHz != null ? maxRateHz : encoder.defaultMaxRateHz(), surrogate,
                alpha, loss, target, epochs, batch, lr, seed, convChannels, convKernel, convStride);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        Dataset train = encoder.prepare(flags.load("--data", data, Split.TRAIN, flags.stratified(limit, "--limit")), fields, timesteps);
        Dataset t = test == null ? null : encoder.prepare(flags.load("--test", test, Split.TEST, Selection.ALL), fields, timesteps);
        out.printf(Locale.ROOT, "training a %d-%s-%d SNN on %d samples, %s input, %d timesteps%n", train.shape().size(),
            convChannels > 0 ? "conv" + convKernel + "x" + convKernel + "/" + convStride + "x" + convChannels : Integer.toString(hidden),
            train.classes(), train.size(), Enums.name(encoder), timesteps);
        String name = output.getFileName().toString().replaceFirst("\\.snn$", "");
        SnnTrainer.Result r = SnnTrainer.train(name, cfg, train, t, (epoch, l, trainAcc, testAcc, seconds) -> {
            out.printf(Locale.ROOT, "epoch %d: loss %.4f, train accuracy %.2f%%%s, %.0f s%n", epoch, l, 100 * trainAcc,
                Double.isNaN(testAcc) ? "" : String.format(Locale.ROOT, ", test accuracy %.2f%%", 100 * testAcc), seconds);
            out.flush();
        });
        NetworkFile.write(r.network(), output);
        out.printf(Locale.ROOT, "wrote %s (%d epochs, %.0f s)%n", output, r.epochs(), r.seconds());
        out.flush();
        return ExitCodes.OK;
    }
}
