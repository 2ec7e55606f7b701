package org.spikeflow.converter.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.spikeflow.converter.ModelException;
import org.spikeflow.converter.ann.AnnGraphBuilder;
import org.spikeflow.converter.ann.AnnGraphBuilder.Value;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Shape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Imports Keras models with jhdf: Keras 2 full-model HDF5 files ({@code model_config} attribute and the
 * {@code model_weights} group) and Keras 3 {@code .keras} archives ({@code config.json} and
 * {@code model.weights.h5}). Sequential and functional models, channels_first and channels_last; Flatten
 * follows Keras (channels-last order in both formats). The decoder of a UNet: Conv2DTranspose (TensorFlow's output
 * size and padding for 'valid' and 'same', output padding, dilation), UpSampling2D (nearest, or bilinear at half-pixel
 * centres as tf.image.resize samples) and Concatenate along the channels. Unsupported layers are reported all at once.
 */
public final class KerasImporter {
    private static final Set<String> SUPPORTED = Set.of("InputLayer", "Conv2D", "Dense", "MaxPooling2D", "AveragePooling2D",
        "GlobalAveragePooling2D", "Flatten", "Dropout", "BatchNormalization", "Activation", "ReLU", "Add", "Concatenate",
        "ZeroPadding2D", "Conv2DTranspose", "UpSampling2D");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Weights weights;
    private final Map<String, Value> values = new HashMap<>();
    /** Layers whose output went through a softmax: only the model output may (it does not change the argmax). */
    private final java.util.Set<String> softmaxed = new java.util.HashSet<>();
    private boolean channelsFirst;
    private boolean theano;

    private KerasImporter(Path file, Weights weights) {
        this.file = file;
        this.weights = weights;
    }

    /** Weights by layer name, each a list of (dims, flat values) in the layer's weight order. */
    interface Weights {
        List<float[]> get(String layer);

        List<int[]> dims(String layer);
    }

    public static Network load(Path file) {
        if (!Files.exists(file)) throw new ModelException(file + ": no such file");
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".keras") ? loadV3(file) : loadH5(file);
    }

    private static Network loadH5(Path file) {
        try (HdfFile h = open(file, file + ": not a valid HDF5 file")) {
            Attribute cfg = h.getAttribute("model_config");
            if (cfg == null) throw new ModelException(file + ": not a Keras full-model file (no model_config attribute)");
            JsonNode config = JSON.readTree(cfg.getData().toString());
            Node mw = h.getChild("model_weights");
            Group weightsGroup = mw instanceof Group g ? g : h;
            Attribute backend = h.getAttribute("backend");
            KerasImporter k = new KerasImporter(file, new H5Weights(weightsGroup, false));
            k.theano = backend != null && "theano".equals(String.valueOf(backend.getData()));
            return k.build(config);
        } catch (ModelException e) {
            throw e;
        } catch (org.spikeflow.io.InvalidInputException e) {
            throw new ModelException(file + ": " + e.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelException(file + ": model_config is not valid JSON" + at(e), e);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            // jhdf reports a damaged structure with its own exceptions (and index errors): one sentence of ours
            throw new ModelException(file + ": not a readable Keras HDF5 file (corrupt or truncated HDF5 structure"
                + (e instanceof io.jhdf.exceptions.HdfException && e.getMessage() != null ? ": " + e.getMessage().lines().findFirst().orElse("") : "")
                + ")", e);
        }
    }

    private static String at(com.fasterxml.jackson.core.JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** Opens {@code path} as HDF5; a file jhdf cannot open is refused with {@code refusal} (naming the file the user gave). */
    private static HdfFile open(Path path, String refusal) {
        try {
            return org.spikeflow.converter.Hdf5Input.open(path);
        } catch (java.io.IOException | RuntimeException e) {
            throw new ModelException(refusal + " (corrupt or truncated)");
        }
    }

    private static Network loadV3(Path file) {
        Path tmp = null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry cfg = zip.getEntry("config.json");
            ZipEntry w = zip.getEntry("model.weights.h5");
            if (cfg == null || w == null) throw new ModelException(file + ": not a Keras 3 archive (needs config.json and model.weights.h5)");
            JsonNode config;
            try (InputStream in = zip.getInputStream(cfg)) {
                config = JSON.readTree(in);
            }
            tmp = Files.createTempFile("spikeflow-keras", ".h5");
            long limit = 8L * org.spikeflow.io.InputLimits.current().maxElements() + (1 << 20);
            try (InputStream in = zip.getInputStream(w); java.io.OutputStream o = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                for (int r; (r = in.read(buf)) > 0; ) {
                    total += r;
                    if (total > limit) {
                        throw new ModelException(file + ": model.weights.h5 inflates to more than " + limit
                            + " bytes (8 bytes per element of the limit; raise it with --max-elements)");
                    }
                    o.write(buf, 0, r);
                }
            }
            try (HdfFile h = open(tmp, file + ": model.weights.h5 is not a valid HDF5 file")) {
                Node layers = h.getChild("layers");
                if (!(layers instanceof Group lg)) throw new ModelException(file + ": model.weights.h5 has no 'layers' group");
                return new KerasImporter(file, new H5Weights(lg, true)).build(config);
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new ModelException(file + ": not a valid .keras archive (corrupt or truncated zip)");
        } catch (ModelException e) {
            throw e;
        } catch (org.spikeflow.io.InvalidInputException e) {
            throw new ModelException(file + ": " + e.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelException(file + ": config.json is not valid JSON" + at(e), e);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ModelException(file + ": model.weights.h5 is not a readable HDF5 file (corrupt or truncated HDF5 structure"
                + (e instanceof io.jhdf.exceptions.HdfException && e.getMessage() != null ? ": " + e.getMessage().lines().findFirst().orElse("") : "")
                + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // temp file
                }
            }
        }
    }

    private Network build(JsonNode root) {
        String cls = root.path("class_name").asText();
        JsonNode cfg = root.path("config");
        JsonNode layers = cfg.isArray() ? cfg : cfg.path("layers");
        if (!layers.isArray() || layers.isEmpty()) throw new ModelException(file + ": model_config has no layers");
        List<String> unsupported = new ArrayList<>();
        for (JsonNode l : layers) {
            String c = l.path("class_name").asText();
            if (!SUPPORTED.contains(c)) unsupported.add(c + " (layer '" + l.path("config").path("name").asText() + "')");
            else if (c.equals("Activation")) {
                String act = l.path("config").path("activation").asText();
                if (!Set.of("relu", "linear", "softmax").contains(act)) unsupported.add("Activation " + act + " (layer '" + l.path("config").path("name").asText() + "')");
            }
        }
        if (!unsupported.isEmpty()) {
            throw new ModelException(file + ": unsupported Keras layer" + (unsupported.size() > 1 ? "s" : "") + ": " + String.join(", ", unsupported));
        }
        String name = file.getFileName().toString().replaceFirst("\\.(h5|hdf5|keras)$", "");
        AnnGraphBuilder b = new AnnGraphBuilder(name);
        b.meta("source", file.getFileName().toString());
        b.meta("source.format", "keras");
        boolean sequential = cls.equals("Sequential") || cfg.isArray() || !layers.get(0).has("inbound_nodes")
            || layers.get(0).path("inbound_nodes").isEmpty() && !layers.get(0).path("class_name").asText().equals("InputLayer");
        String previous = null;
        String last = null;
        for (JsonNode l : layers) {
            String lname = l.path("config").path("name").asText(l.path("name").asText());
            try {
                List<String> inputs = sequential ? (previous == null ? List.of() : List.of(previous)) : inboundNames(l);
                Value v = apply(b, l, lname, inputs);
                if (v != null) values.put(lname, v);
                previous = lname;
                last = lname;
            } catch (ModelException e) {
                throw new ModelException(file + ": layer '" + lname + "': " + e.getMessage(), e);
            } catch (org.spikeflow.io.InvalidInputException e) {
                throw new ModelException(file + ": layer '" + lname + "': " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                // the graph's own constructors validate what the layer declares (shapes, kernel sizes)
                throw new ModelException(file + ": layer '" + lname + "': " + e.getMessage(), e);
            } catch (IndexOutOfBoundsException | NullPointerException | NegativeArraySizeException | ArithmeticException
                     | ClassCastException e) {
                throw new ModelException(file + ": layer '" + lname + "': its configuration or weights do not fit its inputs ("
                    + (e instanceof NullPointerException ? "a required field or weight is missing" : "a declared size or index is out of range")
                    + ")", e);
            }
        }
        String outName = last;
        JsonNode outs = cfg.path("output_layers");
        if (outs.isArray() && !outs.isEmpty()) outName = outs.get(0).get(0).asText();
        Value out = values.get(outName);
        try {
            return b.build(out);
        } catch (ModelException e) {
            throw new ModelException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> inboundNames(JsonNode l) {
        List<String> names = new ArrayList<>();
        JsonNode nodes = l.path("inbound_nodes");
        if (!nodes.isArray() || nodes.isEmpty()) return names;
        JsonNode first = nodes.get(0);
        if (first.isArray()) {
            for (JsonNode in : first) names.add(in.get(0).asText());
        } else if (first.has("args")) { // Keras 3
            collectKerasHistory(first.path("args"), names);
        }
        return names;
    }

    private static void collectKerasHistory(JsonNode n, List<String> names) {
        if (n.isObject() && n.has("config") && n.path("config").has("keras_history")) {
            names.add(n.path("config").path("keras_history").get(0).asText());
        } else if (n.isArray() || n.isObject()) {
            for (JsonNode c : n) collectKerasHistory(c, names);
        }
    }

    private Value in(List<String> inputs, int i) {
        if (i >= inputs.size()) throw new ModelException("missing input");
        if (softmaxed.contains(inputs.get(i))) {
            throw new ModelException("reads the softmax output of layer '" + inputs.get(i) + "': softmax is supported only at the"
                + " model output (where it does not change the predicted class)");
        }
        Value v = values.get(inputs.get(i));
        if (v == null) throw new ModelException("input '" + inputs.get(i) + "' is not available");
        return v;
    }

    private Value apply(AnnGraphBuilder b, JsonNode l, String name, List<String> inputs) {
        JsonNode c = l.path("config");
        String cls = l.path("class_name").asText();
        if (c.has("data_format")) channelsFirst = c.path("data_format").asText().equals("channels_first");
        Value x = null;
        if (cls.equals("InputLayer") || (values.isEmpty() && (c.has("batch_input_shape") || c.has("batch_shape")))) {
            JsonNode shape = c.has("batch_input_shape") ? c.path("batch_input_shape") : c.path("batch_shape");
            Value input = b.input("input", inputShape(shape, c));
            if (cls.equals("InputLayer")) return input;
            x = input;
        } else if (!inputs.isEmpty()) {
            x = in(inputs, 0);
        }
        switch (cls) {
            case "Dropout":
                return x;
            case "Conv2D":
            case "MaxPooling2D":
            case "AveragePooling2D":
            case "ZeroPadding2D":
                break;
            default:
                if (x instanceof Padded) throw new ModelException("ZeroPadding2D must feed a convolution or pooling layer, not " + cls);
                break;
        }
        switch (cls) {
            case "Dropout":
                return x;
            case "Flatten":
                return b.flatten(name, x, AnnGraphBuilder.FlattenOrder.HWC);
            case "Activation":
            case "ReLU":
                return activation(b, name, x, cls.equals("ReLU") ? "relu" : c.path("activation").asText());
            case "Conv2D": {
                List<float[]> w = weights.get(name);
                List<int[]> d = weights.dims(name);
                int[] kd = d.get(0);
                int kh = kd[0], kw = kd[1], cin = kd[2], cout = kd[3];
                float[] hwio = w.get(0);
                float[] oihw = new float[hwio.length];
                for (int ky = 0; ky < kh; ky++)
                    for (int kx = 0; kx < kw; kx++)
                        for (int ci = 0; ci < cin; ci++)
                            for (int co = 0; co < cout; co++) {
                                int sy = theano ? kh - 1 - ky : ky, sx = theano ? kw - 1 - kx : kx;
                                oihw[((co * cin + ci) * kh + ky) * kw + kx] = hwio[((sy * kw + sx) * cin + ci) * cout + co];
                            }
                int[] st = pair(c.path("strides"), 1);
                int[] dl = pair(c.path("dilation_rate"), 1);
                int[] p = pads(c.path("padding").asText("valid"), x.shape(), kh, kw, st, dl);
                if (x instanceof Padded pd) for (int i = 0; i < 4; i++) p[i] += pd.pads()[i];
                float[] bias = c.path("use_bias").asBoolean(true) && w.size() > 1 ? w.get(1) : null;
                Value y = b.conv(name, unpadded(x), oihw, cout, cin, kh, kw, st[0], st[1], p[0], p[1], p[2], p[3], dl[0], dl[1], bias);
                return activation(b, name, y, c.path("activation").asText("linear"));
            }
            case "Dense": {
                List<float[]> w = weights.get(name);
                int[] kd = weights.dims(name).get(0);
                float[] bias = c.path("use_bias").asBoolean(true) && w.size() > 1 ? w.get(1) : null;
                Value y = b.dense(name, x, w.get(0), kd[0], kd[1], bias);
                return activation(b, name, y, c.path("activation").asText("linear"));
            }
            case "MaxPooling2D":
            case "AveragePooling2D": {
                int[] k = pair(c.path("pool_size"), 2);
                int[] st = c.path("strides").isNull() || c.path("strides").isMissingNode() ? k : pair(c.path("strides"), 2);
                int[] p = pads(c.path("padding").asText("valid"), x.shape(), k[0], k[1], st, new int[] {1, 1});
                if (!cls.equals("MaxPooling2D") && p[0] + p[1] + p[2] + p[3] > 0) throw new ModelException("'same' average pooling is not supported");
                // Zero padding before pooling: zeros count in an average's divisor (the window weight stays 1/(kh*kw)),
                // and do not change the maximum of non-negative activations.
                int[] zp = x instanceof Padded pd ? pd.pads() : new int[4];
                Value inner = unpadded(x);
                for (int i = 0; i < 4; i++) p[i] += zp[i];
                if (cls.equals("MaxPooling2D")) {
                    Value r = inner instanceof AnnGraphBuilder.Pending ? b.relu(name + ".relu", inner) : inner;
                    return b.maxPool(name, r, k[0], k[1], st[0], st[1], p[0], p[1], p[2], p[3], false);
                }
                return b.avgPool(name, inner, k[0], k[1], st[0], st[1], p[0], p[1], p[2], p[3]);
            }
            case "GlobalAveragePooling2D":
                return b.globalAvgPool(name, x);
            case "BatchNormalization": {
                List<float[]> w = weights.get(name);
                boolean scale = c.path("scale").asBoolean(true), center = c.path("center").asBoolean(true);
                int i = 0;
                float[] gamma = scale ? w.get(i++) : null;
                float[] beta = center ? w.get(i++) : null;
                float[] mean = w.get(i++);
                float[] var = w.get(i);
                double eps = c.path("epsilon").asDouble(1e-3);
                float[] s = new float[mean.length], sh = new float[mean.length];
                for (int k = 0; k < s.length; k++) {
                    s[k] = (float) ((gamma == null ? 1 : gamma[k]) / Math.sqrt(var[k] + eps));
                    sh[k] = (beta == null ? 0 : beta[k]) - mean[k] * s[k];
                }
                return b.affine(name, x, s, sh);
            }
            case "Add":
                return b.add(name, in(inputs, 0), in(inputs, 1));
            case "Concatenate": {
                final int axis = c.path("axis").asInt(-1);
                final boolean flat = x.shape().isFlat();
                final boolean channels = flat ? axis == -1 || axis == 1 : channelsFirst ? axis == 1 || axis == -3 : axis == -1 || axis == 3;
                if (!channels) throw new ModelException("concatenation along axis " + axis + " is not supported (channels only)");
                List<Value> parts = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) parts.add(in(inputs, i));
                return b.concat(name, parts);
            }
            case "Conv2DTranspose": {
                // Keras kernel (kh, kw, filters, in): source (iy, ix) reaches (iy * s - padTop + ky * d, ...), with the
                // output size and padding TensorFlow gives the gradient of a convolution of that padding.
                List<float[]> w = weights.get(name);
                int[] kd = weights.dims(name).get(0);
                int kh = kd[0], kw = kd[1], cout = kd[2], cin = kd[3];
                float[] k = w.get(0);
                float[] icok = new float[k.length];
                for (int ky = 0; ky < kh; ky++)
                    for (int kx = 0; kx < kw; kx++)
                        for (int co = 0; co < cout; co++)
                            for (int ci = 0; ci < cin; ci++) icok[((ci * cout + co) * kh + ky) * kw + kx] = k[((ky * kw + kx) * cout + co) * cin + ci];
                int[] st = pair(c.path("strides"), 1);
                int[] dl = pair(c.path("dilation_rate"), 1);
                String padding = c.path("padding").asText("valid");
                if (!padding.equals("valid") && !padding.equals("same")) throw new ModelException("padding '" + padding + "' is not supported");
                boolean same = padding.equals("same");
                JsonNode opNode = c.path("output_padding");
                int[] op = opNode.isNull() || opNode.isMissingNode() ? null : pair(opNode, 0);
                int[] in = {x.shape().height(), x.shape().width()}, kk = {kh, kw};
                int[] pads = new int[4], outPad = new int[2];
                for (int d = 0; d < 2; d++) {
                    final int dilated = kk[d] + (kk[d] - 1) * (dl[d] - 1), s = st[d];
                    final int out = op == null ? (same ? in[d] * s : in[d] * s + Math.max(dilated - s, 0))
                        : (in[d] - 1) * s + dilated - 2 * (same ? dilated / 2 : 0) + op[d];
                    final int before = same ? Math.max((in[d] - 1) * s + dilated - out, 0) / 2 : 0;
                    int after = (in[d] - 1) * s + dilated - out - before;
                    if (after < 0) {
                        outPad[d] = -after;
                        after = 0;
                    }
                    pads[d] = before;
                    pads[d + 2] = after;
                }
                float[] bias = c.path("use_bias").asBoolean(true) && w.size() > 1 ? w.get(1) : null;
                Value y = b.convTranspose(name, x, icok, cin, cout, 1, kh, kw, st[0], st[1], pads[0], pads[1], pads[2], pads[3],
                    dl[0], dl[1], outPad[0], outPad[1], bias);
                return activation(b, name, y, c.path("activation").asText("linear"));
            }
            case "UpSampling2D": {
                int[] f = pair(c.path("size"), 2);
                String interpolation = c.path("interpolation").asText("nearest");
                if (f[0] == 1 && f[1] == 1) return x;
                return switch (interpolation) {
                    case "nearest" -> b.upsampleNearest(name, x, f[0], f[1]);
                    // tf.image.resize and keras.ops.image.resize sample at half-pixel centres
                    case "bilinear" -> b.upsampleBilinear(name, x, f[0], f[1], org.spikeflow.graph.LinearResizeProjection.Mode.HALF_PIXEL);
                    default -> throw new ModelException("interpolation '" + interpolation + "' is not supported (nearest or bilinear)");
                };
            }
            case "ZeroPadding2D": {
                JsonNode p = c.path("padding");
                int[] pads = new int[4];
                if (p.isInt()) java.util.Arrays.fill(pads, p.asInt());
                else if (p.get(0).isInt()) {
                    pads[0] = pads[2] = p.get(0).asInt();
                    pads[1] = pads[3] = p.get(1).asInt();
                } else {
                    pads[0] = p.get(0).get(0).asInt();
                    pads[2] = p.get(0).get(1).asInt();
                    pads[1] = p.get(1).get(0).asInt();
                    pads[3] = p.get(1).get(1).asInt();
                }
                if (x instanceof Padded inner) {
                    for (int i = 0; i < 4; i++) pads[i] += inner.pads()[i];
                    x = inner.inner();
                }
                return new Padded(x, pads);
            }
            default:
                throw new ModelException("unsupported layer " + cls);
        }
    }

    /** A zero-padded value: the padding is absorbed by the convolution that reads it. */
    private record Padded(Value inner, int[] pads) implements Value {
        public Shape shape() {
            Shape s = inner.shape();
            return Shape.chw(s.channels(), s.height() + pads[0] + pads[2], s.width() + pads[1] + pads[3]);
        }
    }

    private static Value unpadded(Value v) {
        return v instanceof Padded p ? p.inner() : v;
    }

    private Value activation(AnnGraphBuilder b, String name, Value x, String act) {
        return switch (act) {
            case "relu" -> b.relu(name, x);
            case "linear", "" -> x;
            case "softmax" -> {
                softmaxed.add(name);
                yield x;
            }
            default -> throw new ModelException("unsupported activation '" + act + "'");
        };
    }

    private Shape inputShape(JsonNode shape, JsonNode c) {
        List<Integer> d = new ArrayList<>();
        for (int i = 1; i < shape.size(); i++) d.add(shape.get(i).asInt());
        if (d.size() == 1) return Shape.flat(d.get(0));
        if (d.size() == 3) {
            boolean cf = c.path("data_format").asText(channelsFirst ? "channels_first" : "").equals("channels_first") || channelsFirst;
            return cf ? Shape.chw(d.get(0), d.get(1), d.get(2)) : Shape.chw(d.get(2), d.get(0), d.get(1));
        }
        if (d.size() == 2) return Shape.chw(1, d.get(0), d.get(1));
        throw new ModelException("unsupported input shape " + shape);
    }

    private static int[] pair(JsonNode n, int dflt) {
        if (n == null || n.isMissingNode() || n.isNull()) return new int[] {dflt, dflt};
        if (n.isInt()) return new int[] {n.asInt(), n.asInt()};
        return new int[] {n.get(0).asInt(), n.get(1).asInt()};
    }

    /** Keras/TensorFlow padding: 'valid' none; 'same' splits the total, the extra row/column at the end. */
    private static int[] pads(String mode, Shape s, int kh, int kw, int[] st, int[] dl) {
        if (mode.equals("valid")) return new int[4];
        if (!mode.equals("same")) throw new ModelException("unsupported padding '" + mode + "'");
        int[] in = {s.height(), s.width()};
        int[] k = {kh, kw};
        int[] r = new int[4];
        for (int i = 0; i < 2; i++) {
            int out = (in[i] + st[i] - 1) / st[i];
            int total = Math.max(0, (out - 1) * st[i] + (k[i] - 1) * dl[i] + 1 - in[i]);
            r[i] = total / 2;
            r[i + 2] = total - total / 2;
        }
        return r;
    }

    /** Weights from a Keras 2 {@code model_weights} group or a Keras 3 {@code layers} group. */
    private record H5Weights(Group root, boolean keras3) implements Weights {
        @Override
        public List<float[]> get(String layer) {
            List<float[]> out = new ArrayList<>();
            for (Dataset d : datasets(layer)) out.add(flat(d));
            return out;
        }

        @Override
        public List<int[]> dims(String layer) {
            List<int[]> out = new ArrayList<>();
            for (Dataset d : datasets(layer)) out.add(d.getDimensions());
            return out;
        }

        private List<Dataset> datasets(String layer) {
            Node g = root.getChild(layer);
            if (!(g instanceof Group group)) throw new ModelException("no weights stored for layer '" + layer + "'");
            List<Dataset> out = new ArrayList<>();
            if (!keras3) {
                Attribute names = group.getAttribute("weight_names");
                if (names != null && names.getData() instanceof String[] arr) {
                    for (String n : arr) {
                        Node d = group.getByPath(n);
                        if (!(d instanceof Dataset ds)) throw new ModelException("weight '" + n + "' is missing");
                        out.add(ds);
                    }
                    return out;
                }
            }
            Node vars = keras3 ? group.getChild("vars") : group;
            if (vars instanceof Group vg) {
                Map<String, Dataset> sorted = new LinkedHashMap<>();
                List<String> keys = new ArrayList<>(vg.getChildren().keySet());
                keys.sort((a, b) -> {
                    try {
                        return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
                    } catch (NumberFormatException e) {
                        return a.compareTo(b);
                    }
                });
                for (String k : keys) if (vg.getChild(k) instanceof Dataset ds) sorted.put(k, ds);
                out.addAll(sorted.values());
            }
            if (out.isEmpty()) throw new ModelException("no weights stored for layer '" + layer + "'");
            return out;
        }

        private static float[] flat(Dataset d) {
            int[] dims = d.getDimensions();
            long[] ld = new long[dims.length];
            for (int i = 0; i < dims.length; i++) ld[i] = dims[i];
            try {
                org.spikeflow.io.InputLimits.current().elements("weight '" + d.getPath() + "'", ld);
            } catch (org.spikeflow.io.InvalidInputException e) {
                throw new ModelException(e.getMessage());
            }
            Object data = d.getDataFlat();
            if (data instanceof float[] f) return f;
            if (data instanceof double[] dd) {
                float[] f = new float[dd.length];
                for (int i = 0; i < f.length; i++) f[i] = (float) dd[i];
                return f;
            }
            throw new ModelException("weight " + d.getName() + " has unsupported type " + d.getJavaType());
        }
    }
}
