package org.spikeflow.training;

import onnx.Onnx;
import org.spikeflow.converter.ModelException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sequential ONNX model back into a trainable {@link TrainedModel}: Conv (square kernel, stride 1, "same"
 * padding), Gemm/MatMul(+Add), Relu or Clip(0, ceiling), 2x2 AveragePool or MaxPool, a residual Add of the tensor
 * before it and an earlier one of its shape, Flatten/Reshape and Dropout/Identity,
 * one input of shape {@code [N, C, H, W]}; and UNets: 2x2 MaxPool, 2x2 stride-2 ConvTranspose, Concat of the tensor
 * before it with an earlier one (a skip), a convolution as the per-pixel output. That covers what {@code snn train} writes and the equivalent PyTorch
 * exports; anything else is refused by name (convert such models, they cannot be fine-tuned here).
 */
public final class ModelReader {
    private ModelReader() {
    }

    public static TrainedModel read(Path file) {
        Onnx.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = Onnx.ModelProto.parseFrom(in);
        } catch (NoSuchFileException e) {
            throw new ModelException("model file not found: " + file);
        } catch (IOException e) {
            throw new ModelException("cannot read ONNX model " + file + ": " + e.getMessage());
        }
        Onnx.GraphProto g = model.getGraph();
        if (g.getNodeCount() == 0) throw new ModelException(file + " is not an ONNX model with a graph");
        Map<String, float[]> init = new HashMap<>();
        Map<String, List<Long>> dims = new HashMap<>();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            init.put(t.getName(), floats(t, file));
            dims.put(t.getName(), t.getDimsList());
        }
        Onnx.ValueInfoProto input = g.getInputList().stream().filter(v -> !init.containsKey(v.getName())).findFirst()
            .orElseThrow(() -> new ModelException(file + ": the graph has no input"));
        List<Onnx.TensorShapeProto.Dimension> d = input.getType().getTensorType().getShape().getDimList();
        if (d.size() != 4) throw new ModelException(file + ": fine-tuning needs an image input [N, C, H, W], got rank " + d.size());
        int c = (int) d.get(1).getDimValue(), h = (int) d.get(2).getDimValue(), w = (int) d.get(3).getDimValue();
        int ch = c, hh = h, ww = w;
        boolean flat = false;
        List<LayerDef> plan = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        List<Float> caps = new ArrayList<>();
        int relus = 0;
        // Where each tensor was made: the plan position after its node (a SKIP goes there when a Concat reads it
        // again) and its channels, height and width.
        Map<String, int[]> made = new HashMap<>();
        made.put(input.getName(), new int[] {0, c, h, w});
        for (Onnx.NodeProto n : g.getNodeList()) {
            switch (n.getOpType()) {
                case "Conv" -> {
                    if (flat) throw new ModelException(file + ": Conv after Flatten in node " + n.getName());
                    List<Long> wd = dims.get(n.getInput(1));
                    if (wd == null || wd.size() != 4) throw new ModelException(file + ": Conv " + n.getName() + " needs constant OIHW weights");
                    int out = wd.get(0).intValue(), in = wd.get(1).intValue(), k = wd.get(2).intValue();
                    if (in != ch || wd.get(3).intValue() != k) {
                        throw new ModelException(file + ": Conv " + n.getName() + " has weights " + wd + " for " + ch + " input channels");
                    }
                    for (Onnx.AttributeProto a : n.getAttributeList()) {
                        boolean ok = switch (a.getName()) {
                            case "strides", "dilations" -> a.getIntsList().stream().allMatch(v -> v == 1);
                            case "pads" -> a.getIntsList().stream().allMatch(v -> v == k / 2);
                            case "group" -> a.getI() == 1;
                            default -> true;
                        };
                        if (!ok) throw new ModelException(file + ": Conv " + n.getName() + " has " + a.getName()
                            + " other than stride 1, same padding, one group; it can be converted but not fine-tuned");
                    }
                    plan.add(LayerDef.conv(in, out, k, n.getInputCount() > 2));
                    weights.add(init.get(n.getInput(1)));
                    biases.add(n.getInputCount() > 2 ? init.get(n.getInput(2)) : null);
                    ch = out;
                }
                case "Gemm", "MatMul" -> {
                    if (!flat) {
                        plan.add(LayerDef.of(LayerDef.Kind.FLATTEN));
                        flat = true;
                    }
                    List<Long> wd = dims.get(n.getInput(1));
                    if (wd == null || wd.size() != 2) throw new ModelException(file + ": " + n.getOpType() + " " + n.getName() + " needs constant 2-D weights");
                    boolean transB = n.getAttributeList().stream().anyMatch(a -> a.getName().equals("transB") && a.getI() == 1);
                    int in = (transB ? wd.get(1) : wd.get(0)).intValue(), out = (transB ? wd.get(0) : wd.get(1)).intValue();
                    int have = ch * hh * ww;
                    if (in != have) throw new ModelException(file + ": " + n.getName() + " expects " + in + " inputs, the layer before gives " + have);
                    float[] wRaw = init.get(n.getInput(1));
                    float[] wi = wRaw;
                    if (transB) {
                        wi = new float[wRaw.length];
                        for (int j = 0; j < out; j++) for (int i = 0; i < in; i++) wi[i * out + j] = wRaw[j * in + i];
                    }
                    boolean bias = n.getOpType().equals("Gemm") && n.getInputCount() > 2;
                    plan.add(LayerDef.dense(in, out, bias));
                    weights.add(wi);
                    biases.add(bias ? init.get(n.getInput(2)) : null);
                    ch = out;
                    hh = 1;
                    ww = 1;
                }
                case "Add" -> {
                    if (!init.containsKey(n.getInput(0)) && n.getInputCount() == 2 && !init.containsKey(n.getInput(1))) {
                        // A residual Add: the tensor before it plus an earlier one of its shape, kept by a SKIP.
                        int[] kept = made.get(n.getInput(1));
                        int[] current = made.get(n.getInput(0));
                        if (flat || kept == null || current == null || current[0] != plan.size()
                            || kept[1] != ch || kept[2] != hh || kept[3] != ww) {
                            throw new ModelException(file + ": Add " + n.getName() + " must add an earlier tensor of the same shape"
                                + " to the tensor before it (a residual shortcut)");
                        }
                        int at = kept[0];
                        plan.add(at, LayerDef.of(LayerDef.Kind.SKIP));
                        for (int[] m : made.values()) if (m[0] >= at && m != kept) m[0]++;
                        plan.add(LayerDef.of(LayerDef.Kind.ADD));
                        break;
                    }
                    // MatMul + Add: the bias of the preceding dense layer.
                    int last = plan.size() - 1;
                    float[] b = init.get(n.getInput(1));
                    if (last < 0 || plan.get(last).kind() != LayerDef.Kind.DENSE || plan.get(last).bias() || b == null) {
                        throw new ModelException(file + ": unsupported Add node " + n.getName());
                    }
                    LayerDef l = plan.get(last);
                    plan.set(last, LayerDef.dense(l.in(), l.out(), true));
                    biases.set(biases.size() - 1, b);
                }
                case "Relu" -> {
                    plan.add(LayerDef.of(LayerDef.Kind.RELU));
                    relus++;
                }
                case "Clip" -> {
                    float lo = n.getInputCount() > 1 && init.containsKey(n.getInput(1)) ? init.get(n.getInput(1))[0] : 0f;
                    float hi = n.getInputCount() > 2 && init.containsKey(n.getInput(2)) ? init.get(n.getInput(2))[0] : Float.NaN;
                    if (lo != 0f || !(hi > 0f)) throw new ModelException(file + ": Clip " + n.getName() + " must be Clip(0, ceiling > 0)");
                    if (caps.size() != relus) throw new ModelException(file + ": mixes Relu and Clip activations");
                    plan.add(LayerDef.of(LayerDef.Kind.RELU));
                    caps.add(hi);
                    relus++;
                }
                case "AveragePool" -> {
                    boolean two = n.getAttributeList().stream().filter(a -> a.getName().equals("kernel_shape") || a.getName().equals("strides"))
                        .allMatch(a -> a.getIntsList().stream().allMatch(v -> v == 2));
                    if (!two || flat) throw new ModelException(file + ": AveragePool " + n.getName() + " must be 2x2 with stride 2");
                    plan.add(LayerDef.of(LayerDef.Kind.AVG_POOL));
                    hh /= 2;
                    ww /= 2;
                }
                case "GlobalAveragePool" -> {
                    if (flat) throw new ModelException(file + ": GlobalAveragePool " + n.getName() + " after Flatten");
                    plan.add(LayerDef.of(LayerDef.Kind.GLOBAL_POOL));
                    hh = 1;
                    ww = 1;
                    flat = true;
                }
                case "Flatten", "Reshape" -> {
                    if (!flat) plan.add(LayerDef.of(LayerDef.Kind.FLATTEN));
                    flat = true;
                }
                case "Dropout", "Identity" -> {
                }
                case "MaxPool" -> {
                    boolean two = n.getAttributeList().stream().filter(a -> a.getName().equals("kernel_shape") || a.getName().equals("strides"))
                        .allMatch(a -> a.getIntsList().stream().allMatch(v -> v == 2));
                    boolean padded = n.getAttributeList().stream().anyMatch(a -> a.getName().equals("pads")
                        && a.getIntsList().stream().anyMatch(v -> v != 0));
                    if (!two || padded || flat) throw new ModelException(file + ": MaxPool " + n.getName() + " must be 2x2 with stride 2, unpadded");
                    plan.add(LayerDef.of(LayerDef.Kind.MAX_POOL));
                    hh /= 2;
                    ww /= 2;
                }
                case "ConvTranspose" -> {
                    List<Long> wd = dims.get(n.getInput(1));
                    if (flat || wd == null || wd.size() != 4 || wd.get(0).intValue() != ch || wd.get(2) != 2 || wd.get(3) != 2) {
                        throw new ModelException(file + ": ConvTranspose " + n.getName() + " needs constant [" + ch + ", out, 2, 2] weights");
                    }
                    for (Onnx.AttributeProto a : n.getAttributeList()) {
                        boolean ok = switch (a.getName()) {
                            case "strides" -> a.getIntsList().stream().allMatch(v -> v == 2);
                            case "dilations" -> a.getIntsList().stream().allMatch(v -> v == 1);
                            case "pads", "output_padding" -> a.getIntsList().stream().allMatch(v -> v == 0);
                            case "group" -> a.getI() == 1;
                            default -> true;
                        };
                        if (!ok) throw new ModelException(file + ": ConvTranspose " + n.getName() + " has " + a.getName()
                            + " other than a 2x2 kernel with stride 2 and no padding; it can be converted but not trained further");
                    }
                    int out = wd.get(1).intValue();
                    plan.add(LayerDef.upConv(ch, out));
                    weights.add(init.get(n.getInput(1)));
                    biases.add(n.getInputCount() > 2 ? init.get(n.getInput(2)) : new float[out]);
                    ch = out;
                    hh *= 2;
                    ww *= 2;
                }
                case "Concat" -> {
                    int[] kept = n.getInputCount() == 2 ? made.get(n.getInput(1)) : null;
                    boolean channels = n.getAttributeList().stream().anyMatch(a -> a.getName().equals("axis") && a.getI() == 1);
                    if (!channels || kept == null || !made.containsKey(n.getInput(0)) || made.get(n.getInput(0))[0] != plan.size()
                        || kept[2] != hh || kept[3] != ww) {
                        throw new ModelException(file + ": Concat " + n.getName() + " must join the tensor before it with one earlier"
                            + " tensor of its size along the channels (a UNet skip)");
                    }
                    int at = kept[0];
                    plan.add(at, LayerDef.of(LayerDef.Kind.SKIP));
                    for (int[] m : made.values()) if (m[0] >= at && m != kept) m[0]++;
                    plan.add(LayerDef.of(LayerDef.Kind.CONCAT));
                    ch += kept[1];
                }
                default -> throw new ModelException(file + ": layer " + n.getOpType() + " (" + n.getName()
                    + ") cannot be fine-tuned; supported: Conv, Gemm, MatMul, Relu, Clip, AveragePool, GlobalAveragePool, Flatten,"
                    + " Add (bias or residual), and for a UNet MaxPool, ConvTranspose, Concat");
            }
            if (n.getOutputCount() > 0) made.put(n.getOutput(0), new int[] {plan.size(), ch, hh, ww});
        }
        if (!caps.isEmpty() && caps.size() != relus) throw new ModelException(file + ": mixes Relu and Clip activations");
        LayerDef last = plan.get(plan.size() - 1);
        boolean perPixel = LayerDef.perPixel(plan) && last.kind() == LayerDef.Kind.CONV;
        if (last.kind() != LayerDef.Kind.DENSE && !perPixel) {
            throw new ModelException(file + ": the last layer must be dense (the class logits) or, for a per-pixel output, a convolution");
        }
        String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        return new TrainedModel(name, c, h, w, last.out(), plan, weights, biases, Double.NaN, 0, caps);
    }

    private static float[] floats(Onnx.TensorProto t, Path file) {
        if (t.getDataType() != 1) throw new ModelException(file + ": initializer " + t.getName() + " is not float32");
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[b.remaining() / 4];
            b.asFloatBuffer().get(f);
            return f;
        }
        float[] f = new float[t.getFloatDataCount()];
        for (int i = 0; i < f.length; i++) f[i] = t.getFloatData(i);
        return f;
    }
}
