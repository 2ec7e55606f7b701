package org.spikeflow.converter.onnx;

import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.converter.ModelException;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikeflow.converter.onnx.OnnxSemanticsTest.info;
import static org.spikeflow.converter.onnx.OnnxSemanticsTest.ints;
import static org.spikeflow.converter.onnx.OnnxSemanticsTest.node;
import static org.spikeflow.converter.onnx.OnnxSemanticsTest.save;
import static org.spikeflow.converter.onnx.OnnxSemanticsTest.tensor;

/** The decoder operations of a UNet (ConvTranspose, Resize, Pad, Sigmoid) against hand computations. */
class OnnxUpsamplingTest {

    private static float[] run(Network net, float[] chw) {
        float[] y = new AnalogForward(net).logits(Dataset.toHwc(chw, net.input().shape()));
        return Dataset.toChw(y, net.output().shape());
    }

    private static Onnx.AttributeProto i(String name, long v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static Onnx.AttributeProto s(String name, String v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
            .setS(org.nd4j.shade.protobuf.ByteString.copyFromUtf8(v)).build();
    }

    /**
     * ConvTranspose as the ONNX operator defines it, written from the formula: {@code y[co][oy][ox] = b[co] +
     * sum x[ci][iy][ix] * w[ci][co][ky][kx]} over {@code oy = iy*s - pad + ky*d}.
     */
    private static float[] convTransposeReference(float[] x, int cin, int h, int w, float[] wt, int cout, int k, int s,
                                                  int pad, int dil, int oh, int ow, float[] bias) {
        double[] y = new double[cout * oh * ow];
        for (int co = 0; co < cout; co++) for (int p = 0; p < oh * ow; p++) y[co * oh * ow + p] = bias[co];
        for (int ci = 0; ci < cin; ci++)
            for (int iy = 0; iy < h; iy++)
                for (int ix = 0; ix < w; ix++)
                    for (int co = 0; co < cout; co++)
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++) {
                                int oy = iy * s - pad + ky * dil, ox = ix * s - pad + kx * dil;
                                if (oy < 0 || ox < 0 || oy >= oh || ox >= ow) continue;
                                y[(co * oh + oy) * ow + ox] += x[(ci * h + iy) * w + ix] * wt[((ci * cout + co) * k + ky) * k + kx];
                            }
        float[] f = new float[y.length];
        for (int j = 0; j < y.length; j++) f[j] = (float) y[j];
        return f;
    }

    @Test
    void convTransposeKernel2Stride2MatchesHandComputation(@TempDir Path dir) throws Exception {
        // x: 2 channels of 1x2: [1, 2] and [3, 4]; w[ci][0] = [[1, 2], [3, 4]] for ci 0 and 10x that for ci 1; bias 0.5.
        // Output 1 x 2 x 4: columns 2*ix + kx, rows ky; value sum_ci x[ci][ix] * w[ci][ky][kx] + 0.5.
        float[] w = {1, 2, 3, 4, 10, 20, 30, 40};
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2, 1, 2)).addOutput(info("y", 1, 2, 4))
            .addInitializer(tensor("w", w, 2, 1, 2, 2)).addInitializer(tensor("b", new float[] {0.5f}, 1))
            .addNode(node("ConvTranspose", "up", new String[] {"x", "w", "b"}, "y", ints("kernel_shape", 2, 2), ints("strides", 2, 2)));
        Network net = OnnxImporter.load(save(dir, g));
        float[] y = run(net, new float[] {1, 2, 3, 4});
        // ix 0: 1*w0 + 3*w1 = 31 * [1, 2, 3, 4]; ix 1: 2*w0 + 4*w1 = 42 * [1, 2, 3, 4]
        float[] e = {31.5f, 62.5f, 42.5f, 84.5f, 93.5f, 124.5f, 126.5f, 168.5f};
        for (int j = 0; j < e.length; j++) assertEquals(e[j], y[j], 1e-4, "output " + j);
    }

    @Test
    void convTransposeWithPadsOutputPaddingAndDilationMatchesTheOperatorFormula(@TempDir Path dir) throws Exception {
        // 3 -> 2 channels, 3x3 kernel, stride 2, pads 1, output_padding 1, dilation 1: 4x4 -> 8x8.
        // And the same with dilation 2 and no output padding: (4-1)*2 - 2 + 2*2 + 1 = 9.
        for (int[] cfg : new int[][] {{1, 1, 8}, {2, 0, 9}}) {
            int dil = cfg[0], op = cfg[1], out = cfg[2];
            SplittableRandom r = new SplittableRandom(dil);
            float[] w = new float[3 * 2 * 9];
            for (int j = 0; j < w.length; j++) w[j] = (float) (r.nextDouble() - 0.5);
            float[] b = {0.1f, -0.2f};
            float[] x = new float[3 * 16];
            for (int j = 0; j < x.length; j++) x[j] = (float) r.nextDouble();
            Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 3, 4, 4))
                .addOutput(info("y", 2, out, out)).addInitializer(tensor("w", w, 3, 2, 3, 3)).addInitializer(tensor("b", b, 2))
                .addNode(node("ConvTranspose", "up", new String[] {"x", "w", "b"}, "y", ints("kernel_shape", 3, 3),
                    ints("strides", 2, 2), ints("pads", 1, 1, 1, 1), ints("output_padding", op, op), ints("dilations", dil, dil)));
            Network net = OnnxImporter.load(save(dir, g));
            assertEquals(out, net.output().shape().height());
            float[] y = run(net, x);
            float[] e = convTransposeReference(x, 3, 4, 4, w, 2, 3, 2, 1, dil, out, out, b);
            for (int j = 0; j < e.length; j++) assertEquals(e[j], y[j], 1e-5, "dilation " + dil + " output " + j);
        }
    }

    @Test
    void groupedConvTransposeKeepsGroupsApart(@TempDir Path dir) throws Exception {
        // 2 channels, 2 groups, 1 output channel per group, 1x1 kernel: y0 = 2 * x0, y1 = -3 * x1.
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2, 1, 1)).addOutput(info("y", 2, 1, 1))
            .addInitializer(tensor("w", new float[] {2, -3}, 2, 1, 1, 1))
            .addNode(node("ConvTranspose", "up", new String[] {"x", "w"}, "y", ints("kernel_shape", 1, 1), i("group", 2)));
        float[] y = run(OnnxImporter.load(save(dir, g)), new float[] {5, 7});
        assertEquals(10f, y[0], 0f);
        assertEquals(-21f, y[1], 0f);
    }

    @Test
    void nearestResizeRepeatsPixelsIntoTheNextConvolution(@TempDir Path dir) throws Exception {
        // x 1x2x2 = [[1, 2], [3, 4]] -> relu -> Resize x2 nearest (opset 13: X, roi, scales) -> 1x1 conv weight 10.
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 2, 2)).addOutput(info("y", 1, 4, 4))
            .addInitializer(tensor("scales", new float[] {1, 1, 2, 2}, 4)).addInitializer(tensor("w", new float[] {10}, 1, 1, 1, 1))
            .addNode(node("Relu", "r", new String[] {"x"}, "a"))
            .addNode(node("Resize", "up", new String[] {"a", "", "scales"}, "u", s("mode", "nearest")))
            .addNode(node("Conv", "c", new String[] {"u", "w"}, "y", ints("kernel_shape", 1, 1)));
        Network net = OnnxImporter.load(save(dir, g));
        float[] y = run(net, new float[] {1, 2, 3, 4});
        for (int yy = 0; yy < 4; yy++)
            for (int xx = 0; xx < 4; xx++) assertEquals(10f * (1 + (yy / 2) * 2 + xx / 2), y[yy * 4 + xx], 0f);
    }

    @Test
    void resizeToMoreElementsThanTheLimitOrAnIntHoldsIsRefusedBeforeItsGeometryIsBuilt(@TempDir Path dir) throws Exception {
        // 1x2x2 by 8192 -> 1 x 16384 x 16384 = 2^28 elements, twice --max-elements; by 2^30 -> more positions than an int holds
        for (float factor : new float[] {8192, 1 << 30}) {
            Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 2, 2)).addOutput(info("y", 1, 4, 4))
                .addInitializer(tensor("scales", new float[] {1, 1, factor, factor}, 4)).addInitializer(tensor("w", new float[] {1}, 1, 1, 1, 1))
                .addNode(node("Relu", "r", new String[] {"x"}, "a"))
                .addNode(node("Resize", "up", new String[] {"a", "", "scales"}, "u", s("mode", "nearest")))
                .addNode(node("Conv", "c", new String[] {"u", "w"}, "y", ints("kernel_shape", 1, 1)));
            Path f = save(dir, g);
            ModelException e = assertThrows(ModelException.class, () -> OnnxImporter.load(f));
            assertTrue(e.getMessage().startsWith(f + ": node 'up' (Resize): "), e.getMessage());
            assertTrue(factor == 8192 ? e.getMessage().contains("1x16384x16384 holds 268435456 elements") && e.getMessage().contains("--max-elements")
                : e.getMessage().contains("2147483648x2147483648 positions"), e.getMessage());
        }
    }

    @Test
    void resizeThatDoesNotRepeatWholePixelsIsRefusedByName(@TempDir Path dir) throws Exception {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 2, 2)).addOutput(info("y", 1, 4, 4))
            .addInitializer(tensor("scales", new float[] {1, 1, 2, 2}, 4)).addInitializer(tensor("w", new float[] {1}, 1, 1, 1, 1))
            .addNode(node("Relu", "r", new String[] {"x"}, "a"))
            .addNode(node("Resize", "up", new String[] {"a", "", "scales"}, "u", s("mode", "nearest"),
                s("coordinate_transformation_mode", "asymmetric"), s("nearest_mode", "round_prefer_ceil")))
            .addNode(node("Conv", "c", new String[] {"u", "w"}, "y", ints("kernel_shape", 1, 1)));
        ModelException e = assertThrows(ModelException.class, () -> OnnxImporter.load(save(dir, g)));
        assertTrue(e.getMessage().contains("'up'") && e.getMessage().contains("round_prefer_ceil"), e.getMessage());
        Onnx.GraphProto.Builder lin = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 2, 2)).addOutput(info("y", 1, 4, 4))
            .addInitializer(tensor("scales", new float[] {1, 1, 2, 2}, 4)).addInitializer(tensor("w", new float[] {1}, 1, 1, 1, 1))
            .addNode(node("Relu", "r", new String[] {"x"}, "a"))
            .addNode(node("Resize", "up", new String[] {"a", "", "scales"}, "u", s("mode", "cubic")))
            .addNode(node("Conv", "c", new String[] {"u", "w"}, "y", ints("kernel_shape", 1, 1)));
        ModelException l = assertThrows(ModelException.class, () -> OnnxImporter.load(save(dir, lin)));
        assertTrue(l.getMessage().contains("cubic"), l.getMessage());
    }

    /** Relu -> Resize x2 linear with the given coordinate mode (null: the default) -> 1x1 conv of weight 1, on [[1, 2], [3, 4]]. */
    private static float[] linear(Path dir, String op, String coord) throws Exception {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 2, 2)).addOutput(info("y", 1, 4, 4))
            .addInitializer(tensor("scales", new float[] {1, 1, 2, 2}, 4)).addInitializer(tensor("w", new float[] {1}, 1, 1, 1, 1))
            .addNode(node("Relu", "r", new String[] {"x"}, "a"));
        Onnx.NodeProto.Builder up = Onnx.NodeProto.newBuilder().setOpType(op).setName("up").addInput("a")
            .addOutput("u").addAttribute(s("mode", "linear"));
        if (op.equals("Resize")) up.addInput("").addInput("scales");
        else up.addInput("scales");
        if (coord != null) up.addAttribute(s("coordinate_transformation_mode", coord));
        g.addNode(up).addNode(node("Conv", "c", new String[] {"u", "w"}, "y", ints("kernel_shape", 1, 1)));
        Network net = OnnxImporter.load(save(dir, g));
        assertTrue(net.projections().stream().anyMatch(p -> p instanceof org.spikeflow.graph.LinearResizeProjection), "bilinear kind");
        return run(net, new float[] {1, 2, 3, 4});
    }

    @Test
    void linearResizeInterpolatesByItsCoordinateMode(@TempDir Path dir) throws Exception {
        // half_pixel (the Resize default; PyTorch bilinear without align_corners): rows 0 and 3 are the input rows
        // interpolated at x = -0.25, 0.25, 0.75, 1.25 (clamped), rows 1 and 2 mix them 3:1 and 1:3.
        float[] half = {1f, 1.25f, 1.75f, 2f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3f, 3.25f, 3.75f, 4f};
        float[] y = linear(dir, "Resize", null);
        for (int j = 0; j < 16; j++) assertEquals(half[j], y[j], 1e-6, "half_pixel " + j);
        y = linear(dir, "Resize", "pytorch_half_pixel");
        for (int j = 0; j < 16; j++) assertEquals(half[j], y[j], 1e-6, "pytorch_half_pixel " + j);
        // align_corners: x = o / 3.
        float t = 1f / 3;
        float[] corners = {1, 1 + t, 1 + 2 * t, 2, 1 + 2 * t, 2, 2 + t, 2 + 2 * t, 2 + t, 2 + 2 * t, 3, 3 + t, 3, 3 + t, 3 + 2 * t, 4};
        y = linear(dir, "Resize", "align_corners");
        for (int j = 0; j < 16; j++) assertEquals(corners[j], y[j], 1e-6, "align_corners " + j);
        // Upsample (opset 9) is asymmetric: x = o / 2, the last row and column repeat the edge.
        float[] asym = {1, 1.5f, 2, 2, 2, 2.5f, 3, 3, 3, 3.5f, 4, 4, 3, 3.5f, 4, 4};
        y = linear(dir, "Upsample", null);
        for (int j = 0; j < 16; j++) assertEquals(asym[j], y[j], 1e-6, "Upsample " + j);
        ModelException e = assertThrows(ModelException.class, () -> linear(dir, "Resize", "tf_crop_and_resize"));
        assertTrue(e.getMessage().contains("tf_crop_and_resize"), e.getMessage());
    }

    @Test
    void aBilinearDecoderConvertsKeepingThePixelClassesAndBothEnginesAgree(@TempDir Path dir) throws Exception {
        // x (1, 8, 8) -> conv 3x3 (2) + relu = e -> max pool 2 -> conv 3x3 (2) + relu -> Resize x2 linear -> Concat with e
        // -> conv 1x1 to 3 classes.
        SplittableRandom r = new SplittableRandom(9);
        float[] w1 = new float[2 * 9], w2 = new float[2 * 2 * 9], w3 = new float[3 * 4];
        for (float[] w : new float[][] {w1, w2, w3}) for (int j = 0; j < w.length; j++) w[j] = (float) (r.nextDouble() - 0.3);
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 8, 8)).addOutput(info("y", 3, 8, 8))
            .addInitializer(tensor("w1", w1, 2, 1, 3, 3)).addInitializer(tensor("w2", w2, 2, 2, 3, 3)).addInitializer(tensor("w3", w3, 3, 4, 1, 1))
            .addInitializer(tensor("scales", new float[] {1, 1, 2, 2}, 4))
            .addNode(node("Conv", "c1", new String[] {"x", "w1"}, "c1o", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1)))
            .addNode(node("Relu", "r1", new String[] {"c1o"}, "e"))
            .addNode(node("MaxPool", "mp", new String[] {"e"}, "p", ints("kernel_shape", 2, 2), ints("strides", 2, 2)))
            .addNode(node("Conv", "c2", new String[] {"p", "w2"}, "c2o", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1)))
            .addNode(node("Relu", "r2", new String[] {"c2o"}, "b"))
            .addNode(node("Resize", "up", new String[] {"b", "", "scales"}, "u", s("mode", "linear")))
            .addNode(node("Concat", "cat", new String[] {"u", "e"}, "k", i("axis", 1)))
            .addNode(node("Conv", "head", new String[] {"k", "w3"}, "y", ints("kernel_shape", 1, 1)));
        Network ann = OnnxImporter.load(save(dir, g));
        float[][] x = new float[20][64];
        for (float[] s : x) for (int j = 0; j < 64; j++) s[j] = (float) r.nextDouble();
        Dataset data = new Dataset("d", ann.input().shape(), x, new int[20], 3);
        Network snn = org.spikeflow.converter.snn.SpikingConversion.convert(ann, data, org.spikeflow.converter.snn.SpikingOptions.DEFAULT
            .withNorm(org.spikeflow.converter.snn.NormMode.CHANNEL_PERCENTILE).withPercentile(100), true, 1, null);
        assertTrue(snn.projections().stream().anyMatch(p -> p instanceof org.spikeflow.graph.LinearResizeProjection), "kept as its own kind");
        // The converted network's rate reading gives every pixel the ANN's class (positive rescaling per population).
        byte[] a = new byte[64], b = new byte[64];
        AnalogForward fa = new AnalogForward(ann), fs = new AnalogForward(snn);
        for (float[] s : x) {
            org.spikeflow.engine.PixelConfusion.classesOf(fa.run(s)[ann.output().id()], 3, a);
            org.spikeflow.engine.PixelConfusion.classesOf(fs.run(s)[snn.output().id()], 3, b);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        }
        org.spikeflow.engine.SimulationConfig cfg = org.spikeflow.engine.SimulationConfig.builder().timesteps(16).checkpoints(16).build();
        var dense = org.spikeflow.engine.Engines.create(org.spikeflow.engine.EngineKind.DENSE).run(snn, data, cfg);
        var event = org.spikeflow.engine.Engines.create(org.spikeflow.engine.EngineKind.EVENT).run(snn, data, cfg);
        assertTrue(dense.totalSpikes() > 0);
        for (var p : snn.populations()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(dense.counters(p.id()).spikes, event.counters(p.id()).spikes, p.name());
        }
        for (int s = 0; s < x.length; s++) org.junit.jupiter.api.Assertions.assertArrayEquals(dense.pixelPredictions()[s][0], event.pixelPredictions()[s][0]);
    }

    @Test
    void zeroPadBeforeMaxPoolAndConvIsAbsorbedAsTheirPadding(@TempDir Path dir) throws Exception {
        // x 1x2x2 = [[1, 2], [3, 4]] -> relu -> Pad 1 all round -> MaxPool 2x2 stride 1 -> 3x3 of window maxima:
        // [[1, 2, 2], [3, 4, 4], [3, 4, 4]]; then Pad 1 -> 1x1 conv weight 1 -> 5x5 with a zero border.
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 2, 2)).addOutput(info("y", 1, 5, 5))
            .addInitializer(tensor("w", new float[] {1}, 1, 1, 1, 1))
            .addNode(node("Relu", "r", new String[] {"x"}, "a"))
            .addNode(node("Pad", "p", new String[] {"a"}, "ap", ints("pads", 0, 0, 1, 1, 0, 0, 1, 1)))
            .addNode(node("MaxPool", "m", new String[] {"ap"}, "mp", ints("kernel_shape", 2, 2)))
            .addNode(node("Pad", "p2", new String[] {"mp"}, "mpp", ints("pads", 0, 0, 1, 1, 0, 0, 1, 1)))
            .addNode(node("Conv", "c", new String[] {"mpp", "w"}, "y", ints("kernel_shape", 1, 1)));
        Network net = OnnxImporter.load(save(dir, g));
        float[] y = run(net, new float[] {1, 2, 3, 4});
        float[] e = {0, 0, 0, 0, 0, 0, 1, 2, 2, 0, 0, 3, 4, 4, 0, 0, 3, 4, 4, 0, 0, 0, 0, 0, 0};
        for (int j = 0; j < e.length; j++) assertEquals(e[j], y[j], 0f, "output " + j);
    }

    @Test
    void padFeedingAnythingElseAndSigmoidInsideAreRefused(@TempDir Path dir) throws Exception {
        Onnx.GraphProto.Builder pad = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 2, 2)).addOutput(info("y", 1, 4, 4))
            .addNode(node("Pad", "p", new String[] {"x"}, "xp", ints("pads", 0, 0, 1, 1, 0, 0, 1, 1)))
            .addNode(node("Relu", "r", new String[] {"xp"}, "y"));
        ModelException e = assertThrows(ModelException.class, () -> OnnxImporter.load(save(dir, pad)));
        assertTrue(e.getMessage().contains("Pad"), e.getMessage());
        Onnx.GraphProto.Builder sig = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 2, 2)).addOutput(info("y", 1, 2, 2))
            .addInitializer(tensor("w", new float[] {1}, 1, 1, 1, 1))
            .addNode(node("Conv", "c", new String[] {"x", "w"}, "a", ints("kernel_shape", 1, 1)))
            .addNode(node("Sigmoid", "s", new String[] {"a"}, "b"))
            .addNode(node("Conv", "c2", new String[] {"b", "w"}, "y", ints("kernel_shape", 1, 1)));
        ModelException s = assertThrows(ModelException.class, () -> OnnxImporter.load(save(dir, sig)));
        assertTrue(s.getMessage().contains("output"), s.getMessage());
    }

    @Test
    void sigmoidAtTheOutputIsRecordedForTheReadOut(@TempDir Path dir) throws Exception {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 2, 2)).addOutput(info("y", 1, 2, 2))
            .addInitializer(tensor("w", new float[] {2}, 1, 1, 1, 1))
            .addNode(node("Conv", "c", new String[] {"x", "w"}, "a", ints("kernel_shape", 1, 1)))
            .addNode(node("Sigmoid", "s", new String[] {"a"}, "y"));
        Network net = OnnxImporter.load(save(dir, g));
        assertEquals("sigmoid", net.metadata().get(OnnxImporter.OUTPUT_ACTIVATION));
        assertEquals(4f, run(net, new float[] {1, 2, 3, 4})[1], 0f, "logits, before the sigmoid");
    }
}
