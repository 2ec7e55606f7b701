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
    void badArgumentsAreRefusedWithTheirName() {
        Cli r = Cli.run("train", "--data", "demo", "--epochs", "0", "-o", "x.onnx");
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("epochs"), r.toString());
        Cli o = Cli.run("train", "--data", "demo", "--optimizer", "adagrad", "-o", "x.onnx");
        assertEquals(ExitCodes.USAGE, o.code, o.toString());
        assertTrue(o.err.contains("--optimizer"), o.toString());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
