package org.spikeflow.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataLoader;
import org.spikeflow.data.spec.Split;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Shape;
import org.spikeflow.report.SegmentationScores;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UNet architecture: its plan, its training graph against its ONNX export, and training on segmentation scenes. */
class UNetTrainingTest {
    static final int SIDE = 16;
    private static final int CLASSES = 3;

    @Test
    void unetPlanKeepsEachEncoderLevelForTheDecoderLevelOfItsSize() {
        List<LayerDef> plan = LayerDef.plan(Arch.UNET, 1, 64, 64, 11, false, false, null);
        assertEquals(11, plan.stream().filter(l -> l.kind() == LayerDef.Kind.CONV).count());
        assertEquals(2, plan.stream().filter(l -> l.kind() == LayerDef.Kind.MAX_POOL).count());
        assertEquals(2, plan.stream().filter(l -> l.kind() == LayerDef.Kind.SKIP).count());
        assertEquals(2, plan.stream().filter(l -> l.kind() == LayerDef.Kind.CONCAT).count());
        assertEquals(List.of(LayerDef.upConv(32, 16), LayerDef.upConv(16, 8)),
            plan.stream().filter(l -> l.kind() == LayerDef.Kind.UP_CONV).toList());
        // After each concatenation: the up-sampled channels plus the kept encoder channels of the same size.
        int first = plan.indexOf(LayerDef.of(LayerDef.Kind.CONCAT));
        assertEquals(LayerDef.conv(32, 16, 3, true), plan.get(first + 1));
        assertEquals(LayerDef.conv(16, 8, 3, true), plan.get(plan.lastIndexOf(LayerDef.of(LayerDef.Kind.CONCAT)) + 1));
        assertEquals(new LayerDef(LayerDef.Kind.CONV, 8, 11, 1, 0, true), plan.get(plan.size() - 1), "1x1 head to the classes");
        assertTrue(LayerDef.perPixel(plan));
        assertTrue(!LayerDef.perPixel(LayerDef.plan(Arch.CNN, 1, 28, 28, 10, false)));
        assertThrows(IllegalArgumentException.class, () -> LayerDef.plan(Arch.UNET, 1, 30, 30, 3, false, false, null),
            "two poolings need sides divisible by 4");
        assertThrows(IllegalArgumentException.class,
            () -> new TrainingConfig(Arch.UNET, 1, 8, 0.01, Optimizer.ADAM, 0, 0.3, 1, 0.1, 4));
    }

    /** The SameDiff graph that is trained and the ONNX model that is written compute the same per-pixel logits. */
    @Test
    void unetTrainingGraphComputesWhatItsOnnxExportComputes(@TempDir Path dir) throws Exception {
        List<LayerDef> plan = LayerDef.plan(Arch.UNET, 1, SIDE, SIDE, CLASSES, false, false, null);
        TrainedModel m = random(plan, 5);
        Dataset data = scenes(4, 9);
        NetGraph g = new NetGraph(Shape.chw(1, SIDE, SIDE), CLASSES, plan, m, null, 0, (sd, z, index, shape) -> sd.nn().relu(z, 0));
        INDArray logits = g.sd.output(Map.of("input", Trainer.batch(data, CLASSES).getFeatures()), "logits").get("logits");
        assertEquals(List.of(4L, (long) CLASSES, (long) SIDE, (long) SIDE), java.util.Arrays.stream(logits.shape()).boxed().toList());
        Path onnx = dir.resolve("unet.onnx");
        OnnxExport.write(m, onnx);
        var ops = OnnxExport.toProto(m).getGraph().getNodeList().stream().map(n -> n.getOpType()).distinct().sorted().toList();
        assertEquals(List.of("Concat", "Conv", "ConvTranspose", "MaxPool", "Relu"), ops);
        Network imported = org.spikeflow.converter.onnx.OnnxImporter.load(onnx);
        assertEquals(Shape.chw(CLASSES, SIDE, SIDE), imported.output().shape());
        AnalogForward f = new AnalogForward(imported);
        AnalogForward direct = new AnalogForward(NetworkBuilder.of(m));
        double largest = 0, worst = 0;
        for (int s = 0; s < data.size(); s++) {
            float[] want = Dataset.toChw(f.logits(data.samples()[s]), imported.output().shape());
            float[] built = Dataset.toChw(direct.logits(data.samples()[s]), imported.output().shape());
            int i = 0;
            for (int c = 0; c < CLASSES; c++)
                for (int y = 0; y < SIDE; y++)
                    for (int x = 0; x < SIDE; x++, i++) {
                        worst = Math.max(worst, Math.abs(want[i] - logits.getFloat(s, c, y, x)));
                        assertEquals(want[i], built[i], 0f, "the network built without a file, sample " + s);
                        largest = Math.max(largest, Math.abs(want[i]));
                    }
        }
        // Float sums in another order: a few units in the last place of the largest logits.
        assertTrue(worst <= 1e-5 * Math.max(1, largest), "max abs difference between SameDiff and the imported export: " + worst
            + " for logits up to " + largest);
        assertTrue(largest > 0.05, "logits near zero: the comparison would be empty (" + largest + ")");
        TrainedModel back = ModelReader.read(onnx);
        assertEquals(plan, back.layers(), "read back for --init, skips where the concatenations find them");
        assertEquals(CLASSES, back.classes());
        for (int p = 0; p < m.weights().size(); p++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(m.weights().get(p), back.weights().get(p), "weights " + p);
            org.junit.jupiter.api.Assertions.assertArrayEquals(m.biases().get(p), back.biases().get(p), "biases " + p);
        }
    }

    /** Scenes written as IDX pairs, read through {@code seg:DIR}: the loss falls and the test scenes are segmented. */
    @Test
    void unetTrainsOnSegmentationScenesWrittenToDisk(@TempDir Path dir) throws Exception {
        Dataset all = scenes(96, 1);
        Dataset test = scenes(24, 2);
        writeIdx(dir, "train", all);
        writeIdx(dir, "t10k", test);
        Dataset train = DataLoader.load("seg:" + dir, DataLoader.Request.of(Split.TRAIN));
        Dataset validation = DataLoader.load("seg:" + dir, DataLoader.Request.of(Split.VALIDATION));
        Dataset testPart = DataLoader.load("seg:" + dir, DataLoader.Request.of(Split.TEST));
        assertTrue(train.segmentation() && validation.size() > 0 && testPart.size() == 24);
        List<Double> losses = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        TrainingConfig cfg = new TrainingConfig(Arch.UNET, 8, 8, 0.01, Optimizer.ADAM, 0, 0, 3, 0.1, 8);
        TrainedModel m = Trainer.train("unet", cfg, train, validation, new TrainingListener() {
            @Override
            public void batch(int epoch, int batch, int batches, double loss) {
                if (!Double.isNaN(loss)) losses.add(loss);
            }

            @Override
            public void epoch(int epoch, double trainLoss, double validationScore, double learningRate) {
                scores.add(validationScore);
            }
        });
        assertTrue(losses.get(losses.size() - 1) < 0.5 * losses.get(0), "loss from " + losses.get(0) + " to " + losses.get(losses.size() - 1));
        assertEquals(scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), m.validationAccuracy(), 0,
            "the epoch with the best validation mean IoU is kept");
        assertEquals(scores.indexOf(m.validationAccuracy()) + 1, m.epochs());
        SegmentationScores s = Trainer.segmentation(m, testPart);
        // Always predicting the background scores a mean IoU of 1/3 (background IoU ~0.8, objects 0).
        assertTrue(s.meanIou() > 0.6 && s.foregroundJaccard() > 0.6, "test scores " + s);
        // The scores of the written model, as snn evaluate computes them (imported ONNX, argmax per pixel).
        Path onnx = dir.resolve("unet.onnx");
        OnnxExport.write(m, onnx);
        Network net = org.spikeflow.converter.onnx.OnnxImporter.load(onnx);
        AnalogForward f = new AnalogForward(net);
        org.spikeflow.engine.PixelConfusion c = new org.spikeflow.engine.PixelConfusion(CLASSES);
        byte[] predicted = new byte[SIDE * SIDE];
        for (int i = 0; i < testPart.size(); i++) {
            org.spikeflow.engine.PixelConfusion.classesOf(f.logits(testPart.samples()[i]), CLASSES, predicted);
            c.add(testPart.masks().labels()[i], predicted);
        }
        assertEquals(s, c.scores());
    }

    @Test
    void unetRefusesClassificationDataAndClassifiersRefuseMasks() {
        Dataset scenes = scenes(8, 4);
        Dataset labelled = new Dataset("labelled", scenes.shape(), scenes.samples(), scenes.labels(), CLASSES);
        TrainingConfig unet = new TrainingConfig(Arch.UNET, 1, 4, 0.01, Optimizer.ADAM, 0, 0, 3, 0, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.train("u", unet, labelled, null, null));
        assertTrue(e.getMessage().contains("needs segmentation data"), e.getMessage());
        TrainingConfig cnn = new TrainingConfig(Arch.CNN, 1, 4, 0.01, Optimizer.ADAM, 0, 0, 3, 0, 4);
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.train("c", cnn, scenes, null, null));
        assertTrue(e.getMessage().contains("per-pixel architecture"), e.getMessage());
    }

    /**
     * {@code n} 16x16 scenes: a noisy background in [0.05, 0.25], a 5x5 square of value 0.95 (class 1) and a 2x7 bar of
     * value 0.55 (class 2) at seeded positions that do not overlap; the masks say where.
     */
    static Dataset scenes(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][SIDE * SIDE];
        byte[][] masks = new byte[n][SIDE * SIDE];
        int[] labels = new int[n];
        for (int s = 0; s < n; s++) {
            for (int p = 0; p < SIDE * SIDE; p++) x[s][p] = (float) (0.05 + 0.2 * r.nextDouble());
            int sy = r.nextInt(SIDE - 5), sx = r.nextInt(SIDE / 2 - 5);
            int by = r.nextInt(SIDE - 2), bx = SIDE / 2 + r.nextInt(SIDE / 2 - 7);
            for (int y = sy; y < sy + 5; y++)
                for (int xx = sx; xx < sx + 5; xx++) {
                    x[s][y * SIDE + xx] = 0.95f;
                    masks[s][y * SIDE + xx] = 1;
                }
            for (int y = by; y < by + 2; y++)
                for (int xx = bx; xx < bx + 7; xx++) {
                    x[s][y * SIDE + xx] = 0.55f;
                    masks[s][y * SIDE + xx] = 2;
                }
            labels[s] = 1;
        }
        return new Dataset("scenes", Shape.chw(1, SIDE, SIDE), x, labels, CLASSES, new Dataset.Masks(masks, CLASSES));
    }

    /** Writes {@code d} as {@code PREFIX-images-idx3-ubyte} and {@code PREFIX-masks-idx3-ubyte}. */
    static void writeIdx(Path dir, String prefix, Dataset d) throws IOException {
        try (DataOutputStream img = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte")));
             DataOutputStream mask = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-masks-idx3-ubyte")))) {
            for (DataOutputStream o : new DataOutputStream[] {img, mask}) {
                o.writeInt(0x803);
                o.writeInt(d.size());
                o.writeInt(SIDE);
                o.writeInt(SIDE);
            }
            for (int s = 0; s < d.size(); s++) {
                for (float v : d.samples()[s]) img.writeByte(Math.round(v * 255));
                mask.write(d.masks().labels()[s]);
            }
        }
    }

    /** A model of {@code plan} with seeded weights (He-scaled, slightly positive so that activity reaches the head). */
    static TrainedModel random(List<LayerDef> plan, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> w = new ArrayList<>(), b = new ArrayList<>();
        for (LayerDef l : plan) {
            if (!l.hasParameters()) continue;
            float[] a = new float[l.weightCount()];
            for (int i = 0; i < a.length; i++) a[i] = (float) ((r.nextDouble() - 0.4) * 3 / Math.sqrt(l.fanIn()));
            w.add(a);
            float[] bias = new float[l.out()];
            for (int i = 0; i < bias.length; i++) bias[i] = (float) (0.1 * (r.nextDouble() - 0.5));
            b.add(bias);
        }
        return new TrainedModel("unet", 1, SIDE, SIDE, CLASSES, plan, w, b, Double.NaN, 0);
    }
}
