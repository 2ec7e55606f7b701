package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.report.EnergyReport;
import org.spikeflow.report.ReportJson;
import org.spikeflow.report.SimulationReport;
import org.spikeflow.sweep.SweepTable;
import org.spikeflow.sweep.TableRow;
import org.spikeflow.testing.SharedFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code snn sweep} against the commands it stands for, resumption, and refusal of bad studies. */
class SweepCommandTest {
    @TempDir
    Path dir;

    private Path model;
    private String data;

    private void fixtures() {
        model = SharedFixtures.require("fixtures/mnist_cnn.onnx");
        // the test split is sorted by class: small runs take a stratified subset (data.limit / --limit)
        data = "idx:" + SharedFixtures.require("data/mnist-subset");
    }

    private Path study(String name, String body) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "models:\n  mnist_cnn: {model: " + model + ", data: '" + data + "'}\n" + body);
        return f;
    }

    private static SweepTable table(Path out) {
        return ReportJson.read(out.resolve("table.json"), SweepTable.class, "sweep table");
    }

    @Test
    void twoConfigurationsGiveTheNumbersOfConvertThenSimulate() throws IOException {
        fixtures();
        Path study = study("study.yaml", """
            data: {limit: 100, shard_size: 40}
            convert:
              - {norm: percentile, percentile: 99, burst: 1, calibration_limit: 300}
              - {norm: channel, percentile: 99, burst: 2, calibration_limit: 300}
            simulate: {timesteps: [2, 4, 8]}
            devices: [loihi, spinnaker2, cpu]
            """);
        Path out = dir.resolve("out");
        Cli sweep = Cli.run("sweep", study.toString(), "--out", out.toString());
        assertEquals(ExitCodes.OK, sweep.code, sweep.toString());
        SweepTable table = table(out);
        assertEquals(2, table.configurations().size());
        assertEquals(6, table.rows().size(), "one row per configuration and checkpoint");
        assertTrue(Files.size(out.resolve("report.html")) > 0);
        assertEquals(List.of("accuracy_vs_timesteps_mnist_cnn.png", "pareto_loihi.png", "pareto_spinnaker2.png"),
            files(out.resolve("plots")).stream().map(p -> p.getFileName().toString()).toList(),
            "one accuracy plot per model, one Pareto plot per spiking device (cpu runs the ANN)");

        String[][] conversions = {{"percentile", "1"}, {"channel", "2"}};
        for (int i = 0; i < 2; i++) {
            SweepTable.ConfigurationInfo c = table.configurations().get(i);
            assertEquals(3, c.shards(), "100 samples in shards of 40");
            Path net = dir.resolve("net" + i + ".snn");
            Cli convert = Cli.run("convert", model.toString(), "-o", net.toString(), "--calibration", data, "--calibration-limit", "300",
                "--norm", conversions[i][0], "--percentile", "99", "--burst", conversions[i][1]);
            assertEquals(ExitCodes.OK, convert.code, convert.toString());
            String conversionKey = Files.list(out.resolve("networks")).map(p -> p.getFileName().toString().replace(".snn", ""))
                .filter(k -> sameBytes(out.resolve("networks").resolve(k + ".snn"), net)).findFirst().orElse(null);
            assertTrue(conversionKey != null, "the sweep's network of " + c.name() + " is byte for byte the one snn convert writes");

            List<TableRow> rows = table.rowsOf(c.key());
            // the whole run answers its last checkpoint; a separate shorter run answers an earlier one
            check(rows.get(2), simulate(net, 8, "2,4,8", "full" + i));
            check(rows.get(1), simulate(net, 4, "2,4", "short" + i));
        }
    }

    private SimulationReport simulate(Path net, int timesteps, String checkpoints, String name) {
        Path report = dir.resolve(name + ".json");
        Cli r = Cli.run("simulate", net.toString(), "--data", data, "--limit", "100", "--timesteps", Integer.toString(timesteps),
            "--checkpoints", checkpoints, "--energy", "loihi,spinnaker2,cpu", "--report", report.toString());
        assertEquals(ExitCodes.OK, r.code, r.toString());
        return ReportJson.readSimulation(report);
    }

    /** The row at the report's last timestep has the report's numbers, to the last bit. */
    private static void check(TableRow row, SimulationReport r) {
        String at = row.model() + " " + row.norm() + " burst " + row.burst() + " T=" + row.timesteps();
        assertEquals(r.timesteps(), row.timesteps(), at);
        assertEquals(r.samples(), row.samples(), at);
        assertEquals(r.finalAccuracy(), row.accuracy(), at + " accuracy");
        assertEquals(r.spikesPerSample(), row.spikesPerSample(), at + " spikes");
        assertEquals(r.synopsPerSample(), row.synopsPerSample(), at + " synops");
        assertEquals(r.meanDecisionTimestep(), row.meanDecisionTimestep(), at + " decision");
        List<EnergyReport.DeviceEnergy> devices = r.energy().devices();
        assertEquals(devices.size(), row.energy().size(), at);
        for (int i = 0; i < devices.size(); i++) {
            EnergyReport.DeviceEnergy d = devices.get(i);
            TableRow.DeviceEnergy e = row.energy().get(i);
            assertEquals(d.device(), e.device(), at);
            assertEquals(d.totalEnergyJ(), e.energyJ(), at + " energy on " + d.device());
        }
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            return java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anInterruptedSweepResumesWithoutRedoingFinishedConfigurations() throws IOException {
        fixtures();
        Path study = study("resume.yaml", """
            data: {limit: 60, shard_size: 30}
            convert: {percentile: 99, burst: [1, 2], calibration_limit: 200}
            simulate: {timesteps: [2, 4]}
            devices: [loihi]
            """);
        Path out = dir.resolve("out");
        Cli first = Cli.run("sweep", study.toString(), "--out", out.toString());
        assertEquals(ExitCodes.OK, first.code, first.toString());
        String complete = Files.readString(out.resolve("table.csv"));
        SweepTable table = table(out);

        // the store as an interruption during the last task leaves it: every network, all but one shard result
        String interrupted = table.configurations().get(1).key();
        Files.delete(out.resolve("results").resolve(interrupted).resolve("shard-2-of-2.json"));
        Files.delete(out.resolve("table.csv"));
        List<Path> kept = files(out.resolve("results"));
        kept.addAll(files(out.resolve("networks")));
        assertEquals(5, kept.size());
        List<Object> identities = new ArrayList<>();
        for (Path p : kept) identities.add(identity(p));

        Cli again = Cli.run("sweep", study.toString(), "--out", out.toString());
        assertEquals(ExitCodes.OK, again.code, again.toString());
        assertTrue(again.out.contains("in the store: 1 of 2 configurations complete, 3 simulation tasks; to run: 0 calibration tasks"
            + " (0 conversions), 1 simulation task for 1 configuration"), again.out);
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(identities.get(i), identity(kept.get(i)), kept.get(i) + " was written again");
        }
        assertTrue(Files.exists(out.resolve("results").resolve(interrupted).resolve("shard-2-of-2.json")));
        assertEquals(complete, Files.readString(out.resolve("table.csv")), "the resumed sweep's table is the uninterrupted one");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
        }
    }

    /** A file's inode and modification time: an atomic rewrite (temporary file moved into place) changes both. */
    private static List<Object> identity(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime());
    }

    @Test
    void aBadConfigurationFailsBeforeAnyWorkStartsNamingItAndTheValue() throws IOException {
        fixtures();
        Path study = study("bad.yaml", """
            convert:
              - {norm: percentile, percentile: 99.9}
              - {norm: channel, percentile: [99, 250], burst: 2}
            """);
        Path out = dir.resolve("out");
        Cli r = Cli.run("sweep", study.toString(), "--out", out.toString());
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("configuration 'mnist_cnn norm=channel percentile=250 burst=2': convert[1].percentile: must be in (0, 100], got 250"),
            r.err);
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aMissingModelFileIsInvalidInputNamingTheModel() throws IOException {
        fixtures();
        Path study = dir.resolve("missing.yaml");
        Files.writeString(study, "models:\n  lenet: {model: lenet.onnx, data: '" + data + "'}\n");
        Cli r = Cli.run("sweep", study.toString(), "--out", dir.resolve("out").toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.code, r.toString());
        assertTrue(r.err.contains("model 'lenet': no such file " + dir.resolve("lenet.onnx")), r.err);
    }

    @Test
    void aMasterWithoutTheSparkRunnerIsAUsageErrorSayingHowToGetOne() throws IOException {
        fixtures();
        Path study = study("spark.yaml", "data: {limit: 20}\n");
        Cli r = Cli.run("sweep", study.toString(), "--master", "spark://host:7077", "--out", dir.resolve("out").toString());
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("--master spark://host:7077: no Spark runner on the class path") && r.err.contains("sweep-spark"), r.err);
    }
}
