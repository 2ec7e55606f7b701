package org.spikeflow.converter.onnx;

import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spikeflow.converter.onnx.OnnxSemanticsTest.info;
import static org.spikeflow.converter.onnx.OnnxSemanticsTest.ints;
import static org.spikeflow.converter.onnx.OnnxSemanticsTest.node;
import static org.spikeflow.converter.onnx.OnnxSemanticsTest.tensor;

/**
 * Operator variants across opsets (Gemm alpha/beta, Clip bounds as inputs or attributes, Reshape with a
 * shape input, MatMul followed by a bias Add, channel Concat), each against a hand computation.
 */
class OnnxOperatorSemanticsTest {

    private static Path save(Path dir, Onnx.GraphProto.Builder g, long opset) throws Exception {
        Path f = dir.resolve("m" + opset + ".onnx");
        Files.write(f, Onnx.ModelProto.newBuilder().setIrVersion(7)
            .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(opset)).setGraph(g).build().toByteArray());
        return f;
    }

    private static Onnx.AttributeProto f(String name, float v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    private static Onnx.AttributeProto i(String name, long v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static Onnx.TensorProto int64(String name, long[] v, long... dims) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(7);
        for (long x : v) t.addInt64Data(x);
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    /** h = clip(alpha * x W + beta * b, 0, 1); y = h V (no transB: W is in x out). */
    private static double[] gemmClipReference(float[] x, float[] w, float[] b, float alpha, float beta, float[] v) {
        double[] h = new double[3];
        for (int j = 0; j < 3; j++) {
            double s = beta * b[j];
            for (int k = 0; k < 2; k++) s += alpha * x[k] * w[k * 3 + j];
            h[j] = Math.min(1, Math.max(0, s));
        }
        double[] y = new double[2];
        for (int j = 0; j < 2; j++) for (int k = 0; k < 3; k++) y[j] += h[k] * v[k * 2 + j];
        return y;
    }

    @Test
    void gemmAlphaBetaAndClipBoundsAsInputsCapTheActivation(@TempDir Path dir) throws Exception {
        float[] w = {2, -1, 0.5f, 1, 3, -0.25f}, b = {0.1f, 0.2f, -0.3f}, v = {1, -1, 0.5f, 2, -1, 1};
        float alpha = 0.5f, beta = 2f;
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2)).addOutput(info("y", 2))
            .addInitializer(tensor("w", w, 2, 3)).addInitializer(tensor("b", b, 3)).addInitializer(tensor("v", v, 3, 2))
            .addInitializer(tensor("lo", new float[] {0f})).addInitializer(tensor("hi", new float[] {1f}))
            .addNode(node("Gemm", "fc1", new String[] {"x", "w", "b"}, "h", f("alpha", alpha), f("beta", beta)))
            .addNode(node("Clip", "clip", new String[] {"h", "lo", "hi"}, "c"))
            .addNode(node("Gemm", "fc2", new String[] {"c", "v"}, "y"));
        AnalogForward fwd = new AnalogForward(OnnxImporter.load(save(dir, g, 13)));
        // The first sample saturates the cap in unit 0 (0.5*(2*1.5+1*0.5)+0.2 = 1.95 -> 1) and rectifies unit 2.
        for (float[] x : new float[][] {{1.5f, 0.5f}, {0.2f, 0.1f}, {0.4f, -0.6f}}) {
            double[] ref = gemmClipReference(x, w, b, alpha, beta, v);
            float[] y = fwd.logits(x);
            for (int j = 0; j < 2; j++) assertEquals(ref[j], y[j], 1e-5, "logit " + j + " of " + x[0] + "," + x[1]);
        }
    }

    @Test
    void clipBoundsAsAttributesInOpset6AgreeWithBoundsAsInputs(@TempDir Path dir) throws Exception {
        float[] w = {2, -1, 0.5f, 1, 3, -0.25f}, b = {0.1f, 0.2f, -0.3f}, v = {1, -1, 0.5f, 2, -1, 1};
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2)).addOutput(info("y", 2))
            .addInitializer(tensor("w", w, 2, 3)).addInitializer(tensor("b", b, 3)).addInitializer(tensor("v", v, 3, 2))
            .addNode(node("Gemm", "fc1", new String[] {"x", "w", "b"}, "h"))
            .addNode(node("Clip", "clip", new String[] {"h"}, "c", f("min", 0f), f("max", 1f)))
            .addNode(node("Gemm", "fc2", new String[] {"c", "v"}, "y"));
        AnalogForward fwd = new AnalogForward(OnnxImporter.load(save(dir, g, 6)));
        float[] x = {1.5f, 0.5f};
        double[] ref = gemmClipReference(x, w, b, 1f, 1f, v);
        float[] y = fwd.logits(x);
        assertEquals(ref[0], y[0], 1e-5);
        assertEquals(ref[1], y[1], 1e-5);
    }

    @Test
    void reshapeWithAShapeInputThenMatMulAndAddIsADenseLayerWithBias(@TempDir Path dir) throws Exception {
        // x: 2x2x2 (CHW) -> Reshape(shape input [1, -1]) -> 8 values in C,H,W order -> MatMul 8x2 -> Add bias.
        float[] m = new float[8 * 2];
        for (int k = 0; k < m.length; k++) m[k] = (float) Math.cos(k * 0.7);
        float[] bias = {0.3f, -0.4f};
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2, 2, 2)).addOutput(info("y", 2))
            .addInitializer(int64("shape", new long[] {1, -1}, 2)).addInitializer(tensor("m", m, 8, 2))
            .addInitializer(tensor("bias", bias, 2))
            .addNode(node("Reshape", "reshape", new String[] {"x", "shape"}, "r"))
            .addNode(node("MatMul", "matmul", new String[] {"r", "m"}, "p"))
            .addNode(node("Add", "add", new String[] {"p", "bias"}, "y"));
        Network net = OnnxImporter.load(save(dir, g, 14));
        float[] chw = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
        float[] y = new AnalogForward(net).logits(Dataset.toHwc(chw, net.input().shape()));
        for (int j = 0; j < 2; j++) {
            double e = bias[j];
            for (int k = 0; k < 8; k++) e += chw[k] * m[k * 2 + j];
            assertEquals(e, y[j], 1e-5, "logit " + j);
        }
    }

    @Test
    void channelConcatOfTwoConvolutionsFeedsTheNextLayerInChannelOrder(@TempDir Path dir) throws Exception {
        // x: 1x2x2. a = relu(conv1x1 with weight 1 and bias -0.25), b = relu(conv1x1 with weight -1 and bias 1).
        // cat(a, b) -> 2x2x2; Flatten (CHW) -> Gemm(transB) -> 1 logit.
        float[] g8 = {1, 2, 3, 4, -1, -2, -3, -4};
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 1, 2, 2)).addOutput(info("y", 1))
            .addInitializer(tensor("wa", new float[] {1f}, 1, 1, 1, 1)).addInitializer(tensor("ba", new float[] {-0.25f}, 1))
            .addInitializer(tensor("wb", new float[] {-1f}, 1, 1, 1, 1)).addInitializer(tensor("bb", new float[] {1f}, 1))
            .addInitializer(tensor("g", g8, 1, 8))
            .addNode(node("Conv", "ca", new String[] {"x", "wa", "ba"}, "a0", ints("kernel_shape", 1, 1)))
            .addNode(node("Relu", "ra", new String[] {"a0"}, "a"))
            .addNode(node("Conv", "cb", new String[] {"x", "wb", "bb"}, "b0", ints("kernel_shape", 1, 1)))
            .addNode(node("Relu", "rb", new String[] {"b0"}, "b"))
            .addNode(node("Concat", "cat", new String[] {"a", "b"}, "c", i("axis", 1)))
            .addNode(node("Flatten", "flat", new String[] {"c"}, "f"))
            .addNode(node("Gemm", "fc", new String[] {"f", "g"}, "y", i("transB", 1)));
        Network net = OnnxImporter.load(save(dir, g, 13));
        float[] x = {0.1f, 0.5f, 0.9f, 1.2f};
        double e = 0;
        for (int p = 0; p < 4; p++) {
            e += g8[p] * Math.max(0, x[p] - 0.25);        // channel a first
            e += g8[4 + p] * Math.max(0, 1 - x[p]);       // then channel b
        }
        float[] y = new AnalogForward(net).logits(Dataset.toHwc(x, net.input().shape()));
        assertEquals(e, y[0], 1e-5);
    }
}
