package org.spikeflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.TtfsParams;
import org.spikeflow.graph.io.NetworkFile;
import org.spikeflow.training.Arch;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code snn convert --coding ttfs} and simulating the result: defaults from the network, both engines, reports, refusals. */
class TtfsCommandTest {

    @Test
    void helpNamesTheTtfsModes() {
        assertTrue(Cli.run("convert", "--help").out.contains("ttfs"));
        assertTrue(Cli.run("convert", "--help").out.contains("--ttfs-ticks"));
        assertTrue(Cli.run("simulate", "--help").out.contains("ttfs"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void convertedCnnSimulatesWithItsOwnEncoderAndTimestepsOnBothEngines(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 60);
        Path model = TestData.model(dir.resolve("cnn.onnx"), Arch.CNN, 3);
        Path net = dir.resolve("cnn.snn");
        Cli c = Cli.run("convert", model.toString(), "-o", net.toString(), "--coding", "ttfs", "--ttfs-ticks", "16",
            "--calibration", "idx:" + data, "--calibration-limit", "40", "--norm", "max");
        assertEquals(0, c.code, c.toString());
        assertTrue(c.out.contains("time to first spike: windows"), c.out);
        Network snn = NetworkFile.read(net);
        assertEquals("ttfs", snn.metadata().get("coding"));
        assertEquals(16, TtfsParams.inputWindow(snn));
        int ticks = TtfsParams.ticksNeeded(snn);

        Cli e = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--limit", "8", "--report", dir.resolve("e.json").toString());
        assertEquals(0, e.code, e.toString());
        assertTrue(e.out.contains("ttfs encoder") && e.out.contains("spikes per neuron"), e.out);
        Cli d = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--limit", "8", "--engine", "dense", "--report",
            dir.resolve("d.json").toString());
        assertEquals(0, d.code, d.toString());
        Map<String, Object> re = new ObjectMapper().readValue(dir.resolve("e.json").toFile(), Map.class);
        Map<String, Object> rd = new ObjectMapper().readValue(dir.resolve("d.json").toFile(), Map.class);
        assertEquals(ticks, ((Number) re.get("timesteps")).intValue());
        assertTrue(((Number) re.get("spikes_per_sample")).doubleValue() > 0);
        assertEquals(re.get("spikes_per_sample"), rd.get("spikes_per_sample"), "both engines count the same spikes");
        assertEquals(re.get("synops_per_sample"), rd.get("synops_per_sample"));
        assertEquals(re.get("accuracy"), rd.get("accuracy"));

        Cli energy = Cli.run("energy", dir.resolve("e.json").toString(), "--devices", "loihi,cpu");
        assertEquals(0, energy.code, energy.toString());

        Cli few = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--limit", "2", "--timesteps", Integer.toString(ticks - 1));
        assertEquals(ExitCodes.USAGE, few.code, few.toString());
        assertTrue(few.err.contains("--timesteps"), few.err);
        Cli poisson = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--limit", "2", "--encoder", "poisson");
        assertEquals(ExitCodes.USAGE, poisson.code, poisson.toString());
    }

    @Test
    void ttfsRefusesRateOnlyOptions(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 20);
        Path model = TestData.model(dir.resolve("cnn.onnx"), Arch.CNN, 3);
        for (String[] extra : new String[][] {{"--norm", "channel"}, {"--burst", "2"}, {"--max-pool", "leader"}, {"--ttfs-ticks", "0"}}) {
            Cli r = Cli.run("convert", model.toString(), "-o", dir.resolve("x.snn").toString(), "--coding", "ttfs", "--calibration",
                "idx:" + data, extra[0], extra[1]);
            assertEquals(ExitCodes.USAGE, r.code, String.join(" ", extra) + ": " + r);
        }
        Cli rateNet = Cli.run("convert", model.toString(), "-o", dir.resolve("rate.snn").toString(), "--calibration", "idx:" + data);
        assertEquals(0, rateNet.code, rateNet.toString());
        Cli ttfsInput = Cli.run("simulate", dir.resolve("rate.snn").toString(), "--data", "idx:" + data, "--limit", "2", "--encoder", "ttfs");
        assertEquals(ExitCodes.USAGE, ttfsInput.code, ttfsInput.toString());
    }
}
