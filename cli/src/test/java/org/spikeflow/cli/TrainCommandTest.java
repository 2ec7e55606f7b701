package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    }

    @Test
    void trainsWithAugmentationOnAFolderDatasetSplit8010010(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("folder");
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(folder.resolve("class" + c));
            for (int i = 0; i < 20; i++) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(12, 12, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 12; y++) for (int x = 0; x < 12; x++) img.getRaster().setSample(x, y, 0, (c == 0 ? x < 6 : y < 6) ? 230 : 10);
                javax.imageio.ImageIO.write(img, "png", folder.resolve("class" + c).resolve(i + ".png").toFile());
            }
        }
        Cli r = Cli.run("train", "--data", "folder:" + folder, "--arch", "mlp", "--epochs", "2", "--batch", "8", "--dihedral",
            "--zoom", "0.8", "--brightness", "0.05", "--contrast", "0.9", "1.1", "-o", dir.resolve("f.onnx").toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("on 32 samples (4 held out for validation)") && r.out.contains("test accuracy") && r.out.contains("on 4 samples"), r.out);
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

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
