package org.spikeflow.cli.fuzz;

import io.jhdf.HdfFile;
import io.jhdf.api.WritableGroup;
import io.jhdf.WritableHdfFile;
import org.spikeflow.cli.Main;
import org.spikeflow.data.io.IdxReader;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The seed inputs of the mutation harness and the fuzz tests, made at run time from {@code ../shared}: the real ONNX
 * and Keras fixtures and golden archives, a small IDX data set cut from the MNIST subset, a network converted from
 * the ONNX fixture, its simulate report, a device profile and a small Keras 3 archive written here (the Keras
 * fixture itself stays in {@code ../shared}), and the NIR fixtures' folder.
 */
public record Fixtures(Path onnx, Path golden, Path h5, Path keras, Path snn, Path idx, Path report, Path profile, Path nir) {

    /** {@code ../shared/fixtures} beside the project root, if present. */
    public static Optional<Path> shared() {
        String root = System.getProperty("spikeflow.root");
        Path start = root != null && !root.isBlank() ? Paths.get(root) : Paths.get("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(p.resolve("simulator")) && Files.isDirectory(s)) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** Writes the seeds under {@code dir} (the IDX cut, the network, the report, the profile, the archive). */
    public static Fixtures prepare(Path fixtures, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path onnx = fixtures.resolve("mnist_cnn.onnx");
        Path golden = fixtures.resolve("mnist_cnn_golden.npz");
        Path h5 = fixtures.resolve("keras_lenet5_mnist.h5");
        Path data = fixtures.resolveSibling("data").resolve("mnist-subset");
        Path idx = dir.resolve("idx");
        Files.createDirectories(idx);
        IdxReader.Images images = IdxReader.readImages(IdxReader.find(data, "t10k-images-idx3-ubyte"));
        int[] labels = IdxReader.readLabels(IdxReader.find(data, "t10k-labels-idx1-ubyte"));
        int n = 40;
        byte[] px = new byte[n * 784];
        byte[] lab = new byte[n];
        for (int i = 0; i < n; i++) {
            int src = i * 50; // every class: the subset's test part is sorted by class
            for (int j = 0; j < 784; j++) px[i * 784 + j] = (byte) Math.round(images.pixels()[src][j] * 255f);
            lab[i] = (byte) labels[src];
        }
        for (String split : new String[] {"t10k", "train"}) {
            writeIdx(idx.resolve(split + "-images-idx3-ubyte"), 0x803, new int[] {n, 28, 28}, px);
            writeIdx(idx.resolve(split + "-labels-idx1-ubyte"), 0x801, new int[] {n}, lab);
        }
        Path snn = dir.resolve("net.snn");
        run("convert", onnx.toString(), "-o", snn.toString(), "--calibration", "idx:" + idx, "--calibration-split", "train");
        Path report = dir.resolve("report.json");
        run("simulate", snn.toString(), "--data", "idx:" + idx, "--first", "8", "--timesteps", "8", "--checkpoints", "4,8",
            "--report", report.toString());
        Path profile = dir.resolve("profile.yaml");
        Files.writeString(profile, """
            devices:
              - name: mychip
                spiking: true
                energy_per_synop: 10 pJ
                energy_per_neuron_update: 0.05 nJ
                energy_per_spike: 2 pJ
                neuron_updates: active
                static_power: 20 mW
                time_per_timestep: 10 us
                source: datasheet rev B
              - {"name": "mycpu", "spiking": false, "energy_per_op": 1.5e-9}
            """);
        Path keras = writeKeras3(dir);
        return new Fixtures(onnx, golden, h5, keras, snn, idx, report, profile, fixtures.resolve("nir"));
    }

    static void writeIdx(Path f, int magic, int[] dims, byte[] data) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(f))) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            out.write(data);
        }
    }

    private static void run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
        if (code != 0) throw new IllegalStateException("preparing fixtures: snn " + String.join(" ", args) + " failed: " + err);
    }

    /** A Keras 3 archive: channels-last conv (3 filters, 3x3, same) -> flatten -> dense 2 on 28x28x1 inputs. */
    static Path writeKeras3(Path dir) throws IOException {
        Path weights = dir.resolve("model.weights.h5");
        float[][][][] kernel = new float[3][3][1][3];
        float v = 0.01f;
        for (float[][][] a : kernel) for (float[][] b : a) for (float[] c : b) for (int i = 0; i < c.length; i++) c[i] = v = -v * 1.07f;
        float[][] dense = new float[28 * 28 * 3][2];
        for (int i = 0; i < dense.length; i++) {
            dense[i][0] = (i % 7 - 3) * 0.05f;
            dense[i][1] = (i % 5 - 2) * 0.04f;
        }
        try (WritableHdfFile h = HdfFile.write(weights)) {
            WritableGroup layers = h.putGroup("layers");
            WritableGroup conv = layers.putGroup("conv").putGroup("vars");
            conv.putDataset("0", kernel);
            conv.putDataset("1", new float[] {0.1f, -0.1f, 0.05f});
            WritableGroup d = layers.putGroup("dense").putGroup("vars");
            d.putDataset("0", dense);
            d.putDataset("1", new float[] {0.2f, -0.3f});
        }
        String shape = "[null, 28, 28, 1]";
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": ["
            + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"input\", \"batch_shape\": " + shape + "}}, "
            + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"filters\": 3, \"kernel_size\": [3, 3],"
            + " \"strides\": [1, 1], \"padding\": \"same\", \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1],"
            + " \"activation\": \"relu\", \"use_bias\": true}}, "
            + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\", \"data_format\": \"channels_last\"}}, "
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 2, \"activation\": \"linear\", \"use_bias\": true}}]}}";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("config.json", config.getBytes(StandardCharsets.UTF_8));
        entries.put("model.weights.h5", Files.readAllBytes(weights));
        Path file = dir.resolve("model.keras");
        Files.write(file, Mutators.zip(entries, true));
        Files.delete(weights);
        return file;
    }
}
