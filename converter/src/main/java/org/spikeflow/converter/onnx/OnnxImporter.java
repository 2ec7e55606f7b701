package org.spikeflow.converter.onnx;

import onnx.Onnx;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;
import org.spikeflow.converter.ModelException;
import org.spikeflow.converter.ann.AnnGraphBuilder;
import org.spikeflow.converter.ann.AnnGraphBuilder.Fixed;
import org.spikeflow.converter.ann.AnnGraphBuilder.Value;
import org.spikeflow.graph.Network;
import org.spikeflow.io.InputLimits;
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
 * BatchNormalization, Mul (per-channel constant), Dropout, Identity, Softmax/LogSoftmax at the output.
 * Initializers may live in external data files. Unsupported operations are reported all at once.
 */
public final class OnnxImporter {
    private static final Set<String> SUPPORTED = Set.of("Conv", "Gemm", "MatMul", "Relu", "Clip", "MaxPool", "AveragePool",
        "GlobalAveragePool", "Flatten", "Reshape", "Add", "Concat", "BatchNormalization", "Dropout", "Identity",
        "Softmax", "LogSoftmax", "Constant", "Mul");

    private final Path file;
    private final Map<String, float[]> constants = new HashMap<>();
    private final Map<String, long[]> constantDims = new HashMap<>();
    private final Map<String, Value> values = new HashMap<>();
    /** Outputs of Softmax/LogSoftmax nodes: only the graph output may be one (it does not change the argmax). */
    private final java.util.Set<String> softmaxed = new java.util.HashSet<>();

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
                throw e;
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
        } catch (ModelException e) {
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
        throw new ModelException(file + ": unsupported input shape " + s.getDimList() + " (need N x C x H x W or N x D with known sizes)");
    }

    private Value in(Onnx.NodeProto n, int i) {
        String name = n.getInput(i);
        if (softmaxed.contains(name)) {
            throw new ModelException("reads '" + name + "', a Softmax output: Softmax and LogSoftmax are supported only at the"
                + " graph output (where they do not change the predicted class)");
        }
        Value v = values.get(name);
        if (v == null) throw new ModelException("input '" + name + "' is not an activation computed earlier");
        return v;
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
                values.put(out, in(n, 0)); // argmax-preserving at the output; refused as an input of any other node
                softmaxed.add(out);
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
                Value x = in(n, 0);
                int[] p = pads(a, x.shape(), kh, kw, st, dl);
                values.put(out, b.conv(name, x, w, cout, cin, kh, kw, st[0], st[1], p[0], p[1], p[2], p[3], dl[0], dl[1], constant(n, 2)));
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
                Value x = in(n, 0);
                int[] p = pads(a, x.shape(), k[0], k[1], st, dl);
                values.put(out, b.maxPool(name, relued(b, name, x), k[0], k[1], st[0], st[1], p[0], p[1], p[2], p[3], a.i("ceil_mode", 0) != 0));
            }
            case "AveragePool" -> {
                int[] k = a.ints("kernel_shape");
                int[] st = a.ints("strides", 1, 1);
                Value x = in(n, 0);
                int[] p = pads(a, x.shape(), k[0], k[1], st, new int[] {1, 1});
                boolean anyPad = p[0] + p[1] + p[2] + p[3] > 0;
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
