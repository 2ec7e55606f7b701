package org.spikeflow.cli;

import org.spikeflow.training.Arch;
import org.spikeflow.training.OnnxExport;
import org.spikeflow.training.RandomInit;
import org.spikeflow.training.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code snn init}: an untrained (He-initialized) model of an architecture, as ONNX. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {"Write an untrained model of an architecture as ONNX: He-normal weights, zero biases. For measuring how a"
        + " network of that size converts and runs (time, memory, synaptic operations) when no trained one is at hand:"
        + " convert it with random calibration images (--calibration random:CxHxW); its accuracy is chance.",
        "It is also a starting point for snn train --init."},
    footer = {"", "Examples:", "  snn init --arch vgg16 --input 3x64x64 --classes 10 -o vgg16-64.onnx",
        "  snn convert vgg16-64.onnx --calibration random:3x64x64 --calibration-limit 32 -o vgg16-64.snn",
        "  snn simulate vgg16-64.snn --data random:3x64x64 --first 4 --timesteps 32"})
public final class InitCommand implements Callable<Integer> {
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,4})x(\\d{1,5})x(\\d{1,5})");
    /** Largest image side an initialized model may take. */
    static final int MAX_SIDE = 4096;

    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Option(names = "--arch", required = true, description = "mlp, cnn, convnet, vgg or vgg16.")
    Arch arch;
    @Option(names = "--input", required = true, paramLabel = "CxHxW", description = "Input shape, e.g. 3x224x224.")
    String input;
    @Option(names = "--classes", defaultValue = "10", description = "Outputs. Default: ${DEFAULT-VALUE}.")
    int classes;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = {"-o", "--output-file"}, required = true, paramLabel = "MODEL.onnx")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Matcher m = SHAPE.matcher(input);
        if (!m.matches()) throw new UsageException("--input must be CxHxW (e.g. 3x224x224), got '" + input + "'");
        int c = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        int w = Integer.parseInt(m.group(3));
        if (c < 1 || h < 1 || w < 1 || h > MAX_SIDE || w > MAX_SIDE) {
            throw new UsageException("--input needs at least 1 channel and sides from 1 to " + MAX_SIDE + ", got '" + input + "'");
        }
        if (classes < 2) throw new UsageException("--classes must be >= 2, got " + classes);
        TrainedModel model;
        try {
            model = RandomInit.of(arch, c, h, w, classes, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--arch " + Enums.name(arch) + ": " + e.getMessage());
        }
        long parameters = 0;
        for (float[] wt : model.weights()) parameters += wt.length;
        for (float[] b : model.biases()) if (b != null) parameters += b.length;
        OnnxExport.write(model, output);
        out.printf(Locale.ROOT, "wrote %s: %s for %dx%dx%d inputs and %d classes, %,d parameters (untrained, seed %d)%n",
            output, Enums.name(arch), c, h, w, classes, parameters, seed);
        out.flush();
        return ExitCodes.OK;
    }
}
