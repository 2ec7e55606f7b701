package org.spikeflow.cli;

import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.Selection;
import org.spikeflow.data.spec.Split;
import org.spikeflow.training.Arch;
import org.spikeflow.training.OnnxExport;
import org.spikeflow.training.Optimizer;
import org.spikeflow.training.TrainedModel;
import org.spikeflow.training.Trainer;
import org.spikeflow.training.TrainingConfig;
import org.spikeflow.training.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code snn train}: train a conversion-friendly ANN and save it as ONNX (which {@code snn convert} reads). */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a conversion-friendly ANN (ReLU, average pooling) on ND4J and save it as an ONNX model.",
    footer = {"", "Examples:",
        "  snn train --data idx:data/mnist --arch cnn --epochs 5 -o cnn.onnx",
        "  snn train --data idx:data/fashion --arch vgg --epochs 15 --batch 64 --lr 0.001 --optimizer adam --seed 1 -o vgg.onnx",
        "  snn train --data seg:data/fashion-seg --arch unet --epochs 6 --batch 16 -o unet.onnx"})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    DataFlags flags;

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "Training data: its train part is trained"
        + " on, its validation part picks the best epoch (idx:DIR, folder:DIR, demo, ...).")
    String data;
    @Option(names = "--test", paramLabel = "SPEC", description = "Report accuracy on the test part of this data at the end."
        + " Default: the test part of --data.")
    String test;
    @Option(names = "--limit", defaultValue = "0", description = "Use N training samples (and a proportional share of the"
        + " validation part), drawn stratified with --split-seed (0 = all).")
    int limit;
    @Option(names = "--arch", defaultValue = "cnn", description = "mlp, cnn, convnet, vgg, resnet (two residual blocks with"
        + " identity shortcuts), vgg16 or unet (segmentation: per-pixel cross-entropy on seg: data, the best epoch by validation"
        + " mean IoU). Default: ${DEFAULT-VALUE}.")
    Arch arch;
    @Option(names = "--epochs", defaultValue = "10", description = "Maximum epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;
    @Option(names = "--batch", defaultValue = "64", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;
    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;
    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, rmsprop or sgd. Default: ${DEFAULT-VALUE}.")
    Optimizer optimizer;
    @Option(names = "--kernel-l2", defaultValue = "0.0001", description = "L2 weight decay (ND4J applies it to every trained"
        + " parameter: weights, and biases and QCFS ceilings too). Default: ${DEFAULT-VALUE}.")
    double kernelL2;
    @Option(names = "--bias-l1", defaultValue = "0", description = "L1 on biases. Default: ${DEFAULT-VALUE}.")
    double biasL1;

    @Option(names = "--global-pool", description = "Global average pooling instead of flattening the last convolutional block.")
    boolean globalPool;

    @Option(names = "--max-pool", description = "2x2 max pooling in place of the architecture's 2x2 average pooling.")
    boolean maxPool;

    @Option(names = "--head-bias", negatable = true, description = "Biases in the output layer (--no-head-bias for a bias-free"
        + " head). Default: the architecture's (cnn: none, others: biases).")
    Boolean headBias;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout before the last dense layer. Default: ${DEFAULT-VALUE}.")
    double dropout;
    @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--patience", defaultValue = "4", description = "Epochs without improvement before stopping (the learning rate halves after half of them). Default: ${DEFAULT-VALUE}.")
    int patience;
    @Option(names = "--qcfs", defaultValue = "0", paramLabel = "L", description = "Train quantized clip-floor activations"
        + " with L levels and a learned ceiling per layer (QCFS), for near-lossless conversion at T = L with --norm cap;"
        + " each ceiling starts at the 99.9th percentile of its layer's activations in the starting network (or --init's"
        + " own ceilings). Any --arch, unet included. 0 = plain ReLU. Default: ${DEFAULT-VALUE}.")
    int qcfs;
    @Option(names = "--dihedral", description = "Augment with random flips and quarter turns.")
    boolean dihedral;
    @Option(names = "--zoom", defaultValue = "1", description = "Augment with random crops of a fraction in [ZOOM, 1] of each side, in (0, 1]. Default: ${DEFAULT-VALUE} (off).")
    double zoom;
    @Option(names = "--brightness", defaultValue = "0", description = "Augment with a random brightness delta up to this. Default: ${DEFAULT-VALUE}.")
    double brightness;
    @Option(names = "--contrast", arity = "2", paramLabel = "LOWER UPPER", description = "Augment with a random contrast factor in [LOWER, UPPER].")
    double[] contrast;
    @Option(names = "--hue", defaultValue = "0", description = "Augment colour images with a random hue delta up to this, in [0, 0.5]. Default: ${DEFAULT-VALUE}.")
    double hue;
    @Option(names = "--saturation", arity = "2", paramLabel = "LOWER UPPER", description = "Augment colour images with a random saturation factor in [LOWER, UPPER].")
    double[] saturation;
    @Option(names = "--init", paramLabel = "MODEL.onnx", description = "Continue training this model (written by snn train or"
        + " fine-tune, or an equivalent export): its layers and weights replace --arch and the random initialization.")
    Path init;

    @Option(names = {"-o", "--output-file"}, required = true, paramLabel = "MODEL.onnx", description = "The model, written after"
        + " every epoch that improves the validation score (so a stopped run keeps its best epoch so far) and at the end.")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        flags.transform.transform();
        Arch a = arch;
        Optimizer o = optimizer;
        TrainingConfig cfg;
        try {
            cfg = new TrainingConfig(a, epochs, batch, lr, o, kernelL2, dropout, seed, flags.validation, patience, qcfs, biasL1, globalPool, headBias, maxPool);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        Selection subset = flags.stratified(limit, "--limit");
        org.spikeflow.training.data.Augmentation aug;
        try {
            aug = new org.spikeflow.training.data.Augmentation(dihedral, zoom, brightness,
                contrast == null ? 1 : contrast[0], contrast == null ? 1 : contrast[1], hue,
                saturation == null ? 1 : saturation[0], saturation == null ? 1 : saturation[1]);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        if (a == Arch.UNET && aug.enabled()) {
            throw new UsageException("--arch unet: augmentation (--dihedral, --zoom, --brightness, --contrast, --hue, --saturation)"
                + " is not supported for segmentation data");
        }
        TrainedModel initial = init == null ? null : org.spikeflow.training.ModelReader.read(init);
        Dataset trainPart = flags.load("--data", data, Split.TRAIN, subset);
        Dataset validationPart = flags.policy().validation() == 0 ? null
            : flags.load("--data", data, Split.VALIDATION, flags.validationShare(limit));
        Dataset testPart = flags.load(test != null ? "--test" : "--data", test != null ? test : data, Split.TEST, Selection.ALL);
        final boolean seg = trainPart.segmentation();
        if (seg != (initial == null ? a == Arch.UNET : org.spikeflow.training.LayerDef.perPixel(initial.layers()))) {
            throw new UsageException(seg ? "--data " + data + " holds segmentation masks: train it with --arch unet"
                : "--arch unet needs segmentation data (seg:DIR), --data " + data + " has no masks");
        }
        if (initial != null && seg && dropout > 0) throw new UsageException("--dropout: " + init + " is a UNet, it has no dense layer");
        if (seg && !testPart.segmentation()) throw new UsageException("--test " + test + " has no segmentation masks (use seg:DIR)");
        final String score = seg ? "mean IoU" : "accuracy";
        out.printf(Locale.ROOT, "training %s on %d samples (%d held out for validation) of %s%n",
            initial == null ? a.name().toLowerCase(Locale.ROOT) : init.toString(), trainPart.size(),
            validationPart == null ? 0 : validationPart.size(), trainPart.name());
        long start = System.nanoTime();
        String name = output.getFileName().toString().replaceFirst("\\.onnx$", "");
        final EpochBar bar = new EpochBar(out);
        if (initial != null) {
            try {
                Trainer.checkFits(initial, trainPart);
            } catch (IllegalArgumentException e) {
                throw new org.spikeflow.converter.ModelException("--init " + init + ": " + e.getMessage());
            }
        }
        TrainedModel m = Trainer.train(name, cfg, aug, initial, trainPart, validationPart, new TrainingListener() {
            @Override
            public void batch(int epoch, int b, int batches, double loss) {
                bar.batch(epoch, b, batches, loss);
            }

            @Override
            public void epoch(int epoch, double trainLoss, double validationAccuracy, double learningRate) {
                bar.close();
                out.printf(Locale.ROOT, seg ? "epoch %d: loss %.4f, validation mean IoU %.4f, lr %.2g, %.0f s%n"
                        : "epoch %d: loss %.4f, validation accuracy %.2f%%, lr %.2g, %.0f s%n", epoch, trainLoss,
                    seg ? validationAccuracy : 100 * validationAccuracy, learningRate, (System.nanoTime() - start) / 1e9);
                out.flush();
            }

            @Override
            public void best(TrainedModel best) {
                // The best epoch so far is on disk at once: a run stopped early keeps it.
                try {
                    OnnxExport.write(best, output);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        OnnxExport.write(m, output);
        if (seg) {
            out.printf(Locale.ROOT, "wrote %s (best validation mean IoU %.4f at epoch %d, %.0f s)%n", output,
                m.validationAccuracy(), m.epochs(), (System.nanoTime() - start) / 1e9);
            org.spikeflow.report.SegmentationScores s = Trainer.segmentation(m, testPart);
            out.printf(Locale.ROOT, "test segmentation on %d samples of %s:%n", testPart.size(), testPart.name());
            SimulateCommand.printSegmentationHeader(out);
            SimulateCommand.printSegmentationRow(out, "ANN", s, Double.NaN);
            SimulateCommand.printClassIou(out, "ANN", s);
        } else {
            out.printf(Locale.ROOT, "wrote %s (best validation accuracy %.2f%% at epoch %d, %.0f s)%n", output,
                100 * m.validationAccuracy(), m.epochs(), (System.nanoTime() - start) / 1e9);
            out.printf(Locale.ROOT, "test accuracy: %.2f%% on %d samples of %s%n", 100 * Trainer.accuracy(m, testPart), testPart.size(),
                testPart.name());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
