package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {

    @Test
    void trainsAModelThatConvertReadsAndIsDeterministicForASeed(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 200);
        String[] args = {"train", "--data", "idx:" + data, "--arch", "mlp", "--epochs", "2", "--batch", "32", "--seed", "5",
            "--test", "idx:" + data};
        Files.createDirectories(dir.resolve("first"));
        Files.createDirectories(dir.resolve("second"));
        Cli a = Cli.run(concat(args, "-o", dir.resolve("first/m.onnx").toString()));
        assertEquals(0, a.code, a.toString());
        assertTrue(a.out.contains("epoch 2:") && a.out.contains("test accuracy"), a.out);
        // The bands are easy to learn: the trained model must beat chance by far.
        String acc = a.out.substring(a.out.indexOf("test accuracy: ") + 15, a.out.indexOf('%', a.out.indexOf("test accuracy: ")));
        assertTrue(Double.parseDouble(acc) > 80, a.out);
        Cli b = Cli.run(concat(args, "-o", dir.resolve("second/m.onnx").toString()));
        assertEquals(0, b.code, b.toString());
        assertArrayEquals(Files.readAllBytes(dir.resolve("first/m.onnx")), Files.readAllBytes(dir.resolve("second/m.onnx")),
            "same seed, same model");
        Cli c = Cli.run("convert", dir.resolve("first/m.onnx").toString(), "-o", dir.resolve("m.snn").toString(), "--calibration", "idx:" + data);
        assertEquals(0, c.code, c.toString());
    }

    @Test
    void edgeTransformAppliesToTrainingAndEvaluationAlike(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 200);
        Path model = dir.resolve("edges.onnx");
        Cli t = Cli.run("train", "--data", "idx:" + data, "--arch", "mlp", "--epochs", "2", "--batch", "32", "--seed", "5",
            "--transform", "sobel_sq", "--test", "idx:" + data, "-o", model.toString());
        assertEquals(0, t.code, t.toString());
        Cli e = Cli.run("evaluate", model.toString(), "--data", "idx:" + data, "--transform", "sobel_sq");
        assertEquals(0, e.code, e.toString());
        assertTrue(e.out.contains("(sobel_sq)"), e.out);
        String trained = t.out.substring(t.out.indexOf("test accuracy: ") + 15, t.out.indexOf('%', t.out.indexOf("test accuracy: ")));
        String evaluated = e.out.substring(e.out.indexOf("ANN accuracy: ") + 14, e.out.indexOf('%', e.out.indexOf("ANN accuracy: ")));
        assertTrue(Double.parseDouble(trained) > 80, t.out);
        assertEquals(Double.parseDouble(trained), Double.parseDouble(evaluated), 0.01, "same transform, same accuracy");
        Cli bad = Cli.run("evaluate", model.toString(), "--data", "idx:" + data, "--transform", "laplace");
        assertEquals(ExitCodes.USAGE, bad.code, bad.toString());
        assertTrue(bad.err.contains("--transform"), bad.toString());
    }

    @Test
    void badArgumentsAreRefusedWithTheirName() {
        Cli r = Cli.run("train", "--data", "demo", "--epochs", "0", "-o", "x.onnx");
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("epochs"), r.toString());
        Cli z = Cli.run("train", "--data", "demo", "--zoom", "0", "-o", "x.onnx");
        assertEquals(ExitCodes.USAGE, z.code, z.toString());
        assertTrue(z.err.contains("zoom"), z.toString());
        Cli h = Cli.run("train", "--data", "demo", "--hue", "0.7", "-o", "x.onnx");
        assertEquals(ExitCodes.USAGE, h.code, h.toString());
        assertTrue(h.err.contains("hue"), h.toString());
        Cli o = Cli.run("train", "--data", "demo", "--optimizer", "adagrad", "-o", "x.onnx");
        assertEquals(ExitCodes.USAGE, o.code, o.toString());
        assertTrue(o.err.contains("--optimizer"), o.toString());
        Cli l1 = Cli.run("train", "--data", "demo", "--bias-l1", "-0.1", "-o", "x.onnx");
        assertEquals(ExitCodes.USAGE, l1.code, l1.toString());
        assertTrue(l1.err.contains("--bias-l1"), l1.toString());
        Cli gp = Cli.run("train", "--data", "demo", "--arch", "mlp", "--global-pool", "-o", "x.onnx");
        assertEquals(ExitCodes.USAGE, gp.code, gp.toString());
        assertTrue(gp.err.contains("--global-pool"), gp.toString());
    }

    @Test
    void trainsWithAugmentationOnAFolderDatasetSplit8010010(@TempDir Path dir) throws Exception {
        Path folder = twoClassFolder(dir.resolve("folder"));
        Cli r = Cli.run("train", "--data", "folder:" + folder, "--arch", "mlp", "--epochs", "2", "--batch", "8", "--dihedral",
            "--zoom", "0.8", "--brightness", "0.05", "--contrast", "0.9", "1.1", "-o", dir.resolve("f.onnx").toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("on 32 samples (4 held out for validation)") && r.out.contains("test accuracy") && r.out.contains("on 4 samples"), r.out);
    }

    @Test
    void folderDatasetTrainedThenSimulatedReportsItsTestPartThatTrainingNeverSaw(@TempDir Path dir) throws Exception {
        // Every image carries its own identity in pixel (11, 11), so parts can be compared image by image.
        Path folder = dir.resolve("folder");
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(folder.resolve("class" + c));
            for (int i = 0; i < 20; i++) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(12, 12, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 12; y++) for (int x = 0; x < 12; x++) img.getRaster().setSample(x, y, 0, (c == 0 ? x < 6 : y < 6) ? 230 : 10);
                img.getRaster().setSample(11, 11, 0, 20 * c + i + 1);
                javax.imageio.ImageIO.write(img, "png", folder.resolve("class" + c).resolve(i + ".png").toFile());
            }
        }
        String spec = "folder:" + folder;
        Path model = dir.resolve("m.onnx");
        Cli t = Cli.run("train", "--data", spec, "--arch", "mlp", "--epochs", "2", "--batch", "8", "-o", model.toString());
        assertEquals(0, t.code, t.toString());
        assertTrue(t.out.contains("on 32 samples (4 held out for validation)") && t.out.contains("on 4 samples of " + spec + " (test)"), t.out);
        Path net = dir.resolve("m.snn");
        assertEquals(0, Cli.run("convert", model.toString(), "-o", net.toString(), "--calibration", spec).code);
        Path report = dir.resolve("r.json");
        Cli s = Cli.run("simulate", net.toString(), "--data", spec, "--split", "test", "--timesteps", "8", "--report", report.toString());
        assertEquals(0, s.code, s.toString());
        org.spikeflow.report.SimulationReport r = org.spikeflow.report.ReportJson.readSimulation(report);
        assertEquals(4, r.samples(), "the simulated part is the 10% test part");
        assertTrue(r.data().endsWith("(test)"), r.data());
        // The parts behind those runs: the test images are none of the images train learned from or validated on.
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (var split : new org.spikeflow.data.spec.Split[] {org.spikeflow.data.spec.Split.TRAIN, org.spikeflow.data.spec.Split.VALIDATION}) {
            for (float[] x : org.spikeflow.data.spec.DataLoader.load(spec, org.spikeflow.data.spec.DataLoader.Request.of(split)).samples()) {
                seen.add(Math.round(x[143] * 255));
            }
        }
        assertEquals(36, seen.size());
        for (float[] x : org.spikeflow.data.spec.DataLoader.load(spec,
            org.spikeflow.data.spec.DataLoader.Request.of(org.spikeflow.data.spec.Split.TEST)).samples()) {
            assertFalse(seen.contains(Math.round(x[143] * 255)), "a test image was also a training or validation image");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void qcfsTrainedModelConvertsWithItsOwnCeilingsNearlyLosslessAtTEqualsL(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 300);
        Path model = dir.resolve("q.onnx");
        Cli t = Cli.run("train", "--data", "idx:" + data, "--arch", "mlp", "--epochs", "3", "--batch", "32", "--seed", "2",
            "--qcfs", "4", "--test", "idx:" + data, "-o", model.toString());
        assertEquals(0, t.code, t.toString());
        onnx.Onnx.ModelProto proto = onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(model));
        assertTrue(proto.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Clip")), "ceilings exported as Clip");
        Cli e = Cli.run("evaluate", model.toString(), "--data", "idx:" + data, "--report", dir.resolve("ann.json").toString());
        assertEquals(0, e.code, e.toString());
        double ann = ((Number) new com.fasterxml.jackson.databind.ObjectMapper().readValue(dir.resolve("ann.json").toFile(),
            java.util.Map.class).get("accuracy")).doubleValue();
        Cli c = Cli.run("convert", model.toString(), "-o", dir.resolve("q.snn").toString(), "--norm", "cap", "--calibration", "idx:" + data);
        assertEquals(0, c.code, c.toString());
        Cli s = Cli.run("simulate", dir.resolve("q.snn").toString(), "--data", "idx:" + data, "--timesteps", "4",
            "--report", dir.resolve("r.json").toString());
        assertEquals(0, s.code, s.toString());
        java.util.Map<String, Object> r = new com.fasterxml.jackson.databind.ObjectMapper().readValue(dir.resolve("r.json").toFile(), java.util.Map.class);
        double snn = ((Number) ((java.util.Map<String, Object>) r.get("accuracy")).get("4")).doubleValue();
        assertTrue(ann > 0.8, "the QCFS ANN learned the bands: " + ann);
        assertTrue(snn >= ann - 0.03, "SNN at T=4 " + snn + " vs QCFS ANN " + ann);
    }

    @Test
    void continuesTrainingFromAModelAndRefusesOneThatDoesNotFitTheData(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 200);
        Path first = dir.resolve("first.onnx"), second = dir.resolve("second.onnx");
        Cli a = Cli.run("train", "--data", "idx:" + data, "--arch", "mlp", "--epochs", "1", "--batch", "32", "--seed", "5",
            "--dropout", "0.3", "-o", first.toString());
        assertEquals(0, a.code, a.toString());
        // A vanishing learning rate: the continued model must be the first one, not a fresh initialization
        // (--arch cnn is ignored: the layers come from the model, dropout goes back in before the last dense layer).
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream direct = new java.io.ByteArrayOutputStream();
        Cli b;
        System.setOut(new java.io.PrintStream(direct, true));
        try {
            b = Cli.run("train", "--init", first.toString(), "--arch", "cnn", "--data", "idx:" + data, "--epochs", "1",
                "--batch", "32", "--seed", "6", "--dropout", "0.3", "--lr", "1e-12", "-o", second.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, b.code, b.toString());
        assertTrue(b.out.startsWith("training " + first), b.out);
        assertFalse(direct.toString().contains("Added differentiated op"), "no library chatter on standard output: " + direct);
        java.util.List<onnx.Onnx.TensorProto> w1 = onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(first)).getGraph().getInitializerList();
        java.util.List<onnx.Onnx.TensorProto> w2 = onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(second)).getGraph().getInitializerList();
        assertEquals(w1.size(), w2.size());
        for (int i = 0; i < w1.size(); i++) {
            assertEquals(w1.get(i).getDimsList(), w2.get(i).getDimsList(), w1.get(i).getName());
            float[] x = floats(w1.get(i)), y = floats(w2.get(i));
            for (int k = 0; k < x.length; k++) assertEquals(x[k], y[k], 1e-6, w1.get(i).getName() + "[" + k + "]");
        }
        Path folder = twoClassFolder(dir.resolve("folder"));
        Cli c = Cli.run("train", "--init", first.toString(), "--data", "folder:" + folder, "-o", dir.resolve("third.onnx").toString());
        assertEquals(ExitCodes.INVALID_INPUT, c.code, c.toString());
        assertTrue(c.err.contains("--init") && c.err.contains("1x28x28"), c.toString());
        assertFalse(Files.exists(dir.resolve("third.onnx")));
        Cli d = Cli.run("train", "--init", dir.resolve("missing.onnx").toString(), "--data", "idx:" + data, "-o", dir.resolve("fourth.onnx").toString());
        assertEquals(ExitCodes.INVALID_INPUT, d.code, d.toString());
        assertTrue(d.err.contains("missing.onnx"), d.toString());
    }

    private static float[] floats(onnx.Onnx.TensorProto t) {
        if (t.getFloatDataCount() > 0) {
            float[] f = new float[t.getFloatDataCount()];
            for (int i = 0; i < f.length; i++) f[i] = t.getFloatData(i);
            return f;
        }
        java.nio.FloatBuffer b = t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] f = new float[b.remaining()];
        b.get(f);
        return f;
    }

    /** Two classes of 12x12 grey PNGs: left half bright or top half bright. */
    private static Path twoClassFolder(Path folder) throws java.io.IOException {
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(folder.resolve("class" + c));
            for (int i = 0; i < 20; i++) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(12, 12, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 12; y++) for (int x = 0; x < 12; x++) img.getRaster().setSample(x, y, 0, (c == 0 ? x < 6 : y < 6) ? 230 : 10);
                javax.imageio.ImageIO.write(img, "png", folder.resolve("class" + c).resolve(i + ".png").toFile());
            }
        }
        return folder;
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
