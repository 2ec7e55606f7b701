package org.spikeflow.converter.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.converter.ModelException;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keras files written in the test with jhdf: Conv2D(3, 3x3, same, relu) -> Flatten -> Dense(2) on 4x4x2
 * inputs, as a Keras 2 .h5 (channels_last and channels_first) and as a Keras 3 .keras archive. The expected
 * logits are computed in the test with TensorFlow's conventions.
 */
class KerasFormatsTest {
    static final int H = 4, W = 4, C = 2, F = 3;

    static float[][][][] kernel() {
        float[][][][] k = new float[3][3][C][F];
        int n = 0;
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) for (int c = 0; c < C; c++) for (int f = 0; f < F; f++) k[a][b][c][f] = (float) Math.sin(++n) * 0.5f;
        return k;
    }

    static float[][] dense() {
        float[][] d = new float[H * W * F][2];
        for (int i = 0; i < d.length; i++) for (int j = 0; j < 2; j++) d[i][j] = (float) Math.cos(i * 2 + j) * 0.3f;
        return d;
    }

    static final float[] CONV_BIAS = {0.1f, -0.1f, 0.05f};
    static final float[] DENSE_BIAS = {0.2f, -0.3f};

    /** Image in HWC (channels_last). */
    static float[] image() {
        float[] x = new float[H * W * C];
        for (int i = 0; i < x.length; i++) x[i] = (i * 7 % 11) / 10f;
        return x;
    }

    /** TensorFlow semantics: 'same' 3x3 conv with zero padding 1, ReLU, flatten in (h, w, c) order, dense. */
    static float[] expected() {
        float[] x = image();
        float[][][][] k = kernel();
        float[] act = new float[H * W * F];
        for (int y = 0; y < H; y++)
            for (int xx = 0; xx < W; xx++)
                for (int f = 0; f < F; f++) {
                    double s = CONV_BIAS[f];
                    for (int a = 0; a < 3; a++)
                        for (int b = 0; b < 3; b++) {
                            int iy = y + a - 1, ix = xx + b - 1;
                            if (iy < 0 || ix < 0 || iy >= H || ix >= W) continue;
                            for (int c = 0; c < C; c++) s += k[a][b][c][f] * x[(iy * W + ix) * C + c];
                        }
                    act[(y * W + xx) * F + f] = (float) Math.max(0, s);
                }
        float[][] d = dense();
        float[] out = new float[2];
        for (int j = 0; j < 2; j++) {
            double s = DENSE_BIAS[j];
            for (int i = 0; i < act.length; i++) s += d[i][j] * act[i];
            out[j] = (float) s;
        }
        return out;
    }

    static String config(String format, boolean keras3) {
        String shape = format.equals("channels_first") ? "[null, 2, 4, 4]" : "[null, 4, 4, 2]";
        String input = keras3 ? "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"input\", \"batch_shape\": " + shape + "}}, "
            : "";
        String conv = "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"filters\": 3, \"kernel_size\": [3, 3],"
            + " \"strides\": [1, 1], \"padding\": \"same\", \"data_format\": \"" + format + "\", \"dilation_rate\": [1, 1],"
            + " \"activation\": \"relu\", \"use_bias\": true" + (keras3 ? "" : ", \"batch_input_shape\": " + shape) + "}}";
        String flat = "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\", \"data_format\": \"" + format + "\"}}";
        String dense = "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 2, \"activation\": \"linear\", \"use_bias\": true}}";
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"seq\", \"layers\": [" + input + conv + ", " + flat + ", " + dense + "]}}";
    }

    static Path writeH5(Path file, String format) {
        return writeH5WithConfig(file, config(format, false));
    }

    /** The conv -> flatten -> dense weights under any model config that names those layers. */
    static Path writeH5WithConfig(Path file, String modelConfig) {
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putAttribute("model_config", modelConfig);
            h.putAttribute("keras_version", "2.2.4");
            h.putAttribute("backend", "tensorflow");
            WritableGroup mw = h.putGroup("model_weights");
            WritableGroup conv = mw.putGroup("conv");
            conv.putAttribute("weight_names", new String[] {"conv/kernel:0", "conv/bias:0"});
            WritableGroup ci = conv.putGroup("conv");
            ci.putDataset("kernel:0", kernel());
            ci.putDataset("bias:0", CONV_BIAS);
            WritableGroup dense = mw.putGroup("dense");
            dense.putAttribute("weight_names", new String[] {"dense/kernel:0", "dense/bias:0"});
            WritableGroup di = dense.putGroup("dense");
            di.putDataset("kernel:0", dense());
            di.putDataset("bias:0", DENSE_BIAS);
        }
        return file;
    }

    static Path writeKeras3(Path dir) throws Exception {
        Path weights = dir.resolve("model.weights.h5");
        try (WritableHdfFile h = HdfFile.write(weights)) {
            WritableGroup layers = h.putGroup("layers");
            WritableGroup conv = layers.putGroup("conv").putGroup("vars");
            conv.putDataset("0", kernel());
            conv.putDataset("1", CONV_BIAS);
            WritableGroup dense = layers.putGroup("dense").putGroup("vars");
            dense.putDataset("0", dense());
            dense.putDataset("1", DENSE_BIAS);
        }
        Path file = dir.resolve("model.keras");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.write(config("channels_last", true).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("model.weights.h5"));
            z.write(Files.readAllBytes(weights));
            z.closeEntry();
        }
        return file;
    }

    @Test
    void channelsLastH5MatchesTensorFlowSemantics(@TempDir Path dir) {
        Network net = KerasImporter.load(writeH5(dir.resolve("last.h5"), "channels_last"));
        assertArrayEquals(expected(), new AnalogForward(net).logits(image()), 1e-5f);
    }

    @Test
    void channelsFirstH5FlattensInKerasOrderAndAgreesWithChannelsLast(@TempDir Path dir) {
        Network net = KerasImporter.load(writeH5(dir.resolve("first.h5"), "channels_first"));
        assertEquals(C, net.input().shape().channels());
        // The same picture given channel-first: the simulator's input is channels-last either way.
        float[] chw = Dataset.toChw(image(), net.input().shape());
        float[] y = new AnalogForward(net).logits(Dataset.toHwc(chw, net.input().shape()));
        assertArrayEquals(expected(), y, 1e-5f);
    }

    @Test
    void keras3ArchiveImports(@TempDir Path dir) throws Exception {
        Network net = KerasImporter.load(writeKeras3(dir));
        assertArrayEquals(expected(), new AnalogForward(net).logits(image()), 1e-5f);
    }

    @Test
    void archiveWhoseWeightsAreNotHdf5NamesTheArchiveAndTheEntryNotTheTemporaryCopy(@TempDir Path dir) throws Exception {
        Path good = writeKeras3(dir);
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(good.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) entries.put(e.getName(), z.getInputStream(e).readAllBytes());
        }
        byte[] w = entries.get("model.weights.h5");
        w[0] = 'X'; // the HDF5 signature broken
        Path bad = dir.resolve("bad.keras");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bad))) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        ModelException e = assertThrows(ModelException.class, () -> KerasImporter.load(bad));
        assertTrue(e.getMessage().startsWith(bad + ": model.weights.h5 is not a valid HDF5 file"), e.getMessage());
        assertTrue(!e.getMessage().contains("spikeflow-keras"), e.getMessage());
    }

    @Test
    void unsupportedKerasLayersAreListedAllAtOnce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lstm.h5");
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putAttribute("model_config", "{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
                + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\"}},"
                + "{\"class_name\": \"Activation\", \"config\": {\"name\": \"act\", \"activation\": \"tanh\"}}]}}");
            h.putGroup("model_weights");
        }
        ModelException e = assertThrows(ModelException.class, () -> KerasImporter.load(f));
        assertTrue(e.getMessage().contains("LSTM (layer 'lstm_1')") && e.getMessage().contains("Activation tanh (layer 'act')"),
            e.getMessage());
    }

    /**
     * Functional model: one ZeroPadding2D(1) feeds two 3x3 'valid' convolutions (kernel k and -k/2 + 0.1), whose
     * ReLU outputs are added, flattened and read by the dense layer: each convolution must see the padded input,
     * so the network equals two 'same' convolutions on the raw input.
     */
    @Test
    void aZeroPaddingThatFeedsTwoLayersPadsBoth(@TempDir Path dir) {
        float[][][][] k = kernel();
        float[][][][] k2 = new float[3][3][C][F];
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) for (int c = 0; c < C; c++) for (int f = 0; f < F; f++) k2[a][b][c][f] = -k[a][b][c][f] / 2 + 0.1f;
        Path f = dir.resolve("pad2.h5");
        String conv = "\"class_name\": \"Conv2D\", \"config\": {\"name\": \"%s\", \"filters\": 3, \"kernel_size\": [3, 3],"
            + " \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1],"
            + " \"activation\": \"relu\", \"use_bias\": false}, \"inbound_nodes\": [[[\"pad\", 0, 0, {}]]]";
        String cfg = "{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": ["
            + "{\"name\": \"input\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"input\", \"batch_input_shape\": [null, 4, 4, 2]}, \"inbound_nodes\": []},"
            + "{\"name\": \"pad\", \"class_name\": \"ZeroPadding2D\", \"config\": {\"name\": \"pad\", \"padding\": [[1, 1], [1, 1]], \"data_format\": \"channels_last\"}, \"inbound_nodes\": [[[\"input\", 0, 0, {}]]]},"
            + "{\"name\": \"a\", " + String.format(conv, "a") + "},"
            + "{\"name\": \"b\", " + String.format(conv, "b") + "},"
            + "{\"name\": \"sum\", \"class_name\": \"Add\", \"config\": {\"name\": \"sum\"}, \"inbound_nodes\": [[[\"a\", 0, 0, {}], [\"b\", 0, 0, {}]]]},"
            + "{\"name\": \"flatten\", \"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\", \"data_format\": \"channels_last\"}, \"inbound_nodes\": [[[\"sum\", 0, 0, {}]]]},"
            + "{\"name\": \"dense\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 2, \"activation\": \"linear\", \"use_bias\": true}, \"inbound_nodes\": [[[\"flatten\", 0, 0, {}]]]}"
            + "], \"input_layers\": [[\"input\", 0, 0]], \"output_layers\": [[\"dense\", 0, 0]]}}";
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putAttribute("model_config", cfg);
            h.putAttribute("backend", "tensorflow");
            WritableGroup mw = h.putGroup("model_weights");
            for (String layer : new String[] {"a", "b"}) {
                WritableGroup g = mw.putGroup(layer);
                g.putAttribute("weight_names", new String[] {layer + "/kernel:0"});
                g.putGroup(layer).putDataset("kernel:0", layer.equals("a") ? k : k2);
            }
            WritableGroup dense = mw.putGroup("dense");
            dense.putAttribute("weight_names", new String[] {"dense/kernel:0", "dense/bias:0"});
            WritableGroup di = dense.putGroup("dense");
            di.putDataset("kernel:0", dense());
            di.putDataset("bias:0", DENSE_BIAS);
        }
        // By hand: both convolutions 'same' (zero padding 1) on the raw input, ReLU each, add, flatten (h, w, c), dense.
        float[] x = image();
        float[] act = new float[H * W * F];
        for (float[][][][] kk : new float[][][][][] {k, k2}) {
            for (int y = 0; y < H; y++)
                for (int xx = 0; xx < W; xx++)
                    for (int o = 0; o < F; o++) {
                        double sum = 0;
                        for (int a = 0; a < 3; a++)
                            for (int b = 0; b < 3; b++) {
                                int iy = y + a - 1, ix = xx + b - 1;
                                if (iy < 0 || ix < 0 || iy >= H || ix >= W) continue;
                                for (int c = 0; c < C; c++) sum += kk[a][b][c][o] * x[(iy * W + ix) * C + c];
                            }
                        act[(y * W + xx) * F + o] += (float) Math.max(0, sum);
                    }
        }
        float[][] d = dense();
        float[] expected = new float[2];
        for (int j = 0; j < 2; j++) {
            double sum = DENSE_BIAS[j];
            for (int i = 0; i < act.length; i++) sum += d[i][j] * act[i];
            expected[j] = (float) sum;
        }
        Network net = KerasImporter.load(f);
        assertArrayEquals(expected, new AnalogForward(net).logits(image()), 1e-5f);
    }

    @Test
    void softmaxBeforeTheOutputIsRefused(@TempDir Path dir) {
        Path f = writeH5WithConfig(dir.resolve("mid.h5"),
            config("channels_last", false).replace("\"activation\": \"relu\"", "\"activation\": \"softmax\""));
        ModelException e = assertThrows(ModelException.class, () -> KerasImporter.load(f));
        assertTrue(e.getMessage().contains("softmax") && e.getMessage().contains("'conv'"), e.getMessage());
    }

    @Test
    void truncatedH5IsReportedClearly(@TempDir Path dir) throws Exception {
        Path f = writeH5(dir.resolve("whole.h5"), "channels_last");
        byte[] b = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length / 3));
        ModelException e = assertThrows(ModelException.class, () -> KerasImporter.load(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    }
}
