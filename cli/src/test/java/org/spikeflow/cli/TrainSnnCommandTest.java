package org.spikeflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainSnnCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void directlyTrainedNetworkScoresTheSameInTheSimulator(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 100);
        Path net = dir.resolve("direct.snn");
        Cli t = Cli.run("train-snn", "--data", "idx:" + data, "--test", "idx:" + data, "--timesteps", "8", "--hidden", "32",
            "--epochs", "3", "--seed", "4", "--loss", "huber", "--surrogate", "arctan", "-o", net.toString());
        assertEquals(0, t.code, t.toString());
        String last = t.out.substring(t.out.lastIndexOf("test accuracy ") + 14);
        double trained = Double.parseDouble(last.substring(0, last.indexOf('%'))) / 100;
        Cli s = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--encoder", "poisson", "--seed", "4",
            "--timesteps", "8", "--report", dir.resolve("r.json").toString());
        assertEquals(0, s.code, s.toString());
        Map<String, Object> r = new ObjectMapper().readValue(dir.resolve("r.json").toFile(), Map.class);
        double simulated = ((Number) ((Map<String, Object>) r.get("accuracy")).get("8")).doubleValue();
        assertEquals(trained, simulated, 5e-5, "the simulator reproduces the training-side accuracy (printed with two decimals)");
        assertTrue(trained > 0.5, t.out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void edgeTransformedTrainingScoresTheSameInTheSimulatorWithTheSameTransform(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 100);
        Path net = dir.resolve("edges.snn");
        Cli t = Cli.run("train-snn", "--data", "idx:" + data, "--test", "idx:" + data, "--timesteps", "8", "--hidden", "32",
            "--epochs", "2", "--seed", "4", "--transform", "sobel_sq", "-o", net.toString());
        assertEquals(0, t.code, t.toString());
        String last = t.out.substring(t.out.lastIndexOf("test accuracy ") + 14);
        double trained = Double.parseDouble(last.substring(0, last.indexOf('%'))) / 100;
        Cli s = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--encoder", "poisson", "--seed", "4",
            "--timesteps", "8", "--transform", "sobel_sq", "--report", dir.resolve("r.json").toString());
        assertEquals(0, s.code, s.toString());
        Map<String, Object> r = new ObjectMapper().readValue(dir.resolve("r.json").toFile(), Map.class);
        double simulated = ((Number) ((Map<String, Object>) r.get("accuracy")).get("8")).doubleValue();
        assertEquals(trained, simulated, 5e-5, "trained and simulated on the same edge maps");
    }

    @Test
    void badValuesAreUsageErrors() {
        Cli r = Cli.run("train-snn", "--data", "demo", "--surrogate", "relu", "-o", "x.snn");
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("--surrogate"), r.toString());
        // Recorded spike trains are not images: refused before the (here missing) file is even opened.
        Cli e = Cli.run("train-snn", "--data", "npz:missing.npz", "--encoder", "spike-train", "--transform", "sobel", "-o", "x.snn");
        assertEquals(ExitCodes.USAGE, e.code, e.toString());
        assertTrue(e.err.contains("--transform sobel"), e.toString());
    }
}
