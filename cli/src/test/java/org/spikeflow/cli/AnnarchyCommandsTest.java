package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.ReadoutMode;
import org.spikeflow.report.EarlyExitReport;
import org.spikeflow.report.ReportJson;
import org.spikeflow.report.SimulationReport;
import org.spikeflow.training.Arch;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ANNarchy converter's recipe on the command line: model-based normalization, its input codes and read-outs. */
class AnnarchyCommandsTest {

    @Test
    void modelNormalizedNetworkRunsWithTheAnnarchyCodesAndStopsAtKSpikes(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 40);
        Path model = TestData.model(dir.resolve("cnn.onnx"), Arch.CNN, 3);
        Path net = dir.resolve("cnn.snn");
        Cli c = Cli.run("convert", model.toString(), "-o", net.toString(), "--norm", "model", "--output-layer", "spiking",
            "--reset", "zero", "--v0", "0");
        assertEquals(0, c.code, c.toString());
        assertTrue(c.out.contains("normalization: model scale depth+1"), c.out);
        for (String encoder : new String[] {"cpn", "ib", "pso"}) {
            Path r = dir.resolve(encoder + ".json");
            Cli s = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--timesteps", "12", "--encoder", encoder,
                "--readout", "spike-count", "--report", r.toString());
            assertEquals(0, s.code, s.toString());
            SimulationReport rep = ReportJson.readSimulation(r);
            assertEquals(EncoderKind.valueOf(encoder.toUpperCase()), rep.encoder());
            assertTrue(rep.layers().get(0).spikesPerSample() > 0, encoder + " input spikes");
        }
        EarlyExitReport[] byEngine = new EarlyExitReport[2];
        for (int e = 0; e < 2; e++) {
            Path r = dir.resolve("ttk" + e + ".json");
            Cli s = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--timesteps", "40", "--encoder", "ib",
                "--readout", "time-to-k-spikes", "--readout-k", "2", "--engine", e == 0 ? "event" : "dense", "--report", r.toString());
            assertEquals(0, s.code, s.toString());
            assertTrue(s.out.contains("time to 2 spikes: accuracy"), s.out);
            SimulationReport rep = ReportJson.readSimulation(r);
            assertEquals(ReadoutMode.TIME_TO_K_SPIKES, rep.readout());
            byEngine[e] = rep.earlyExit();
            assertTrue(byEngine[e].stopped());
            assertEquals(2.0, byEngine[e].margin());
            assertEquals(rep.samples(), byEngine[e].timestepsPerSample().length);
        }
        assertArrayEquals(byEngine[0].timestepsPerSample(), byEngine[1].timestepsPerSample(), "both engines stop alike");
        assertEquals(byEngine[0].accuracy(), byEngine[1].accuracy());
    }

    @Test
    void misusedOptionsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 20);
        Path model = TestData.model(dir.resolve("cnn.onnx"), Arch.CNN, 3);
        Path net = dir.resolve("cnn.snn");
        Cli scale = Cli.run("convert", model.toString(), "-o", net.toString(), "--model-scale", "2", "--calibration", "idx:" + data);
        assertEquals(ExitCodes.USAGE, scale.code, scale.toString());
        assertTrue(scale.err.contains("--model-scale needs --norm model"), scale.toString());
        assertEquals(0, Cli.run("convert", model.toString(), "-o", net.toString(), "--norm", "model").code);
        // The default output integrates: nothing to count spikes of.
        Cli integ = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--readout", "time-to-first-spike");
        assertEquals(ExitCodes.USAGE, integ.code, integ.toString());
        assertTrue(integ.err.contains("spiking output"), integ.toString());
        Cli k = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--readout-k", "3");
        assertEquals(ExitCodes.USAGE, k.code, k.toString());
        Cli both = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--readout", "time-to-k-spikes", "--early-exit", "1");
        assertEquals(ExitCodes.USAGE, both.code, both.toString());
        assertTrue(both.err.contains("--early-exit does not combine"), both.toString());
        Cli help = Cli.run("simulate", "--help");
        assertTrue(help.out.contains("cpn") && help.out.contains("ib (") && help.out.contains("pso")
            && help.out.contains("time-to-k-spikes") && help.out.contains("time-to-first-spike"), help.out);
        assertTrue(Cli.run("convert", "--help").out.contains("model (model-based"));
    }
}
