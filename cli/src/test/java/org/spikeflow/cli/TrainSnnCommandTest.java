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
    void directlyTrainedNetworkScoresTheSameInTheSimulator(@TempDir Path dir) throws Exception {
        double[] acc = trainedAndSimulated(dir, new String[] {"--hidden", "32", "--epochs", "3", "--loss", "huber", "--surrogate", "arctan"},
            new String[0]);
        assertEquals(acc[0], acc[1], 5e-5, "the simulator reproduces the training-side accuracy (printed with two decimals)");
        assertTrue(acc[0] > 0.5, "trained accuracy " + acc[0]);
    }

    @Test
    void edgeTransformedTrainingScoresTheSameInTheSimulatorWithTheSameTransform(@TempDir Path dir) throws Exception {
        String[] edges = {"--transform", "sobel_sq"};
        double[] acc = trainedAndSimulated(dir, new String[] {"--hidden", "32", "--epochs", "2", "--transform", "sobel_sq"}, edges);
        assertEquals(acc[0], acc[1], 5e-5, "trained and simulated on the same edge maps");
    }

    /**
     * Trains with {@code trainArgs} on 100 band images at T = 8 (Poisson input, seed 4), simulates the result on the
     * same images with {@code simulateArgs}; returns {trained test accuracy, simulated accuracy}.
     */
    @SuppressWarnings("unchecked")
    private static double[] trainedAndSimulated(Path dir, String[] trainArgs, String[] simulateArgs) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 100);
        Path net = dir.resolve("direct.snn");
        java.util.List<String> train = new java.util.ArrayList<>(java.util.List.of("train-snn", "--data", "idx:" + data, "--test",
            "idx:" + data, "--timesteps", "8", "--seed", "4", "-o", net.toString()));
        train.addAll(java.util.List.of(trainArgs));
        Cli t = Cli.run(train.toArray(new String[0]));
        assertEquals(0, t.code, t.toString());
        String last = t.out.substring(t.out.lastIndexOf("test accuracy ") + 14);
        double trained = Double.parseDouble(last.substring(0, last.indexOf('%'))) / 100;
        java.util.List<String> sim = new java.util.ArrayList<>(java.util.List.of("simulate", net.toString(), "--data", "idx:" + data,
            "--encoder", "poisson", "--seed", "4", "--timesteps", "8", "--report", dir.resolve("r.json").toString()));
        sim.addAll(java.util.List.of(simulateArgs));
        Cli s = Cli.run(sim.toArray(new String[0]));
        assertEquals(0, s.code, s.toString());
        Map<String, Object> r = new ObjectMapper().readValue(dir.resolve("r.json").toFile(), Map.class);
        double simulated = ((Number) ((Map<String, Object>) r.get("accuracy")).get("8")).doubleValue();
        return new double[] {trained, simulated};
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
