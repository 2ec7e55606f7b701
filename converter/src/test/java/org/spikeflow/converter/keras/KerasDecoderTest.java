package org.spikeflow.converter.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.converter.ModelException;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.ConvTransposeProjection;
import org.spikeflow.graph.LinearResizeProjection;
import org.spikeflow.graph.Network;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decoder layers of a Keras UNet (Conv2DTranspose, UpSampling2D, Concatenate) in HDF5 files written by the test. */
class KerasDecoderTest {
    /** A functional Keras 2 model: layers given as {@code name -> "ClassName", config-json, inbound names...}. */
    private static Path write(Path file, String[][] layers, Map<String, Object[]> weights) {
        StringBuilder cfg = new StringBuilder("{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": [");
        for (int i = 0; i < layers.length; i++) {
            String[] l = layers[i];
            StringBuilder in = new StringBuilder();
            for (int k = 3; k < l.length; k++) in.append(k > 3 ? ", " : "").append("[\"").append(l[k]).append("\", 0, 0, {}]");
            cfg.append(i > 0 ? ", " : "").append("{\"name\": \"").append(l[0]).append("\", \"class_name\": \"").append(l[1])
                .append("\", \"config\": {\"name\": \"").append(l[0]).append("\"").append(l[2].isEmpty() ? "" : ", " + l[2])
                .append("}, \"inbound_nodes\": ").append(l.length > 3 ? "[[" + in + "]]" : "[]").append("}");
        }
        String last = layers[layers.length - 1][0];
        cfg.append("], \"input_layers\": [[\"input\", 0, 0]], \"output_layers\": [[\"").append(last).append("\", 0, 0]]}}");
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putAttribute("model_config", cfg.toString());
            h.putAttribute("backend", "tensorflow");
            WritableGroup mw = h.putGroup("model_weights");
            for (Map.Entry<String, Object[]> e : weights.entrySet()) {
                String layer = e.getKey();
                WritableGroup g = mw.putGroup(layer);
                String[] names = e.getValue().length == 1 ? new String[] {layer + "/kernel:0"} : new String[] {layer + "/kernel:0", layer + "/bias:0"};
                g.putAttribute("weight_names", names);
                WritableGroup inner = g.putGroup(layer);
                inner.putDataset("kernel:0", e.getValue()[0]);
                if (e.getValue().length > 1) inner.putDataset("bias:0", e.getValue()[1]);
            }
        }
        return file;
    }

    private static final String INPUT_2x2x2 = "\"batch_input_shape\": [null, 2, 2, 2]";

    /** Keras kernel (kh, kw, filters, in) with values {@code (ky * k + kx + 1) * (ci + 1) * (co == 0 ? 1 : -0.5)}. */
    private static float[][][][] kernel(int k, int cout, int cin) {
        float[][][][] w = new float[k][k][cout][cin];
        for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
                for (int co = 0; co < cout; co++)
                    for (int ci = 0; ci < cin; ci++) w[ky][kx][co][ci] = (ky * k + kx + 1) * (ci + 1) * (co == 0 ? 1f : -0.5f);
        return w;
    }

    /**
     * The transposed convolution by its definition: input (iy, ix) adds {@code x * w[ky][kx][co][ci]} to output
     * {@code (iy * s - top + ky, ix * s - top + kx)} when that lies inside the {@code out x out} output.
     */
    private static float[] scatter(float[] x, int in, int cin, float[][][][] w, int k, int cout, int s, int top, int out, float[] bias) {
        float[] y = new float[out * out * cout];
        for (int p = 0; p < out * out; p++) for (int co = 0; co < cout; co++) y[p * cout + co] = bias[co];
        for (int iy = 0; iy < in; iy++)
            for (int ix = 0; ix < in; ix++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++) {
                        int oy = iy * s - top + ky, ox = ix * s - top + kx;
                        if (oy < 0 || ox < 0 || oy >= out || ox >= out) continue;
                        for (int co = 0; co < cout; co++)
                            for (int ci = 0; ci < cin; ci++) y[(oy * out + ox) * cout + co] += x[(iy * in + ix) * cin + ci] * w[ky][kx][co][ci];
                    }
        return y;
    }

    @Test
    void conv2dTransposeFollowsTensorFlowsOutputSizeAndPadding(@TempDir Path dir) {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8}; // 2x2 positions of 2 channels, channels last
        float[] bias = {0.5f, -0.25f};
        // {kernel, stride, padding, output size, top padding}: valid k2 s2 -> 4 (no overlap); same k3 s2 -> 2 * 2 = 4 with
        // TensorFlow's padding total max((2-1)*2 + 3 - 4, 0) = 1, none at the top; same k3 s1 -> 2 with 1 at the top;
        // valid k3 s2 -> (2-1)*2 + 3 = 5.
        Object[][] cases = {{2, 2, "valid", 4, 0}, {3, 2, "same", 4, 0}, {3, 1, "same", 2, 1}, {3, 2, "valid", 5, 0}};
        for (Object[] cs : cases) {
            int k = (int) cs[0], s = (int) cs[1], out = (int) cs[3], top = (int) cs[4];
            String pad = (String) cs[2];
            float[][][][] w = kernel(k, 2, 2);
            Map<String, Object[]> weights = new LinkedHashMap<>();
            weights.put("up", new Object[] {w, bias});
            Path f = write(dir.resolve("t" + k + s + pad + ".h5"), new String[][] {
                {"input", "InputLayer", INPUT_2x2x2},
                {"up", "Conv2DTranspose", "\"filters\": 2, \"kernel_size\": [" + k + ", " + k + "], \"strides\": [" + s + ", " + s
                    + "], \"padding\": \"" + pad + "\", \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1],"
                    + " \"output_padding\": null, \"activation\": \"linear\", \"use_bias\": true", "input"}}, weights);
            Network net = KerasImporter.load(f);
            assertEquals(out, net.output().shape().height(), k + "/" + s + "/" + pad);
            assertTrue(net.projections().stream().anyMatch(p -> p instanceof ConvTransposeProjection));
            assertArrayEquals(scatter(x, 2, 2, w, k, 2, s, top, out, bias), new AnalogForward(net).logits(x), 1e-5f, k + "/" + s + "/" + pad);
        }
    }

    @Test
    void upSamplingRepeatsOrInterpolatesAtHalfPixelCentres(@TempDir Path dir) {
        float[] x = {1, 2, 3, 4};
        float[][][][] one = {{{{1f}}}};
        float[][] expected = {
            {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
            // tf.image.resize(method="bilinear") of [[1, 2], [3, 4]] to 4x4 (the PyTorch align_corners=False table)
            {1f, 1.25f, 1.75f, 2f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3f, 3.25f, 3.75f, 4f}};
        String[] modes = {"nearest", "bilinear"};
        for (int m = 0; m < 2; m++) {
            Map<String, Object[]> weights = new LinkedHashMap<>();
            weights.put("head", new Object[] {one});
            Path f = write(dir.resolve(modes[m] + ".h5"), new String[][] {
                {"input", "InputLayer", "\"batch_input_shape\": [null, 2, 2, 1]"},
                {"relu", "ReLU", "", "input"},
                {"up", "UpSampling2D", "\"size\": [2, 2], \"data_format\": \"channels_last\", \"interpolation\": \"" + modes[m] + "\"", "relu"},
                {"head", "Conv2D", "\"filters\": 1, \"kernel_size\": [1, 1], \"strides\": [1, 1], \"padding\": \"valid\","
                    + " \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"activation\": \"linear\", \"use_bias\": false", "up"}}, weights);
            Network net = KerasImporter.load(f);
            assertEquals(m == 1, net.projections().stream().anyMatch(p -> p instanceof LinearResizeProjection), modes[m]);
            assertArrayEquals(expected[m], new AnalogForward(net).logits(x), 1e-6f, modes[m]);
        }
    }

    @Test
    void aSkipConcatenationFeedsTheHeadBesideTheDecoder(@TempDir Path dir) {
        // input 4x4x1 -> e = relu(conv1x1 * 1) -> max pool 2 -> Conv2DTranspose k2 s2 + relu (1 filter, kernel [[1, 2], [3, 4]])
        // -> Concatenate([up, e]) -> Conv2D 1x1 weights (1, 10): head = up + 10 e.
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) x[i] = (i * 7 % 16) / 4f;
        float[][][][] t = {{{{1f}}, {{2f}}}, {{{3f}}, {{4f}}}};
        Map<String, Object[]> weights = new LinkedHashMap<>();
        weights.put("e", new Object[] {new float[][][][] {{{{1f}}}}});
        weights.put("up", new Object[] {t});
        weights.put("head", new Object[] {new float[][][][] {{{{1f}, {10f}}}}});
        String conv1 = "\"kernel_size\": [1, 1], \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\","
            + " \"dilation_rate\": [1, 1], \"use_bias\": false";
        Path f = write(dir.resolve("unet.h5"), new String[][] {
            {"input", "InputLayer", "\"batch_input_shape\": [null, 4, 4, 1]"},
            {"e", "Conv2D", "\"filters\": 1, \"activation\": \"relu\", " + conv1, "input"},
            {"pool", "MaxPooling2D", "\"pool_size\": [2, 2], \"strides\": [2, 2], \"padding\": \"valid\", \"data_format\": \"channels_last\"", "e"},
            {"up", "Conv2DTranspose", "\"filters\": 1, \"kernel_size\": [2, 2], \"strides\": [2, 2], \"padding\": \"same\","
                + " \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1], \"activation\": \"relu\", \"use_bias\": false", "pool"},
            {"cat", "Concatenate", "\"axis\": -1", "up", "e"},
            {"head", "Conv2D", "\"filters\": 1, \"activation\": \"linear\", " + conv1, "cat"}}, weights);
        Network net = KerasImporter.load(f);
        float[] y = new AnalogForward(net).logits(x);
        for (int oy = 0; oy < 4; oy++)
            for (int ox = 0; ox < 4; ox++) {
                float pooled = 0;
                for (int a = 0; a < 2; a++)
                    for (int b = 0; b < 2; b++) pooled = Math.max(pooled, x[(oy / 2 * 2 + a) * 4 + ox / 2 * 2 + b]);
                float up = pooled * t[oy % 2][ox % 2][0][0];
                assertEquals(up + 10 * x[oy * 4 + ox], y[oy * 4 + ox], 1e-5f, "pixel " + oy + "," + ox);
            }
        // Concatenating along another axis than the channels is refused by name.
        Path bad = write(dir.resolve("bad.h5"), new String[][] {
            {"input", "InputLayer", "\"batch_input_shape\": [null, 4, 4, 1]"},
            {"e", "Conv2D", "\"filters\": 1, \"activation\": \"relu\", " + conv1, "input"},
            {"cat", "Concatenate", "\"axis\": 1", "e", "e"}}, Map.of("e", new Object[] {new float[][][][] {{{{1f}}}}}));
        ModelException e = assertThrows(ModelException.class, () -> KerasImporter.load(bad));
        assertTrue(e.getMessage().contains("'cat'") && e.getMessage().contains("axis 1"), e.getMessage());
    }
}
