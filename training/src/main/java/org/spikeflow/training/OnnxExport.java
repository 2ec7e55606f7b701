package org.spikeflow.training;

import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Writes a {@link TrainedModel} as an ONNX model (opset 13, NCHW, float32), atomically. */
public final class OnnxExport {
    private OnnxExport() {
    }

    public static Onnx.ModelProto toProto(TrainedModel m) {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName(m.name());
        g.addInput(valueInfo("input", true, m.channels(), m.height(), m.width()));
        Nodes nodes = new Nodes(m, g);
        for (LayerDef l : m.layers()) l.accept(nodes);
        g.addOutput(LayerDef.perPixel(m.layers()) ? valueInfo(nodes.x, false, m.classes(), nodes.h, nodes.w)
            : valueInfo(nodes.x, false, m.classes()));
        return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("spikeflow").setProducerVersion("0.1.0")
            .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(g).build();
    }

    /**
     * The ONNX nodes of each layer. Names follow the plan: node {@code n} of the plan writes tensor {@code t<n>};
     * parameter layers are {@code conv<p>}/{@code dense<p>} with {@code p} counting parameter layers.
     */
    private static final class Nodes implements LayerDef.Visitor {
        private final TrainedModel m;
        private final Onnx.GraphProto.Builder g;
        String x = "input";
        private int p;
        private int n;
        private int relu;
        /** Height and width of the current tensor. */
        int h;
        int w;
        /** Tensors kept by SKIP layers. */
        private final java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();

        Nodes(TrainedModel m, Onnx.GraphProto.Builder g) {
            this.m = m;
            this.g = g;
            this.h = m.height();
            this.w = m.width();
        }

        /** The output tensor of the next layer. */
        private String next() {
            return "t" + (n++);
        }

        @Override
        public void conv(LayerDef l) {
            String out = next();
            String w = "conv" + p + ".weight";
            g.addInitializer(tensor(w, m.weights().get(p), l.out(), l.in(), l.kernel(), l.kernel()));
            Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder().setOpType("Conv").setName("conv" + p)
                .addInput(x).addInput(w).addOutput(out)
                .addAttribute(ints("kernel_shape", l.kernel(), l.kernel()))
                .addAttribute(ints("pads", l.pad(), l.pad(), l.pad(), l.pad()))
                .addAttribute(ints("strides", 1, 1));
            if (m.biases().get(p) != null) {
                g.addInitializer(tensor("conv" + p + ".bias", m.biases().get(p), l.out()));
                node.addInput("conv" + p + ".bias");
            }
            g.addNode(node);
            p++;
            x = out;
        }

        @Override
        public void dense(LayerDef l) {
            String out = next();
            String w = "dense" + p + ".weight";
            // Gemm with transB=1 takes [out][in], as PyTorch exports Linear layers.
            float[] wi = m.weights().get(p);
            float[] t = new float[wi.length];
            for (int i = 0; i < l.in(); i++) for (int j = 0; j < l.out(); j++) t[j * l.in() + i] = wi[i * l.out() + j];
            g.addInitializer(tensor(w, t, l.out(), l.in()));
            Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder().setOpType("Gemm").setName("dense" + p)
                .addInput(x).addInput(w).addOutput(out).addAttribute(Onnx.AttributeProto.newBuilder()
                    .setName("transB").setType(Onnx.AttributeProto.AttributeType.INT).setI(1));
            if (m.biases().get(p) != null) {
                g.addInitializer(tensor("dense" + p + ".bias", m.biases().get(p), l.out()));
                node.addInput("dense" + p + ".bias");
            }
            g.addNode(node);
            p++;
            x = out;
        }

        @Override
        public void relu(LayerDef l) {
            String out = next();
            if (relu < m.caps().size()) {
                // A learned ceiling (QCFS): Clip(0, lambda), opset 13 takes the bounds as inputs.
                String lo = "clip" + relu + ".min", hi = "clip" + relu + ".max";
                g.addInitializer(tensor(lo, new float[] {0f}));
                g.addInitializer(tensor(hi, new float[] {m.caps().get(relu)}));
                g.addNode(Onnx.NodeProto.newBuilder().setOpType("Clip").setName("clip" + n).addInput(x).addInput(lo)
                    .addInput(hi).addOutput(out));
            } else {
                g.addNode(Onnx.NodeProto.newBuilder().setOpType("Relu").setName("relu" + n).addInput(x).addOutput(out));
            }
            relu++;
            x = out;
        }

        @Override
        public void avgPool(LayerDef l) {
            pool2x2("AveragePool");
        }

        @Override
        public void maxPool(LayerDef l) {
            pool2x2("MaxPool");
        }

        private void pool2x2(String op) {
            String out = next();
            g.addNode(Onnx.NodeProto.newBuilder().setOpType(op).setName("pool" + n)
                .addInput(x).addOutput(out).addAttribute(ints("kernel_shape", 2, 2)).addAttribute(ints("strides", 2, 2)));
            x = out;
            h /= 2;
            w /= 2;
        }

        @Override
        public void upConv(LayerDef l) {
            String out = next();
            String wt = "up" + p + ".weight", b = "up" + p + ".bias";
            g.addInitializer(tensor(wt, m.weights().get(p), l.in(), l.out(), l.kernel(), l.kernel()));
            g.addInitializer(tensor(b, m.biases().get(p), l.out()));
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("ConvTranspose").setName("up" + p)
                .addInput(x).addInput(wt).addInput(b).addOutput(out)
                .addAttribute(ints("kernel_shape", l.kernel(), l.kernel())).addAttribute(ints("strides", 2, 2)));
            p++;
            x = out;
            h *= 2;
            w *= 2;
        }

        @Override
        public void skip(LayerDef l) {
            next();
            kept.push(x);
        }

        @Override
        public void add(LayerDef l) {
            String out = next();
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("Add").setName("add" + n).addInput(x).addInput(kept.pop()).addOutput(out));
            x = out;
        }

        @Override
        public void concat(LayerDef l) {
            String out = next();
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("Concat").setName("concat" + n).addInput(x).addInput(kept.pop())
                .addOutput(out).addAttribute(Onnx.AttributeProto.newBuilder().setName("axis")
                    .setType(Onnx.AttributeProto.AttributeType.INT).setI(1)));
            x = out;
        }

        @Override
        public void flatten(LayerDef l) {
            String out = next();
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("Flatten").setName("flatten" + n).addInput(x).addOutput(out));
            x = out;
        }

        @Override
        public void globalPool(LayerDef l) {
            String out = next();
            String pooled = out + "_pooled";
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("GlobalAveragePool").setName("gap" + n).addInput(x).addOutput(pooled));
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("Flatten").setName("flatten" + n).addInput(pooled).addOutput(out));
            x = out;
        }

        @Override
        public void dropout(LayerDef l) {
            next();
        }
    }

    public static void write(TrainedModel m, Path file) throws IOException {
        org.spikeflow.io.AtomicFiles.writeBytes(file, toProto(m).toByteArray());
    }

    private static Onnx.ValueInfoProto valueInfo(String name, boolean batchDim, int... dims) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int d : dims) s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
            .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    private static Onnx.TensorProto tensor(String name, float[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(1).setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    private static Onnx.AttributeProto ints(String name, long... v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }
}
