package org.spikeflow.converter.onnx;

import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.protobuf.ByteString;
import org.spikeflow.converter.ModelException;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.PopulationKind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiny hand-built ONNX models whose outputs are computed independently in the test. */
class OnnxSemanticsTest {

    static Onnx.TensorProto tensor(String name, float[] v, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(1).setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    static Onnx.ValueInfoProto info(String name, long... dims) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
            .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    static Onnx.NodeProto node(String op, String name, String[] in, String out, Onnx.AttributeProto... attrs) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out);
        for (String i : in) n.addInput(i);
        for (Onnx.AttributeProto a : attrs) n.addAttribute(a);
        return n.build();
    }

    static Onnx.AttributeProto ints(String name, long... v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    static Path save(Path dir, Onnx.GraphProto.Builder g) throws Exception {
        Path f = dir.resolve("m.onnx");
        Files.write(f, Onnx.ModelProto.newBuilder().setIrVersion(7)
            .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build().toByteArray());
        return f;
    }

    @Test
    void convBatchNormReluFlattenGemmMatchAHandComputation(@TempDir Path dir) throws Exception {
        // Input 1x3x3; conv 2x1x2x2 (no padding, stride 1) -> 2x2x2; BN; ReLU; Flatten (CHW) -> 8; Gemm transB -> 3.
        float[] w = {1, -1, 0.5f, 2, -0.5f, 1, 1, 0.25f};
        float[] cb = {0.1f, -0.2f};
        float[] gamma = {1.5f, 0.5f}, beta = {0.1f, 0.3f}, mean = {0.2f, -0.1f}, var = {0.5f, 2f};
        float eps = 1e-3f;
        float[] gw = new float[3 * 8];
        for (int i = 0; i < gw.length; i++) gw[i] = (float) Math.sin(i + 1);
        float[] gb = {0.05f, -0.05f, 0.2f};
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t")
            .addInput(info("x", 1, 3, 3)).addOutput(info("y", 3))
            .addInitializer(tensor("w", w, 2, 1, 2, 2)).addInitializer(tensor("cb", cb, 2))
            .addInitializer(tensor("g", gamma, 2)).addInitializer(tensor("b", beta, 2))
            .addInitializer(tensor("m", mean, 2)).addInitializer(tensor("v", var, 2))
            .addInitializer(tensor("gw", gw, 3, 8)).addInitializer(tensor("gb", gb, 3))
            .addNode(node("Conv", "conv", new String[] {"x", "w", "cb"}, "c", ints("kernel_shape", 2, 2)))
            .addNode(node("BatchNormalization", "bn", new String[] {"c", "g", "b", "m", "v"}, "n",
                Onnx.AttributeProto.newBuilder().setName("epsilon").setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(eps).build()))
            .addNode(node("Relu", "relu", new String[] {"n"}, "r"))
            .addNode(node("Flatten", "flat", new String[] {"r"}, "f"))
            .addNode(node("Gemm", "fc", new String[] {"f", "gw", "gb"}, "y",
                Onnx.AttributeProto.newBuilder().setName("transB").setType(Onnx.AttributeProto.AttributeType.INT).setI(1).build()));
        Network net = OnnxImporter.load(save(dir, g));
        assertEquals(3, net.populations().size(), "batch norm folds into the convolution: input, conv, output");

        float[] x = {0.1f, 0.9f, 0.3f, 0.7f, 0.2f, 0.8f, 0.5f, 0.4f, 0.6f};
        double[] act = new double[8]; // CHW
        for (int co = 0; co < 2; co++)
            for (int oy = 0; oy < 2; oy++)
                for (int ox = 0; ox < 2; ox++) {
                    double s = cb[co];
                    for (int ky = 0; ky < 2; ky++)
                        for (int kx = 0; kx < 2; kx++) s += w[(co * 2 + ky) * 2 + kx] * x[(oy + ky) * 3 + ox + kx];
                    s = gamma[co] * (s - mean[co]) / Math.sqrt(var[co] + eps) + beta[co];
                    act[(co * 2 + oy) * 2 + ox] = Math.max(0, s);
                }
        float[] y = new AnalogForward(net).logits(Dataset.toHwc(x, net.input().shape()));
        for (int j = 0; j < 3; j++) {
            double e = gb[j];
            for (int i = 0; i < 8; i++) e += gw[j * 8 + i] * act[i];
            assertEquals(e, y[j], 1e-5, "logit " + j);
        }
    }

    @Test
    void residualAddBecomesAMergedPopulation(@TempDir Path dir) throws Exception {
        // y = Gemm(Relu(Gemm(x)) + x): the add merges an identity projection with the dense one.
        float[] w1 = {1, 2, -1, 0.5f}, w2 = {1, 0, 0, 1};
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2)).addOutput(info("y", 2))
            .addInitializer(tensor("w1", w1, 2, 2)).addInitializer(tensor("w2", w2, 2, 2))
            .addNode(node("Relu", "r0", new String[] {"x"}, "x0"))
            .addNode(node("Gemm", "fc1", new String[] {"x0", "w1"}, "h"))
            .addNode(node("Relu", "r1", new String[] {"h"}, "hr"))
            .addNode(node("Add", "add", new String[] {"hr", "x0"}, "s"))
            .addNode(node("Relu", "r2", new String[] {"s"}, "sr"))
            .addNode(node("Gemm", "fc2", new String[] {"sr", "w2"}, "y"));
        Network net = OnnxImporter.load(save(dir, g));
        assertTrue(net.populations().stream().anyMatch(p -> p.kind() == PopulationKind.SPIKING && net.incoming(p.id()).size() == 2));
        float[] x = {0.5f, 0.25f};
        // Gemm without transB: h_j = sum_i x_i * w1[i][j].
        float h0 = Math.max(0, 1 * 0.5f + -1 * 0.25f), h1 = Math.max(0, 2 * 0.5f + 0.5f * 0.25f);
        float[] y = new AnalogForward(net).logits(x);
        assertEquals(h0 + 0.5f, y[0], 1e-6);
        assertEquals(h1 + 0.25f, y[1], 1e-6);
    }

    @Test
    void softmaxIsAcceptedAtTheOutputAndRefusedInTheMiddle(@TempDir Path dir) throws Exception {
        float[] w = {1, 2, -1, 0.5f};
        Onnx.GraphProto.Builder atEnd = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2)).addOutput(info("p", 2))
            .addInitializer(tensor("w", w, 2, 2))
            .addNode(node("Gemm", "fc", new String[] {"x", "w"}, "y"))
            .addNode(node("Softmax", "sm", new String[] {"y"}, "p"));
        Network net = OnnxImporter.load(save(dir, atEnd));
        assertEquals(2, net.output().size(), "softmax at the output is the identity for the argmax");
        Path mid = dir.resolve("mid");
        java.nio.file.Files.createDirectories(mid);
        Onnx.GraphProto.Builder inside = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2)).addOutput(info("z", 2))
            .addInitializer(tensor("w", w, 2, 2)).addInitializer(tensor("w2", w, 2, 2))
            .addNode(node("Gemm", "fc", new String[] {"x", "w"}, "y"))
            .addNode(node("Softmax", "sm", new String[] {"y"}, "p"))
            .addNode(node("Gemm", "fc2", new String[] {"p", "w2"}, "z"));
        ModelException e = assertThrows(ModelException.class, () -> OnnxImporter.load(save(mid, inside)));
        assertTrue(e.getMessage().contains("fc2") && e.getMessage().contains("Softmax"), e.getMessage());
    }

    @Test
    void readsInitializersFromAnExternalDataFile(@TempDir Path dir) throws Exception {
        float[] w = {1, 2, 3, 4, 5, 6};
        ByteBuffer b = ByteBuffer.allocate(8 + w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0L); // 8 bytes of something else before the tensor
        for (float v : w) b.putFloat(v);
        Files.write(dir.resolve("weights.bin"), b.array());
        Onnx.TensorProto ext = Onnx.TensorProto.newBuilder().setName("w").setDataType(1).addDims(2).addDims(3)
            .setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL)
            .addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
            .addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("offset").setValue("8"))
            .addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("length").setValue("24")).build();
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2)).addOutput(info("y", 3))
            .addInitializer(ext).addNode(node("MatMul", "mm", new String[] {"x", "w"}, "y"));
        Network net = OnnxImporter.load(save(dir, g));
        float[] y = new AnalogForward(net).logits(new float[] {1f, 0.5f});
        assertEquals(1 + 0.5f * 4, y[0], 1e-6);
        assertEquals(2 + 0.5f * 5, y[1], 1e-6);
        assertEquals(3 + 0.5f * 6, y[2], 1e-6);
        Files.delete(dir.resolve("weights.bin"));
        ModelException e = assertThrows(ModelException.class, () -> OnnxImporter.load(dir.resolve("m.onnx")));
        assertTrue(e.getMessage().contains("external data file") && e.getMessage().contains("missing"), e.getMessage());
    }

    private static Onnx.GraphProto.Builder external(String location, String offset, String length, long... dims) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName("w").setDataType(1)
            .setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL)
            .addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("location").setValue(location))
            .addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("offset").setValue(offset))
            .addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("length").setValue(length));
        for (long d : dims) t.addDims(d);
        return Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2)).addOutput(info("y", 3))
            .addInitializer(t).addNode(node("MatMul", "mm", new String[] {"x", "w"}, "y"));
    }

    @Test
    void externalDataIsCheckedAgainstItsFileAndTheDimsBeforeReading(@TempDir Path dir) throws Exception {
        Path inside = Files.createDirectories(dir.resolve("model"));
        Files.write(inside.resolve("weights.bin"), new byte[24]);
        Files.write(dir.resolve("secret.bin"), new byte[24]);
        String[][] cases = {
            {"weights.bin", "0", "24", "2,2147483647", "declares 4294967294 elements, more than the limit"},
            {"weights.bin", "0", "24", "2,4", "dims declare 32 bytes but its external data weights.bin has 24"},
            {"weights.bin", "16", "24", "2,3", "holds 24 bytes, fewer than offset 16 + length 24"},
            {"weights.bin", "-8", "24", "2,3", "offset -8 is negative"},
            {"weights.bin", "0", "many", "2,3", "length 'many' is not a number"},
            {"../secret.bin", "0", "24", "2,3", "outside the model's folder"},
            {"weights.bin", "0", "24", "2,-3", "negative dimension -3"}};
        for (String[] c : cases) {
            long[] dims = java.util.Arrays.stream(c[3].split(",")).mapToLong(Long::parseLong).toArray();
            Path m = save(inside, external(c[0], c[1], c[2], dims));
            ModelException e = assertThrows(ModelException.class, () -> OnnxImporter.load(m), String.join(" ", c));
            assertTrue(e.getMessage().startsWith(m.toString()) && e.getMessage().contains("tensor 'w'")
                && e.getMessage().contains(c[4]), e.getMessage());
        }
    }

    @Test
    void unsupportedOperationsAreListedAllAtOnceWithNodeNames(@TempDir Path dir) throws Exception {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 4)).addOutput(info("y", 4))
            .addNode(node("Tanh", "gate_tanh", new String[] {"x"}, "a"))
            .addNode(node("Relu", "ok_relu", new String[] {"a"}, "b"))
            .addNode(node("LSTM", "encoder_lstm", new String[] {"b"}, "y"));
        ModelException e = assertThrows(ModelException.class, () -> OnnxImporter.load(save(dir, g)));
        assertTrue(e.getMessage().contains("Tanh (node 'gate_tanh')") && e.getMessage().contains("LSTM (node 'encoder_lstm')"),
            e.getMessage());
    }

    @Test
    void truncatedModelGetsAClearMessage(@TempDir Path dir) throws Exception {
        Path fixture = org.spikeflow.testing.SharedFixtures.resolve("fixtures/fashion_mlp.onnx").orElse(null);
        byte[] bytes;
        if (fixture != null) {
            bytes = Files.readAllBytes(fixture);
        } else {
            Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t").addInput(info("x", 2)).addOutput(info("y", 2))
                .addInitializer(tensor("w", new float[] {1, 2, 3, 4}, 2, 2))
                .addNode(node("Gemm", "fc", new String[] {"x", "w"}, "y"));
            bytes = Files.readAllBytes(save(dir, g));
        }
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        ModelException e = assertThrows(ModelException.class, () -> OnnxImporter.load(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()) && (e.getMessage().contains("corrupt or truncated")
            || e.getMessage().contains("truncated")), e.getMessage());
    }
}
