package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.report.EarlyExitReport;
import org.spikeflow.report.ReportJson;
import org.spikeflow.report.SimulationReport;
import org.spikeflow.training.Arch;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarlyExitCommandTest {

    @Test
    void reportsBothSidesAndARunThatStopsAgreesWithThem(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 60);
        Path model = TestData.model(dir.resolve("cnn.onnx"), Arch.CNN, 3);
        Path net = dir.resolve("cnn.snn");
        assertEquals(0, Cli.run("convert", model.toString(), "-o", net.toString(), "--calibration", "idx:" + data).code);
        String[] common = {"simulate", net.toString(), "--data", "idx:" + data, "--timesteps", "16", "--checkpoints", "4,8,16",
            "--early-exit", "0.02,2"};
        Path full = dir.resolve("full.json"), stop = dir.resolve("stop.json");
        Cli a = Cli.run(concat(common, "--energy", "loihi", "--report", full.toString(), "--plots", dir.resolve("plots").toString()));
        assertEquals(0, a.code, a.toString());
        assertTrue(a.out.contains("early exit (margin 0.02") && a.out.contains("without early exit"), a.out);
        SimulationReport r = ReportJson.readSimulation(full);
        EarlyExitReport x = r.earlyExit();
        assertNotNull(x);
        assertFalse(x.stopped());
        assertEquals(r.samples(), x.timestepsPerSample().length);
        assertTrue(x.meanTimesteps() <= 16 && x.meanTimesteps() >= 2, "patience 2: at least two timesteps");
        assertEquals(6, x.sweep().size(), "the default sweep: the margin times 0, 1/4, 1/2, 1, 2, 4");
        assertNotNull(x.energy(), "energy with early exit");
        assertTrue(Files.exists(dir.resolve("plots").resolve("early_exit.png")));
        // The engine really stops the samples: the same exits, the same answers, the same events.
        Cli b = Cli.run(concat(common, "--stop-early", "--report", stop.toString()));
        assertEquals(0, b.code, b.toString());
        EarlyExitReport y = ReportJson.readSimulation(stop).earlyExit();
        assertTrue(y.stopped());
        assertArrayEquals(x.timestepsPerSample(), y.timestepsPerSample());
        assertEquals(x.accuracy(), y.accuracy());
        assertEquals(x.synopsPerSample(), y.synopsPerSample(), 1e-9 * x.synopsPerSample());
        assertEquals(x.spikesPerSample(), y.spikesPerSample(), 1e-9 * Math.max(1, x.spikesPerSample()));
    }

    @Test
    void badEarlyExitArgumentsAreUsageErrorsNamingTheFlag() {
        Cli neg = Cli.run("simulate", "net.snn", "--early-exit", "-1");
        assertEquals(ExitCodes.USAGE, neg.code, neg.toString());
        assertTrue(neg.err.contains("--early-exit") && neg.err.contains("margin"), neg.toString());
        Cli junk = Cli.run("simulate", "net.snn", "--early-exit", "2,x");
        assertEquals(ExitCodes.USAGE, junk.code, junk.toString());
        Cli alone = Cli.run("simulate", "net.snn", "--stop-early");
        assertEquals(ExitCodes.USAGE, alone.code, alone.toString());
        assertTrue(alone.err.contains("--stop-early needs --early-exit"), alone.toString());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
