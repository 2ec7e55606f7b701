package org.spikeflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeflow.training.Arch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "train", "train-snn", "convert", "simulate", "evaluate", "energy", "inspect", "bench", "sweep"})
    void everyCommandHasHelpWithExamples(String command) {
        Cli r = Cli.run(command, "--help");
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("Examples:") && r.out.contains("snn " + command), r.toString());
    }

    @Test
    void everyHelpExampleParses() {
        picocli.CommandLine root = Main.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
            new java.io.PrintWriter(java.io.Writer.nullWriter()));
        int examples = 0;
        java.util.List<picocli.CommandLine> all = new java.util.ArrayList<>();
        all.add(root);
        all.addAll(root.getSubcommands().values());
        for (picocli.CommandLine c : all) {
            for (String line : c.getCommandSpec().usageMessage().footer()) {
                String l = line.trim().replaceAll("\\s+\\(.*\\)$", "");
                if (!l.startsWith("snn ")) continue;
                String[] args = l.substring(4).trim().split("\\s+");
                picocli.CommandLine fresh = Main.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                    new java.io.PrintWriter(java.io.Writer.nullWriter()));
                try {
                    fresh.parseArgs(args);
                } catch (picocli.CommandLine.ParameterException e) {
                    throw new AssertionError("help example of 'snn " + c.getCommandName() + "' does not parse: " + l + " (" + e.getMessage() + ")");
                }
                examples++;
            }
        }
        assertTrue(examples >= 20, "found only " + examples + " examples");
    }

    @Test
    void unknownFlagIsAUsageErrorNamingTheFlag() {
        Cli r = Cli.run("simulate", "--bogus", "net.snn");
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("--bogus"), r.toString());
        assertFalse(r.err.contains("at org."), "no stack trace: " + r);
    }

    @Test
    void zeroTimestepsIsAUsageError(@TempDir Path dir) {
        Cli r = Cli.run("simulate", dir.resolve("net.snn").toString(), "--timesteps", "0");
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("--timesteps"), r.toString());
    }

    @Test
    void corruptModelIsInvalidInputWithOneClearLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.onnx");
        Files.write(bad, new byte[] {0x08, 0x07, 0x12, (byte) 0xff, 0x33, 0x01, 0x02});
        Cli r = Cli.run("convert", bad.toString(), "-o", dir.resolve("x.snn").toString(), "--norm", "none");
        assertEquals(ExitCodes.INVALID_INPUT, r.code, r.toString());
        assertTrue(r.err.contains("broken.onnx") && r.err.contains("not a valid ONNX model"), r.toString());
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r);
        assertFalse(Files.exists(dir.resolve("x.snn")));
    }

    @Test
    void truncatedIdxFileIsInvalidInputNamingTheFile(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 20);
        // Rewrite the image file claiming 20 images but holding 3.
        byte[] three = new byte[3 * 784];
        TestData.write(data.resolve("t10k-images-idx3-ubyte.gz"), 0x803, new int[] {20, 28, 28}, three, three.length);
        Path model = TestData.model(dir.resolve("m.onnx"), Arch.MLP, 1);
        Cli r = Cli.run("evaluate", model.toString(), "--data", "idx:" + data);
        assertEquals(ExitCodes.INVALID_INPUT, r.code, r.toString());
        assertTrue(r.err.contains("t10k-images-idx3-ubyte.gz") && r.err.contains("truncated"), r.toString());
    }

    @Test
    void emptyFolderDatasetIsInvalidInput(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Path model = TestData.model(dir.resolve("m.onnx"), Arch.MLP, 1);
        Cli r = Cli.run("evaluate", model.toString(), "--data", "folder:" + dir.resolve("empty"));
        assertEquals(ExitCodes.INVALID_INPUT, r.code, r.toString());
        assertTrue(r.err.contains("empty dataset"), r.toString());
    }

    @Test
    void badDataSpecIsAUsageError(@TempDir Path dir) throws Exception {
        Path model = TestData.model(dir.resolve("m.onnx"), Arch.MLP, 1);
        Cli r = Cli.run("evaluate", model.toString(), "--data", "csv:whatever");
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
    }

    @Test
    void convertNamesTheBurstCalibrationAndLateralInhibitionPoolingAndChecksTheirUse(@TempDir Path dir) throws Exception {
        Cli help = Cli.run("convert", "--help");
        assertTrue(help.out.contains("--burst-calibration") && help.out.contains("clamp") && help.out.contains("lipool"), help.toString());
        Path data = TestData.idx(dir.resolve("data"), 40);
        Path model = TestData.model(dir.resolve("cnn.onnx"), Arch.CNN, 3);
        Path net = dir.resolve("cnn.snn");
        Cli c = Cli.run("convert", model.toString(), "-o", net.toString(), "--calibration", "idx:" + data, "--calibration-limit", "30",
            "--burst", "3", "--burst-calibration", "clamp", "--max-pool", "lipool");
        assertEquals(0, c.code, c.toString());
        org.spikeflow.graph.Network snn = org.spikeflow.graph.io.NetworkFile.read(net);
        assertTrue(snn.metadata().get("calibration.clamp").startsWith("3 "), snn.metadata().toString());
        Cli balancing = Cli.run("convert", model.toString(), "-o", net.toString(), "--calibration", "idx:" + data,
            "--norm", "balancing", "--burst-calibration", "clamp");
        assertEquals(ExitCodes.USAGE, balancing.code, balancing.toString());
        assertTrue(balancing.err.contains("--burst-calibration clamp") && balancing.err.contains("balancing"), balancing.toString());
        Cli bogus = Cli.run("convert", model.toString(), "-o", net.toString(), "--calibration", "idx:" + data, "--max-pool", "maximal");
        assertEquals(ExitCodes.USAGE, bogus.code, bogus.toString());
        assertTrue(bogus.err.contains("lipool"), "the error lists the alias: " + bogus);
    }

    @Test
    @SuppressWarnings("unchecked")
    void convertSimulateEnergyAndInspectWorkEndToEnd(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 60);
        Path model = TestData.model(dir.resolve("cnn.onnx"), Arch.CNN, 3);
        Path net = dir.resolve("cnn.snn");
        Cli c = Cli.run("convert", model.toString(), "-o", net.toString(), "--calibration", "idx:" + data, "--calibration-limit", "40");
        assertEquals(0, c.code, c.toString());
        assertTrue(Files.exists(net));

        Path report = dir.resolve("r.json");
        Cli s = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--timesteps", "8", "--checkpoints", "2,4,8",
            "--limit", "10", "--report", report.toString(), "--energy", "loihi,cpu", "--raster", dir.resolve("raster.csv").toString());
        assertEquals(0, s.code, s.toString());
        Map<String, Object> r = new ObjectMapper().readValue(report.toFile(), Map.class);
        assertEquals(10, r.get("samples"));
        assertEquals("event", r.get("engine"));
        assertEquals(3, ((Map<String, Object>) r.get("accuracy")).size());
        assertTrue(((Number) r.get("synops_per_sample")).doubleValue() > 0);
        assertTrue(r.containsKey("energy"));
        assertTrue(Files.readAllLines(dir.resolve("raster.csv")).size() > 1);

        Cli dense = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--timesteps", "8", "--limit", "10",
            "--engine", "dense", "--report", dir.resolve("d.json").toString());
        assertEquals(0, dense.code, dense.toString());
        Map<String, Object> d = new ObjectMapper().readValue(dir.resolve("d.json").toFile(), Map.class);
        assertEquals(r.get("spikes_per_sample"), d.get("spikes_per_sample"), "both engines count the same spikes");

        Cli e = Cli.run("energy", report.toString(), "--devices", "loihi,spinnaker2,cpu,gpu", "--report", dir.resolve("e.json").toString());
        assertEquals(0, e.code, e.toString());
        assertTrue(e.out.contains("loihi/snn") && e.out.contains("cpu/ann") && e.out.contains("J"), e.toString());
        assertTrue(Files.exists(dir.resolve("e.json")));

        Cli i = Cli.run("inspect", net.toString());
        assertEquals(0, i.code, i.toString());
        assertTrue(i.out.contains("spiking network") && i.out.contains("normalization"), i.toString());

        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void unknownDeviceIsAUsageError(@TempDir Path dir) throws Exception {
        Path model = TestData.model(dir.resolve("m.onnx"), Arch.MLP, 1);
        Cli r = Cli.run("energy", model.toString(), "--devices", "quantum");
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("quantum"), r.toString());
    }

    @Test
    void benchPrintsBothEnginesAtEveryActivityAndDrawsTheCrossover(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("plots").resolve("crossover.png");
        Path json = dir.resolve("bench.json");
        Cli r = Cli.run("bench", "--activity", "0.5,0.05", "--samples", "2", "--timesteps", "8", "--size", "8", "--channels", "8",
            "--layers", "1", "--dense-inputs", "64", "--dense-hidden", "32", "--warmup-seconds", "0", "--repeats", "1",
            "--report", json.toString(), "--plot", png.toString());
        assertEquals(0, r.code, r.toString());
        Map<?, ?> out = new ObjectMapper().readValue(r.out, Map.class);
        assertEquals(out, new ObjectMapper().readValue(json.toFile(), Map.class), "the report file holds what was printed");
        var nets = (java.util.List<Map<String, Object>>) out.get("networks");
        assertEquals(java.util.List.of("conv", "dense"), nets.stream().map(n -> n.get("kind")).toList());
        for (Map<String, Object> n : nets) {
            var points = (java.util.List<Map<String, Object>>) n.get("points");
            assertEquals(java.util.List.of(0.05, 0.5), points.stream().map(p -> p.get("activity")).toList(), "sorted");
            for (Map<String, Object> p : points) {
                Map<?, ?> ev = (Map<?, ?>) p.get("event");
                Map<?, ?> de = (Map<?, ?>) p.get("dense");
                assertEquals(ev.get("synops_per_sample"), de.get("synops_per_sample"), "both engines perform the same synaptic operations");
                double ratio = (Double) de.get("seconds_per_sample") / (Double) ev.get("seconds_per_sample");
                assertEquals(ratio, (Double) p.get("event_over_dense_speedup"), 1e-9 * ratio);
            }
            assertTrue(n.containsKey("crossover"), n.toString());
        }
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(1600, img.getWidth(), "two charts side by side");
    }

    @Test
    void benchRefusesAnActivityOutsideZeroToOne() throws Exception {
        Cli r = Cli.run("bench", "--activity", "0.1,1.5");
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("1.5"), r.toString());
    }
}
