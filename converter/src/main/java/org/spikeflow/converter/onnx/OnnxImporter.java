package org.spikeflow.converter.onnx;

import onnx.Onnx;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;
import org.spikeflow.converter.ModelException;
import org.spikeflow.converter.ann.AnnGraphBuilder;
import org.spikeflow.converter.ann.AnnGraphBuilder.Fixed;
import org.spikeflow.converter.ann.AnnGraphBuilder.Value;
import org.spikeflow.graph.Network;
import org.spikeflow.io.InputLimits;
import org.spikeflow.graph.LinearResizeProjection;
import org.spikeflow.graph.Shape;
import org.spikeflow.engine.analog.AnalogForward.Caps;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports an ONNX model (opsets 11-18) into an ANN-form event graph, parsing the protobuf with the ONNX
 * classes that ship with ND4J. Supported: Conv, Gemm, MatMul (+Add), Relu, Clip(0, x), MaxPool, AveragePool,
 * GlobalAveragePool, Flatten, Reshape (to 2-D), Add (bias or residual), Concat (channels),
 * BatchNormalization, Mul (per-channel constant), Dropout, Identity, ConvTranspose, Resize/Upsample (nearest or linear,
 * integer factors), Pad (constant zeros over H and W, absorbed by the Conv or pooling it feeds), Softmax/LogSoftmax/Sigmoid
 * at the output.
 * Initializers may live in external data files. Unsupported operations are reported all at once.
 */
public final class OnnxImporter {
    private static final Set<String> SUPPORTED = Set.of("Conv", "Gemm", "MatMul", "Relu", "Clip", "MaxPool", "AveragePool",
        "GlobalAveragePool", "Flatten", "Reshape", "Add", "Concat", "BatchNormalization", "Dropout", "Identity",
        "Softmax", "LogSoftmax", "Constant", "Mul", "ConvTranspose", "Resize", "Upsample", "Pad", "Sigmoid");
    /** Metadata key naming the output activation the model applied ({@code sigmoid}); absent for logits and softmax. */
    public static final String OUTPUT_ACTIVATION = "output.activation";

    private final Path file;
    private final Map<String, float[]> constants = new HashMap<>();
    private final Map<String, long[]> constantDims = new HashMap<>();
    private final Map<String, Value> values = new HashMap<>();
    /** Outputs of Softmax/LogSoftmax nodes: only the graph output may be one (it does not change the argmax). */
    private final java.util.Set<String> softmaxed = new java.util.HashSet<>();
    /** Outputs of Pad nodes: the padded value's zero padding (top, left, bottom, right), absorbed by its consumer. */
    private final Map<String, int[]> padded = new HashMap<>();
    private long opset = 13;

    private OnnxImporter(Path file) {
        this.file = file;
    }

    public static Network load(Path file) {
        return new OnnxImporter(file).run();
    }

    private Network run() {
        Onnx.ModelProto model = parse();
        Onnx.GraphProto g = model.getGraph();
        List<String> unsupported = new ArrayList<>();
        for (Onnx.NodeProto n : g.getNodeList()) {
            if (!SUPPORTED.contains(n.getOpType())) {
                unsupported.add(n.getOpType() + " (node '" + n.getName() + "')");
            }
        }
        if (!unsupported.isEmpty()) {
            throw new ModelException(file + ": unsupported ONNX operation" + (unsupported.size() > 1 ? "s" : "") + ": "
                + String.join(", ", unsupported));
        }
        String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        AnnGraphBuilder b = new AnnGraphBuilder(name);
        b.meta("source", file.getFileName().toString());
        b.meta("source.format", "onnx");
        b.meta("source.opset", model.getOpsetImportCount() > 0 ? Long.toString(model.getOpsetImport(0).getVersion()) : "?");
        for (Onnx.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) opset = o.getVersion();
        }
        for (Onnx.TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), floats(t));
            constantDims.put(t.getName(), dims(t));
        }
        Onnx.ValueInfoProto input = null;
        for (Onnx.ValueInfoProto vi : g.getInputList()) {
            if (!constants.containsKey(vi.getName())) {
                input = vi;
                break;
            }
        }
        if (input == null) throw new ModelException(file + ": the graph has no input");
        values.put(input.getName(), b.input("input", inputShape(input)));
        for (Onnx.NodeProto n : g.getNodeList()) {
            try {
                apply(b, n);
            } catch (ModelException e) {
                throw e.getMessage().startsWith(file.toString()) ? e
                    : new ModelException(file + ": node '" + n.getName() + "' (" + n.getOpType() + "): " + e.getMessage(), e);
            } catch (org.spikeflow.io.InvalidInputException e) {
                throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e
                    : new ModelException(file + ": node '" + n.getName() + "' (" + n.getOpType() + "): " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                // the graph's own constructors validate what the node declares (shapes, kernel sizes)
                throw new ModelException(file + ": node '" + n.getName() + "' (" + n.getOpType() + "): " + e.getMessage(), e);
            } catch (IndexOutOfBoundsException | NullPointerException | NegativeArraySizeException | ArithmeticException e) {
                throw new ModelException(file + ": node '" + n.getName() + "' (" + n.getOpType() + "): its attributes or constants"
                    + " do not fit its inputs (" + (e instanceof NullPointerException ? "a required input or attribute is missing"
                    : "a declared size or index is out of range") + ")", e);
            }
        }
        if (g.getOutputCount() != 1) throw new ModelException(file + ": expected one graph output, found " + g.getOutputCount());
        Value out = values.get(g.getOutput(0).getName());
        if (out == null) throw new ModelException(file + ": graph output '" + g.getOutput(0).getName() + "' is never computed");
        try {
            return b.build(out);
        } catch (ModelException | org.spikeflow.graph.GraphException e) {
            throw new ModelException(file + ": " + e.getMessage(), e);
        }
    }

    private Onnx.ModelProto parse() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelException(file + ": no such file");
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        }
        Onnx.ModelProto m;
        try {
            m = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelException(file + ": not a valid ONNX model (corrupt or truncated protobuf)");
        }
        if (!m.hasGraph() || m.getGraph().getNodeCount() == 0) {
            throw new ModelException(file + ": not a valid ONNX model (no graph)");
        }
        return m;
    }

    private Shape inputShape(Onnx.ValueInfoProto vi) {
        Onnx.TensorShapeProto s = vi.getType().getTensorType().getShape();
        List<Long> d = new ArrayList<>();
        for (int i = 1; i < s.getDimCount(); i++) d.add(s.getDim(i).getDimValue());
        long[] dl = d.stream().mapToLong(Long::longValue).toArray();
        if (d.stream().allMatch(x -> x > 0)) InputLimits.current().elements(file + ": graph input '" + vi.getName() + "'", dl);
        if (d.size() == 3 && d.get(0) > 0 && d.get(1) > 0 && d.get(2) > 0) {
            return Shape.chw(d.get(0).intValue(), d.get(1).intValue(), d.get(2).intValue());
        }
        if (d.size() == 1 && d.get(0) > 0) return Shape.flat(d.get(0).intValue());
        if (d.size() == 2 && d.get(0) > 0 && d.get(1) > 0) return Shape.chw(1, d.get(0).intValue(), d.get(1).intValue());
        throw new ModelException(file + ": graph input '" + vi.getName() + "' has shape " + describe(s)
            + ", unsupported (need N x C x H x W or N x D with known sizes)");
    }

    /** A tensor shape as {@code [N, 1, 28, 28]}, symbolic sizes by name and unknown ones as {@code ?}. */
    private static String describe(Onnx.TensorShapeProto s) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.getDimCount(); i++) {
            Onnx.TensorShapeProto.Dimension d = s.getDim(i);
            if (i > 0) b.append(", ");
            b.append(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.hasDimParam() && !d.getDimParam().isEmpty()
                ? d.getDimParam() : "?");
        }
        return b.append(']').toString();
    }

    private Value in(Onnx.NodeProto n, int i) {
        String name = n.getInput(i);
        if (softmaxed.contains(name)) {
            throw new ModelException("reads '" + name + "', a Softmax output: Softmax and LogSoftmax are supported only at the"
                + " graph output (where they do not change the predicted class)");
        }
        if (padded.containsKey(name)) {
            throw new ModelException("reads '" + name + "', the output of a Pad: constant zero padding is supported only"
                + " where a Conv, MaxPool or AveragePool absorbs it");
        }
        Value v = values.get(name);
        if (v == null) throw new ModelException("input '" + name + "' is not an activation computed earlier");
        return v;
    }

    /** Input 0 of a node that absorbs zero padding, with the padding of a Pad before it (or zeros). */
    private Value inPadded(Onnx.NodeProto n, int[] padOut) {
        int[] p = padded.get(n.getInput(0));
        java.util.Arrays.fill(padOut, 0);
        if (p == null) return in(n, 0);
        System.arraycopy(p, 0, padOut, 0, 4);
        Value v = values.get(n.getInput(0));
        if (v == null) throw new ModelException("input '" + n.getInput(0) + "' is not an activation computed earlier");
        return v;
    }

    private static int[] plus(int[] a, int[] b) {
        return new int[] {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]};
    }

    private float[] constant(Onnx.NodeProto n, int i) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) return null;
        float[] c = constants.get(n.getInput(i));
        if (c == null) throw new ModelException("input '" + n.getInput(i) + "' must be a constant");
        return c;
    }

    private long[] constantDims(Onnx.NodeProto n, int i) {
        return constantDims.get(n.getInput(i));
    }

    private void apply(AnnGraphBuilder b, Onnx.NodeProto n) {
        Attrs a = new Attrs(n);
        String name = n.getName().isEmpty() ? n.getOutput(0) : n.getName();
        String out = n.getOutput(0);
        switch (n.getOpType()) {
            case "Constant" -> {
                Onnx.TensorProto t = a.tensor("value");
                if (t == null) throw new ModelException("Constant without a tensor value is not supported");
                constants.put(out, floats(t));
                constantDims.put(out, dims(t));
            }
            case "Identity", "Dropout" -> {
                if (constants.containsKey(n.getInput(0))) {
                    constants.put(out, constants.get(n.getInput(0)));
                    constantDims.put(out, constantDims.get(n.getInput(0)));
                } else {
                    values.put(out, in(n, 0));
                }
            }
            case "Softmax", "LogSoftmax" -> {
                // Per-pixel classes survive only if one denominator covers every channel of a pixel: softmax over the
                // channels (opset 13+), or over everything from an axis <= 1 (earlier opsets flatten from the axis).
                long axis = a.i("axis", opset >= 13 ? -1 : 1);
                if (axis < 0) axis += 4;
                if (!in(n, 0).shape().isFlat() && (opset >= 13 ? axis != 1 : axis > 1)) {
                    throw new ModelException(n.getOpType() + " over axis " + a.i("axis", opset >= 13 ? -1 : 1)
                        + " of a C x H x W output is supported only over the channels (axis 1)");
                }
                values.put(out, in(n, 0)); // argmax-preserving at the output; refused as an input of any other node
                softmaxed.add(out);
            }
            case "Sigmoid" -> {
                // Monotone: at the output the logit decides (sigmoid > 0.5 exactly when the logit is > 0).
                values.put(out, in(n, 0));
                softmaxed.add(out);
                b.meta(OUTPUT_ACTIVATION, "sigmoid");
            }
            case "Pad" -> {
                String mode = a.s("mode", "constant");
                if (!mode.equals("constant")) throw new ModelException("only constant Pad is supported, mode is " + mode);
                float[] p = a.has("pads") ? toFloats(a.ints("pads")) : constant(n, 1);
                if (p == null) throw new ModelException("Pad without pads");
                float value = a.has("value") ? a.f("value", 0f) : scalar(n, 2, 0f);
                if (value != 0f) throw new ModelException("only zero padding is supported, the constant is " + value);
                float[] axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? constant(n, 3) : null;
                int rank = axes == null ? p.length / 2 : 4;
                float[] full = new float[2 * rank];
                if (axes == null) {
                    full = p;
                } else {
                    for (int k = 0; k < axes.length; k++) {
                        int ax = (int) axes[k] < 0 ? (int) axes[k] + 4 : (int) axes[k];
                        full[ax] = p[k];
                        full[ax + rank] = p[k + axes.length];
                    }
                }
                if (rank != 4) throw new ModelException("Pad is supported on N x C x H x W activations, got " + rank + " axes");
                for (float v : full) if (v < 0) throw new ModelException("negative padding (cropping) is not supported");
                if (full[0] != 0 || full[1] != 0 || full[4] != 0 || full[5] != 0) {
                    throw new ModelException("padding of the batch or channel axis is not supported");
                }
                int[] here = {(int) full[2], (int) full[3], (int) full[6], (int) full[7]};
                int[] before = new int[4];
                values.put(out, inPadded(n, before));
                padded.put(out, plus(before, here));
            }
            case "Relu" -> values.put(out, b.relu(name, in(n, 0)));
            case "Clip" -> {
                float lo = a.has("min") ? a.f("min", 0f) : scalar(n, 1, Float.NEGATIVE_INFINITY);
                if (lo != 0f) throw new ModelException("only Clip with min 0 (a capped ReLU) is supported, min is " + lo);
                float hi = a.has("max") ? a.f("max", Float.POSITIVE_INFINITY) : scalar(n, 2, Float.POSITIVE_INFINITY);
                AnnGraphBuilder.Fixed f = b.relu(name, in(n, 0));
                if (Float.isFinite(hi)) b.meta(Caps.KEY_PREFIX + f.population().name(), Float.toString(hi));
                values.put(out, f);
            }
            case "Conv" -> {
                long[] wd = constantDims(n, 1);
                float[] w = constant(n, 1);
                if (wd == null || wd.length != 4) throw new ModelException("only 2-D convolutions are supported");
                if (a.i("group", 1) != 1) throw new ModelException("grouped convolutions are not supported");
                int cout = (int) wd[0], cin = (int) wd[1], kh = (int) wd[2], kw = (int) wd[3];
                int[] st = a.ints("strides", 1, 1);
                int[] dl = a.ints("dilations", 1, 1);
                int[] extra = new int[4];
                Value x = inPadded(n, extra);
                int[] p = plus(pads(a, padded(x.shape(), extra), kh, kw, st, dl), extra);
                values.put(out, b.conv(name, x, w, cout, cin, kh, kw, st[0], st[1], p[0], p[1], p[2], p[3], dl[0], dl[1], constant(n, 2)));
            }
            case "ConvTranspose" -> {
                long[] wd = constantDims(n, 1);
                float[] w = constant(n, 1);
                if (wd == null || wd.length != 4) throw new ModelException("only 2-D transposed convolutions are supported");
                int groups = (int) a.i("group", 1);
                int cin = (int) wd[0], coutG = (int) wd[1], kh = (int) wd[2], kw = (int) wd[3];
                int[] st = a.ints("strides", 1, 1);
                int[] dl = a.ints("dilations", 1, 1);
                int[] op = a.ints("output_padding", 0, 0);
                Value x = in(n, 0);
                int[] p = transposedPads(a, x.shape(), new int[] {kh, kw}, st, dl, op);
                values.put(out, b.convTranspose(name, x, w, cin, coutG, groups, kh, kw, st[0], st[1], p[0], p[1], p[2], p[3],
                    dl[0], dl[1], op[0], op[1], constant(n, 2)));
            }
            case "Resize", "Upsample" -> {
                String mode = a.s("mode", "nearest");
                boolean linear = mode.equals("linear") || mode.equals("bilinear") && n.getOpType().equals("Upsample");
                if (!mode.equals("nearest") && !linear) {
                    throw new ModelException(n.getOpType() + " mode '" + mode + "' is not supported (nearest or linear)");
                }
                Value x = in(n, 0);
                int[] f = linear ? integerFactors(n, a, x.shape()) : upsamplingFactors(n, a, x.shape());
                values.put(out, f[0] == 1 && f[1] == 1 ? x : linear ? b.upsampleBilinear(name, x, f[0], f[1], linearMode(n, a))
                    : b.upsampleNearest(name, x, f[0], f[1]));
            }
            case "Gemm" -> {
                if (a.i("transA", 0) != 0) throw new ModelException("Gemm with transA is not supported");
                long[] wd = constantDims(n, 1);
                float[] bw = constant(n, 1);
                if (wd == null || wd.length != 2) throw new ModelException("Gemm needs a constant 2-D weight operand");
                boolean transB = a.i("transB", 0) != 0;
                int in = (int) (transB ? wd[1] : wd[0]);
                int outN = (int) (transB ? wd[0] : wd[1]);
                float alpha = a.f("alpha", 1f), beta = a.f("beta", 1f);
                float[] w = new float[in * outN];
                for (int i = 0; i < in; i++)
                    for (int j = 0; j < outN; j++) w[i * outN + j] = alpha * (transB ? bw[j * in + i] : bw[i * outN + j]);
                float[] c = constant(n, 2);
                float[] bias = null;
                if (c != null) {
                    bias = new float[outN];
                    for (int j = 0; j < outN; j++) bias[j] = beta * (c.length == 1 ? c[0] : c[j]);
                }
                values.put(out, b.dense(name, in(n, 0), w, in, outN, bias));
            }
            case "MatMul" -> {
                long[] wd = constantDims(n, 1);
                if (wd == null || wd.length != 2) throw new ModelException("MatMul needs a constant 2-D right operand");
                values.put(out, b.dense(name, in(n, 0), constant(n, 1), (int) wd[0], (int) wd[1], null));
            }
            case "Add" -> {
                boolean c0 = constants.containsKey(n.getInput(0));
                boolean c1 = constants.containsKey(n.getInput(1));
                if (c0 || c1) {
                    Value x = in(n, c0 ? 1 : 0);
                    float[] c = constants.get(n.getInput(c0 ? 0 : 1));
                    values.put(out, b.addBias(name, x, perChannel(c, x.shape().channels(), "Add")));
                } else {
                    values.put(out, b.add(name, in(n, 0), in(n, 1)));
                }
            }
            case "Mul" -> {
                boolean c1 = constants.containsKey(n.getInput(1));
                Value x = in(n, c1 ? 0 : 1);
                float[] c = constants.get(n.getInput(c1 ? 1 : 0));
                if (c == null) throw new ModelException("Mul of two activations is not supported");
                float[] scale = perChannel(c, x.shape().channels(), "Mul");
                values.put(out, b.affine(name, x, scale, new float[scale.length]));
            }
            case "BatchNormalization" -> {
                Value x = in(n, 0);
                float[] gamma = constant(n, 1), beta = constant(n, 2), mean = constant(n, 3), var = constant(n, 4);
                float eps = a.f("epsilon", 1e-5f);
                int c = gamma.length;
                float[] scale = new float[c], shift = new float[c];
                for (int k = 0; k < c; k++) {
                    scale[k] = (float) (gamma[k] / Math.sqrt(var[k] + (double) eps));
                    shift[k] = beta[k] - mean[k] * scale[k];
                }
                values.put(out, b.affine(name, x, scale, shift));
            }
            case "MaxPool" -> {
                int[] k = a.ints("kernel_shape");
                int[] st = a.ints("strides", 1, 1);
                int[] dl = a.ints("dilations", 1, 1);
                if (dl[0] != 1 || dl[1] != 1) throw new ModelException("dilated pooling is not supported");
                int[] extra = new int[4];
                Value x = inPadded(n, extra);
                int[] p = plus(pads(a, padded(x.shape(), extra), k[0], k[1], st, dl), extra);
                values.put(out, b.maxPool(name, relued(b, name, x), k[0], k[1], st[0], st[1], p[0], p[1], p[2], p[3], a.i("ceil_mode", 0) != 0));
            }
            case "AveragePool" -> {
                int[] k = a.ints("kernel_shape");
                int[] st = a.ints("strides", 1, 1);
                int[] extra = new int[4];
                Value x = inPadded(n, extra);
                int[] own = pads(a, padded(x.shape(), extra), k[0], k[1], st, new int[] {1, 1});
                boolean anyPad = own[0] + own[1] + own[2] + own[3] > 0; // zeros of a Pad node always count
                int[] p = plus(own, extra);
                if (anyPad && a.i("count_include_pad", 0) == 0) {
                    throw new ModelException("padded AveragePool with count_include_pad=0 is not supported");
                }
                if (a.i("ceil_mode", 0) != 0) throw new ModelException("AveragePool with ceil_mode is not supported");
                values.put(out, b.avgPool(name, relued(b, name, x), k[0], k[1], st[0], st[1], p[0], p[1], p[2], p[3]));
            }
            case "GlobalAveragePool" -> values.put(out, b.globalAvgPool(name, relued(b, name, in(n, 0))));
            case "Flatten" -> {
                if (a.i("axis", 1) != 1) throw new ModelException("Flatten with axis != 1 is not supported");
                values.put(out, b.flatten(name, in(n, 0), AnnGraphBuilder.FlattenOrder.CHW));
            }
            case "Reshape" -> {
                float[] shape = constant(n, 1);
                Value x = in(n, 0);
                boolean toFlat = shape != null && shape.length == 2
                    && (shape[1] == -1 || (int) shape[1] == x.shape().size());
                if (!toFlat) throw new ModelException("only Reshape to (N, -1) is supported");
                values.put(out, b.flatten(name, x, AnnGraphBuilder.FlattenOrder.CHW));
            }
            case "Concat" -> {
                if (a.i("axis", 1) != 1) throw new ModelException("only channel concatenation (axis 1) is supported");
                List<Value> parts = new ArrayList<>();
                for (int i = 0; i < n.getInputCount(); i++) parts.add(in(n, i));
                values.put(out, b.concat(name, parts));
            }
            default -> throw new ModelException("unsupported operation " + n.getOpType());
        }
    }

    /** Pooling reads activations; a pooled linear layer is rectified first (pooling and ReLU commute for max). */
    private static Value relued(AnnGraphBuilder b, String name, Value x) {
        return x instanceof AnnGraphBuilder.Pending ? b.relu(name + ".relu", x) : x;
    }

    private float scalar(Onnx.NodeProto n, int i, float dflt) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) return dflt;
        float[] c = constants.get(n.getInput(i));
        if (c == null || c.length != 1) throw new ModelException("input '" + n.getInput(i) + "' must be a scalar constant");
        return c[0];
    }

    private static float[] perChannel(float[] c, int channels, String op) {
        if (c.length == channels) return c.clone();
        if (c.length == 1) {
            float[] r = new float[channels];
            java.util.Arrays.fill(r, c[0]);
            return r;
        }
        throw new ModelException(op + " with a constant of " + c.length + " values for " + channels + " channels is not supported");
    }

    /** Explicit or auto padding: top, left, bottom, right. */
    private static int[] pads(Attrs a, Shape s, int kh, int kw, int[] st, int[] dl) {
        String auto = a.s("auto_pad", "NOTSET");
        if (auto.equals("NOTSET") || auto.equals("VALID")) {
            int[] p = a.ints("pads", 0, 0, 0, 0);
            if (auto.equals("VALID")) p = new int[] {0, 0, 0, 0};
            if (p.length != 4) throw new ModelException("expected 4 pads, got " + p.length);
            return new int[] {p[0], p[1], p[2], p[3]};
        }
        int[] r = new int[4];
        int[] in = {s.height(), s.width()};
        int[] k = {kh, kw};
        for (int d = 0; d < 2; d++) {
            int outSize = (in[d] + st[d] - 1) / st[d];
            int total = Math.max(0, (outSize - 1) * st[d] + (k[d] - 1) * dl[d] + 1 - in[d]);
            int small = total / 2, large = total - small;
            boolean upper = auto.equals("SAME_UPPER");
            r[d] = upper ? small : large;
            r[d + 2] = upper ? large : small;
        }
        return r;
    }

    private static Shape padded(Shape s, int[] p) {
        return Shape.chw(s.channels(), s.height() + p[0] + p[2], s.width() + p[1] + p[3]);
    }

    private static float[] toFloats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        return f;
    }

    /**
     * Pads (top, left, bottom, right) of a transposed convolution: explicit, or from {@code output_shape} or
     * {@code auto_pad} as the ONNX operator defines them.
     */
    private static int[] transposedPads(Attrs a, Shape s, int[] k, int[] st, int[] dl, int[] op) {
        String auto = a.s("auto_pad", "NOTSET");
        boolean outputShape = a.has("output_shape");
        if (!outputShape && (auto.equals("NOTSET") || auto.equals("VALID"))) {
            int[] p = auto.equals("VALID") ? new int[] {0, 0, 0, 0} : a.ints("pads", 0, 0, 0, 0);
            if (p.length != 4) throw new ModelException("expected 4 pads, got " + p.length);
            return p;
        }
        int[] in = {s.height(), s.width()};
        int[] target = new int[2];
        if (outputShape) {
            int[] os = a.ints("output_shape");
            if (os.length < 2) throw new ModelException("output_shape needs the height and width");
            target[0] = os[os.length - 2];
            target[1] = os[os.length - 1];
        } else {
            target[0] = in[0] * st[0];
            target[1] = in[1] * st[1];
        }
        int[] r = new int[4];
        for (int d = 0; d < 2; d++) {
            int total = st[d] * (in[d] - 1) + op[d] + (k[d] - 1) * dl[d] + 1 - target[d];
            if (total < 0) throw new ModelException("output_shape " + target[d] + " is larger than the kernel can reach");
            boolean upper = auto.equals("SAME_UPPER");
            r[d] = upper ? total / 2 : total - total / 2;
            r[d + 2] = upper ? total - total / 2 : total / 2;
        }
        return r;
    }

    /**
     * Integer height and width factors of a nearest Resize or Upsample, from its scales or sizes. Refused unless the
     * operator's own coordinate mapping sends every output pixel to {@code input = output / factor}.
     */
    private int[] upsamplingFactors(Onnx.NodeProto n, Attrs a, Shape s) {
        final int[] f = integerFactors(n, a, s);
        final int[] in = {s.height(), s.width()};
        String coord = a.s("coordinate_transformation_mode", n.getOpType().equals("Upsample") ? "asymmetric" : "half_pixel");
        String nearest = a.s("nearest_mode", n.getOpType().equals("Upsample") ? "floor" : "round_prefer_floor");
        for (int d = 0; d < 2; d++) {
            int outSize = in[d] * f[d];
            for (int o = 0; o < outSize; o++) {
                double x = switch (coord) {
                    case "half_pixel", "pytorch_half_pixel" -> (o + 0.5) / f[d] - 0.5;
                    case "asymmetric" -> o / (double) f[d];
                    case "align_corners" -> outSize == 1 ? 0 : o * (in[d] - 1) / (double) (outSize - 1);
                    default -> throw new ModelException("coordinate_transformation_mode '" + coord + "' is not supported");
                };
                long i = switch (nearest) {
                    case "round_prefer_floor" -> x - Math.floor(x) == 0.5 ? (long) Math.floor(x) : Math.round(x);
                    case "round_prefer_ceil" -> x - Math.floor(x) == 0.5 ? (long) Math.ceil(x) : Math.round(x);
                    case "floor" -> (long) Math.floor(x);
                    case "ceil" -> (long) Math.ceil(x);
                    default -> throw new ModelException("nearest_mode '" + nearest + "' is not supported");
                };
                i = Math.max(0, Math.min(in[d] - 1, i));
                if (i != o / f[d]) {
                    throw new ModelException("nearest resizing with coordinate_transformation_mode '" + coord + "' and nearest_mode '"
                        + nearest + "' does not repeat whole pixels (output " + o + " reads input " + i + "); not supported");
                }
            }
        }
        return f;
    }

    /** Integer height and width factors of a Resize or Upsample, from its scales or sizes. */
    private int[] integerFactors(Onnx.NodeProto n, Attrs a, Shape s) {
        float[] scales = null;
        float[] sizes = null;
        if (n.getOpType().equals("Upsample")) {
            scales = a.has("scales") ? a.floats("scales") : constant(n, 1);
        } else if (n.getInputCount() == 2) {
            scales = constant(n, 1); // opset 10: X, scales
        } else {
            if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) scales = constant(n, 2);
            if (n.getInputCount() > 3 && !n.getInput(3).isEmpty()) sizes = constant(n, 3);
            if (scales != null && scales.length == 0) scales = null;
        }
        final int[] in = {s.height(), s.width()};
        int[] f = new int[2];
        for (int d = 0; d < 2; d++) {
            double factor;
            if (scales != null && scales.length == 4) {
                if (scales[0] != 1f || scales[1] != 1f) throw new ModelException("resizing the batch or channel axis is not supported");
                factor = scales[2 + d];
            } else if (sizes != null && sizes.length == 4) {
                factor = sizes[2 + d] / in[d];
            } else {
                throw new ModelException("needs constant scales or sizes for N x C x H x W");
            }
            if (factor < 1 || factor != Math.rint(factor)) {
                throw new ModelException("only integer upsampling factors are supported, got " + factor);
            }
            f[d] = (int) factor;
        }
        return f;
    }

    /**
     * The coordinate mapping of a linear Resize or Upsample ({@code half_pixel} and {@code pytorch_half_pixel}, which
     * differ only for an output of one pixel; {@code asymmetric}; {@code align_corners}); opset-9 Upsample is asymmetric.
     */
    private static LinearResizeProjection.Mode linearMode(Onnx.NodeProto n, Attrs a) {
        String coord = a.s("coordinate_transformation_mode", n.getOpType().equals("Upsample") ? "asymmetric" : "half_pixel");
        return switch (coord) {
            case "half_pixel", "pytorch_half_pixel" -> LinearResizeProjection.Mode.HALF_PIXEL;
            case "asymmetric" -> LinearResizeProjection.Mode.ASYMMETRIC;
            case "align_corners" -> LinearResizeProjection.Mode.ALIGN_CORNERS;
            default -> throw new ModelException("linear resizing with coordinate_transformation_mode '" + coord + "' is not supported");
        };
    }

    private long[] dims(Onnx.TensorProto t) {
        long[] d = new long[t.getDimsCount()];
        for (int i = 0; i < d.length; i++) d[i] = t.getDims(i);
        return d;
    }

    /**
     * The tensor's values as floats. The element count is the product of the declared dims, computed without
     * overflow and refused beyond {@link InputLimits#maxElements}; it is compared with the bytes or values the
     * tensor really holds (inline or in its external file) before the array is allocated.
     */
    private float[] floats(Onnx.TensorProto t) {
        String what = file + ": tensor '" + t.getName() + "'";
        long[] dims = dims(t);
        long count;
        try {
            count = InputLimits.current().elements(what, dims);
        } catch (org.spikeflow.io.InvalidInputException e) {
            throw new ModelException(e.getMessage(), e);
        }
        int type = t.getDataType();
        int width = switch (type) {
            case 1, 6 -> 4; // FLOAT, INT32
            case 7, 11 -> 8; // INT64, DOUBLE
            default -> throw new ModelException(what + " has unsupported data type " + type + " (supported: float, double, int32, int64)");
        };
        long needBytes = count * width; // count <= maxElements < 2^31, so no overflow
        ByteBuffer raw = null;
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            raw = external(t, needBytes);
        } else if (!t.getRawData().isEmpty()) {
            raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        long have = raw != null ? raw.remaining() : switch (type) {
            case 1 -> t.getFloatDataCount();
            case 11 -> t.getDoubleDataCount();
            case 7 -> t.getInt64DataCount();
            default -> t.getInt32DataCount();
        };
        long need = raw != null ? needBytes : count;
        if (have != need) {
            throw new ModelException(what + ": dims " + java.util.Arrays.toString(dims) + " declare " + count + " values ("
                + (raw != null ? needBytes + " bytes" : count + " values") + ") but the tensor holds " + have
                + (raw != null ? " bytes" : " values") + (have < need ? " (truncated or wrong dims)" : " (wrong dims)"));
        }
        final int n = (int) count;
        float[] out = new float[n];
        switch (type) {
            case 1 -> {
                if (raw != null) raw.asFloatBuffer().get(out);
                else for (int i = 0; i < n; i++) out[i] = t.getFloatData(i);
            }
            case 11 -> {
                if (raw != null) for (int i = 0; i < n; i++) out[i] = (float) raw.getDouble(raw.position() + i * 8);
                else for (int i = 0; i < n; i++) out[i] = (float) t.getDoubleData(i);
            }
            case 7 -> {
                if (raw != null) for (int i = 0; i < n; i++) out[i] = raw.getLong(raw.position() + i * 8);
                else for (int i = 0; i < n; i++) out[i] = t.getInt64Data(i);
            }
            default -> {
                if (raw != null) for (int i = 0; i < n; i++) out[i] = raw.getInt(raw.position() + i * 4);
                else for (int i = 0; i < n; i++) out[i] = t.getInt32Data(i);
            }
        }
        return out;
    }

    /**
     * The bytes of a tensor stored in an external file ({@code location}, {@code offset}, {@code length}), checked
     * against the external file's length and the {@code need} bytes the dims declare before anything is read.
     */
    private ByteBuffer external(Onnx.TensorProto t, long need) {
        String what = file + ": tensor '" + t.getName() + "'";
        String location = null;
        long offset = 0, length = -1;
        for (Onnx.StringStringEntryProto e : t.getExternalDataList()) {
            try {
                switch (e.getKey()) {
                    case "location" -> location = e.getValue();
                    case "offset" -> offset = Long.parseLong(e.getValue().trim());
                    case "length" -> length = Long.parseLong(e.getValue().trim());
                    default -> { }
                }
            } catch (NumberFormatException ex) {
                throw new ModelException(what + ": external data " + e.getKey() + " '" + e.getValue() + "' is not a number");
            }
        }
        if (location == null || location.isBlank()) throw new ModelException(what + " has external data without a location");
        if (offset < 0) throw new ModelException(what + ": external data offset " + offset + " is negative");
        Path data;
        Path modelDir = file.toAbsolutePath().getParent().normalize();
        try {
            data = modelDir.resolve(location).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ModelException(what + ": external data location '" + location + "' is not a valid path");
        }
        if (!data.startsWith(modelDir) || data.equals(modelDir)) {
            // the ONNX format places external data beside the model; a path that leaves its folder is refused
            throw new ModelException(what + ": external data location '" + location + "' is outside the model's folder");
        }
        if (!Files.isRegularFile(data)) throw new ModelException(what + ": external data file " + data + " is missing");
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "r")) {
            long available = f.length() - offset;
            long len = length >= 0 ? length : Math.max(0, available);
            if (offset > f.length() || len > available) {
                throw new ModelException(what + ": external data file " + data.getFileName() + " holds " + f.length()
                    + " bytes, fewer than offset " + offset + " + length " + len + " (truncated)");
            }
            if (len != need) {
                throw new ModelException(what + ": dims declare " + need + " bytes but its external data "
                    + data.getFileName() + " has " + len + " (truncated or wrong dims)");
            }
            byte[] b = new byte[(int) len];
            f.seek(offset);
            f.readFully(b);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new ModelException(what + ": cannot read external data " + data + ": " + e.getMessage(), e);
        }
    }

    /** Attribute access with defaults. */
    private static final class Attrs {
        private final Map<String, Onnx.AttributeProto> map = new HashMap<>();

        Attrs(Onnx.NodeProto n) {
            for (Onnx.AttributeProto a : n.getAttributeList()) map.put(a.getName(), a);
        }

        boolean has(String k) {
            return map.containsKey(k);
        }

        long i(String k, long d) {
            Onnx.AttributeProto a = map.get(k);
            return a == null ? d : a.getI();
        }

        float f(String k, float d) {
            Onnx.AttributeProto a = map.get(k);
            return a == null ? d : a.getF();
        }

        String s(String k, String d) {
            Onnx.AttributeProto a = map.get(k);
            return a == null ? d : a.getS().toStringUtf8();
        }

        Onnx.TensorProto tensor(String k) {
            Onnx.AttributeProto a = map.get(k);
            return a == null ? null : a.getT();
        }

        float[] floats(String k) {
            Onnx.AttributeProto a = map.get(k);
            float[] r = new float[a.getFloatsCount()];
            for (int i = 0; i < r.length; i++) r[i] = a.getFloats(i);
            return r;
        }

        int[] ints(String k, int... d) {
            Onnx.AttributeProto a = map.get(k);
            if (a == null) {
                if (d.length == 0) throw new ModelException("missing attribute " + k);
                return d;
            }
            int[] r = new int[a.getIntsCount()];
            for (int i = 0; i < r.length; i++) r[i] = (int) a.getInts(i);
            return r;
        }
    }
}
