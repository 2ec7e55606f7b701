package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FineTuneCommandTest {

    @Test
    void fineTunedModelConvertsWithItsCeilingsAndSimulates(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 240);
        Path ann = dir.resolve("ann.onnx");
        Cli t = Cli.run("train", "--data", "idx:" + data, "--arch", "mlp", "--epochs", "2", "--batch", "32", "--seed", "3",
            "-o", ann.toString());
        assertEquals(0, t.code, t.toString());
        Path tuned = dir.resolve("ft.onnx");
        Cli f = Cli.run("fine-tune", ann.toString(), "--data", "idx:" + data, "--test", "idx:" + data, "--timesteps", "4",
            "--epochs", "1", "--batch", "32", "--upper-hz", "200", "--l2", "1e-7", "--seed", "3", "-o", tuned.toString());
        assertEquals(0, f.code, f.toString());
        assertTrue(f.out.contains("stage 1: T=4, batch 32, 1 epoch(s)") && f.out.contains("epoch 1: loss")
            && f.out.contains("spiking accuracy"), f.out);
        onnx.Onnx.ModelProto proto = onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(tuned));
        assertTrue(proto.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Clip")), "ceilings exported as Clip");
        Path snn = dir.resolve("ft.snn");
        Cli c = Cli.run("convert", tuned.toString(), "--norm", "cap", "--calibration", "idx:" + data,
            "--calibration-limit", "64", "-o", snn.toString());
        assertEquals(0, c.code, c.toString());
        Cli s = Cli.run("simulate", snn.toString(), "--data", "idx:" + data, "--timesteps", "4");
        assertEquals(0, s.code, s.toString());
        // The engine on the converted file agrees with the fine-tuner's own spiking test pass (the output layer's scale
        // comes from a different calibration sample, so allow a little).
        double ft = percentAfter(f.out, "spiking accuracy ");
        double sim = percentAfter(s.out, "T=4 ");
        assertTrue(ft > 80 && Math.abs(ft - sim) <= 3, "fine-tune reported " + ft + "%, simulate " + sim + "%:\n" + s.out);
    }

    private static double percentAfter(String text, String key) {
        int i = text.indexOf(key);
        assertTrue(i >= 0, key + " in " + text);
        return Double.parseDouble(text.substring(i + key.length(), text.indexOf('%', i)).trim());
    }

    @Test
    void badArgumentsAreRefusedWithTheirName(@TempDir Path dir) throws Exception {
        Cli band = Cli.run("fine-tune", "demo/model.onnx", "--data", "demo", "-T", "8", "--lower-hz", "300", "--upper-hz", "200",
            "-o", dir.resolve("x.onnx").toString());
        assertEquals(ExitCodes.USAGE, band.code, band.toString());
        assertTrue(band.err.contains("--lower-hz"), band.toString());
        Cli steps = Cli.run("fine-tune", "demo/model.onnx", "--data", "demo", "-T", "0", "-o", dir.resolve("x.onnx").toString());
        assertEquals(ExitCodes.USAGE, steps.code, steps.toString());
        assertTrue(steps.err.contains("timesteps"), steps.toString());
        Cli dt = Cli.run("fine-tune", "demo/model.onnx", "--data", "demo", "-T", "8", "--dt", "1,-2", "-o", dir.resolve("x.onnx").toString());
        assertEquals(ExitCodes.USAGE, dt.code, dt.toString());
        assertTrue(dt.err.contains("dt"), dt.toString());
        Cli missing = Cli.run("fine-tune", dir.resolve("absent.onnx").toString(), "--data", "demo", "-T", "8",
            "-o", dir.resolve("x.onnx").toString());
        assertTrue(missing.code != 0, missing.toString());
        assertTrue(missing.err.contains("absent.onnx") && !missing.err.contains("\tat "), missing.toString());
        Files.writeString(dir.resolve("corrupt.onnx"), "not a model");
        Cli corrupt = Cli.run("fine-tune", dir.resolve("corrupt.onnx").toString(), "--data", "demo", "-T", "8",
            "-o", dir.resolve("x.onnx").toString());
        assertEquals(ExitCodes.INVALID_INPUT, corrupt.code, corrupt.toString());
        assertFalse(corrupt.err.contains("\tat "), corrupt.toString());
        assertFalse(Files.exists(dir.resolve("x.onnx")), "nothing written on failure");
    }
}
