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
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putAttribute("model_config", config(format, false));
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
