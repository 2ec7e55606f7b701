package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import onnx.Onnx;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.io.NetworkFile;
import org.spikeflow.report.ReportJson;
import org.spikeflow.report.SimulationReport;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitCommandTest {
    @Test
    void anUntrainedVgg16ConvertsOnRandomImagesAndRuns(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("vgg16.onnx");
        Cli init = Cli.run("init", "--arch", "vgg16", "--input", "3x32x32", "--classes", "5", "--seed", "3", "-o", onnx.toString());
        assertEquals(0, init.code, init.toString());
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals(13, model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count());
        assertEquals(5, model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("AveragePool")).count());
        assertEquals(1, model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("GlobalAveragePool")).count());
        // He-normal: the first convolution's weights have standard deviation sqrt(2 / (3 * 3 * 3)).
        var w = model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("conv0.weight")).findFirst().orElseThrow();
        java.nio.FloatBuffer f = w.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        double sq = 0;
        int n = f.remaining();
        for (int i = 0; i < n; i++) sq += f.get(i) * (double) f.get(i);
        assertEquals(64 * 27, n);
        assertEquals(Math.sqrt(2.0 / 27), Math.sqrt(sq / n), 0.02);

        Path snn = dir.resolve("vgg16.snn");
        Cli convert = Cli.run("convert", onnx.toString(), "--calibration", "random:3x32x32,20", "--calibration-limit", "4",
            "-o", snn.toString());
        assertEquals(0, convert.code, convert.toString());
        Network net = NetworkFile.read(snn);
        assertEquals(15, net.populations().size(), "input, 13 convolutions (pools folded in) and the dense head");
        Path report = dir.resolve("r.json");
        Cli sim = Cli.run("simulate", snn.toString(), "--data", "random:3x32x32,20", "--first", "2", "--timesteps", "8",
            "--report", report.toString());
        assertEquals(0, sim.code, sim.toString());
        SimulationReport r = ReportJson.readSimulation(report);
        assertTrue(r.synopsPerSample() > 0);
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertTrue(r.peakResidentBytes() > 16L << 20, "a JVM holds more than 16 MiB: " + r.peakResidentBytes());
        }
    }

    @Test
    void aShapeTheArchitectureCannotTakeIsAUsageError(@TempDir Path dir) {
        Path onnx = dir.resolve("bad.onnx");
        Cli r = Cli.run("init", "--arch", "vgg16", "--input", "3x48x40", "-o", onnx.toString());
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("multiples of 32"), r.toString());
        assertFalse(Files.exists(onnx));
        Cli s = Cli.run("init", "--arch", "cnn", "--input", "3x48", "-o", onnx.toString());
        assertEquals(ExitCodes.USAGE, s.code, s.toString());
        assertTrue(s.err.contains("CxHxW"), s.toString());
    }
}
