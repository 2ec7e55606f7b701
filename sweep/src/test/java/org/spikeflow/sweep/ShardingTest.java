package org.spikeflow.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.testing.SharedFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shards add up exactly: how the samples are cut into tasks does not change the table, Poisson input included. */
class ShardingTest {
    @TempDir
    Path dir;

    private SweepTable sweep(int shardSize) throws IOException {
        Path model = SharedFixtures.require("fixtures/mnist_cnn.onnx");
        String data = "idx:" + SharedFixtures.require("data/mnist-subset");
        Path f = dir.resolve("shards" + shardSize + ".yaml");
        Files.writeString(f, "models:\n  mnist_cnn: {model: " + model + ", data: '" + data + "'}\n"
            + "data: {limit: 60, shard_size: " + shardSize + "}\n"
            + "convert: {norm: percentile, percentile: 99, calibration_limit: 200}\n"
            + "simulate: [{timesteps: [1, 2, 3, 5, 8]}, {encoder: regular, max_rate_hz: 500, timesteps: [4, 8]},"
            + " {encoder: poisson, max_rate_hz: 500, seed: 7, timesteps: [4, 8]}]\n"
            + "devices: [loihi, cpu]\n");
        Plan plan = Plan.of(StudyFile.read(f));
        try (LocalExecutor executor = new LocalExecutor(2)) {
            return Sweep.run(plan, new ResultStore(dir.resolve("out" + shardSize)), executor, 1, new Sweep.Listener() { }).table();
        }
    }

    /** The table without its first column (the configuration key, which includes the shard size). */
    private static List<String> withoutKeys(SweepTable t) {
        return Arrays.stream(t.csv().split("\n")).map(line -> line.substring(line.indexOf(',') + 1)).toList();
    }

    @Test
    void theTableDoesNotDependOnHowTheSamplesAreSharded() throws IOException {
        SweepTable whole = sweep(60);
        SweepTable uneven = sweep(25);
        assertEquals(1, whole.configurations().get(0).shards());
        assertEquals(3, uneven.configurations().get(0).shards(), "25 + 25 + 10");
        assertEquals(9, whole.rows().size());
        assertEquals(withoutKeys(whole), withoutKeys(uneven));
    }
}
