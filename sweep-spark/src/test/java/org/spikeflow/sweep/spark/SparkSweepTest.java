package org.spikeflow.sweep.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.cli.Main;
import org.spikeflow.testing.SharedFixtures;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same study in this JVM and as a real Spark job in local[2]: the same table, to the byte. */
class SparkSweepTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run sweep(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void sparkLocal2GivesTheTableOfTheInProcessRun() throws IOException {
        Path model = SharedFixtures.require("fixtures/mnist_cnn.onnx");
        String data = "idx:" + SharedFixtures.require("data/mnist-subset");
        Path study = dir.resolve("study.yaml");
        Files.writeString(study, "models:\n  mnist_cnn: {model: " + model + ", data: '" + data + "'}\n" + """
            data: {limit: 80, shard_size: 20}
            convert: [{norm: percentile, percentile: 99, burst: [1, 2], calibration_limit: 200}, {norm: channel, percentile: 99, calibration_limit: 200}]
            simulate: {timesteps: [1, 2, 4, 8]}
            devices: [loihi, spinnaker2, cpu]
            """);
        Run local = sweep("sweep", study.toString(), "--out", dir.resolve("local").toString());
        assertEquals(0, local.code(), local.toString());
        assertTrue(local.out().contains("in-process"), local.out());

        Run spark = sweep(SparkSweepMain.arguments(new String[] {study.toString(), "--out", dir.resolve("spark").toString()}, "local[2]"));
        assertEquals(0, spark.code(), spark.toString());
        assertTrue(spark.out().contains("to run: 1 calibration task (3 conversions), 12 simulation tasks for 3 configurations; Spark local[2] (2 task slots"),
            spark.out());
        // one Spark context per JVM: a new one starts only if the sweep stopped its own
        new JavaSparkContext(SparkExecutor.conf("local[1]", "after the sweep")).stop();

        String table = Files.readString(dir.resolve("local").resolve("table.csv"));
        assertEquals(1 + 3 * 4, table.split("\n").length, "a header and a row per configuration and checkpoint");
        assertEquals(table, Files.readString(dir.resolve("spark").resolve("table.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("local").resolve("table.json")), Files.readAllBytes(dir.resolve("spark").resolve("table.json")));
    }

    @Test
    void theSubmittedMasterBecomesTheSweepsUnlessTheArgumentsGiveOne() {
        assertArrayEquals(new String[] {"sweep", "s.yaml", "--master", "spark://h:7077"}, SparkSweepMain.arguments(new String[] {"s.yaml"}, "spark://h:7077"));
        assertArrayEquals(new String[] {"sweep", "s.yaml", "--master", "local[*]"}, SparkSweepMain.arguments(new String[] {"s.yaml"}, null));
        assertArrayEquals(new String[] {"sweep", "s.yaml", "--master", "local[2]"},
            SparkSweepMain.arguments(new String[] {"s.yaml", "--master", "local[2]"}, "yarn"));
    }
}
