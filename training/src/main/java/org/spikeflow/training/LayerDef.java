package org.spikeflow.training;

import java.util.ArrayList;
import java.util.List;

/**
 * One layer of a trainable architecture (NCHW tensors, as in PyTorch and ONNX). A plan is a sequence; skip
 * connections are a stack: SKIP keeps the current tensor, CONCAT appends the most recently kept one (and drops it
 * from the stack) to the current tensor's channels, as a UNet's decoder does, and ADD adds it to the current
 * (pre-activation) value, as a residual block's identity shortcut does.
 */
public record LayerDef(Kind kind, int in, int out, int kernel, int pad, boolean bias) {
    public enum Kind { CONV, DENSE, RELU, AVG_POOL, FLATTEN, DROPOUT, GLOBAL_POOL, MAX_POOL, UP_CONV, SKIP, CONCAT, ADD }

    /**
     * What every consumer of a layer plan (the SameDiff graph, the ONNX export, the network builder) does with each
     * layer type: one method per type, so adding a type makes the compiler point at every consumer.
     */
    public interface Visitor {
        void conv(LayerDef l);

        void dense(LayerDef l);

        void relu(LayerDef l);

        /** 2x2 average pooling, stride 2. */
        void avgPool(LayerDef l);

        void flatten(LayerDef l);

        /** Global average pooling to one value per channel (the flatten included). */
        void globalPool(LayerDef l);

        void dropout(LayerDef l);

        /** 2x2 max pooling, stride 2. */
        void maxPool(LayerDef l);

        /** 2x2 transposed convolution, stride 2 (doubles height and width), from {@code in} to {@code out} channels. */
        void upConv(LayerDef l);

        /** Keeps the current tensor for a later {@link #concat}. */
        void skip(LayerDef l);

        /** The current tensor's channels followed by those of the most recently kept tensor. */
        void concat(LayerDef l);

        /** The current value plus the most recently kept tensor (same shape): a residual connection. */
        void add(LayerDef l);
    }

    /** Hands this layer to the visitor's method for its type. */
    public void accept(Visitor v) {
        switch (kind) {
            case CONV -> v.conv(this);
            case DENSE -> v.dense(this);
            case RELU -> v.relu(this);
            case AVG_POOL -> v.avgPool(this);
            case FLATTEN -> v.flatten(this);
            case GLOBAL_POOL -> v.globalPool(this);
            case DROPOUT -> v.dropout(this);
            case MAX_POOL -> v.maxPool(this);
            case UP_CONV -> v.upConv(this);
            case SKIP -> v.skip(this);
            case CONCAT -> v.concat(this);
            case ADD -> v.add(this);
        }
    }

    /** True for layers with parameters (one entry of weights and biases each, in plan order). */
    public boolean hasParameters() {
        return kind == Kind.CONV || kind == Kind.DENSE || kind == Kind.UP_CONV;
    }

    /** True when the plan ends in per-pixel logits (no flattening or dense layer: a segmentation network). */
    public static boolean perPixel(List<LayerDef> plan) {
        for (LayerDef l : plan) {
            if (l.kind() == Kind.DENSE || l.kind() == Kind.FLATTEN || l.kind() == Kind.GLOBAL_POOL) return false;
        }
        return true;
    }

    /** Number of weights of a parameter layer (conv OIHW, dense in x out, transposed conv in x out x 2 x 2). */
    int weightCount() {
        return switch (kind) {
            case CONV -> out * in * kernel * kernel;
            case DENSE -> in * out;
            case UP_CONV -> in * out * kernel * kernel;
            default -> 0;
        };
    }

    /** Inputs that feed one output of a parameter layer (He initialization's fan-in). */
    int fanIn() {
        return switch (kind) {
            case CONV -> in * kernel * kernel;
            case DENSE -> in;
            // Each output of a stride-2 2x2 transposed convolution receives one tap per input channel.
            case UP_CONV -> in;
            default -> 0;
        };
    }

    static LayerDef upConv(int in, int out) {
        return new LayerDef(Kind.UP_CONV, in, out, 2, 0, true);
    }

    static LayerDef conv(int in, int out, int k, boolean bias) {
        return new LayerDef(Kind.CONV, in, out, k, k / 2, bias);
    }

    static LayerDef dense(int in, int out, boolean bias) {
        return new LayerDef(Kind.DENSE, in, out, 0, 0, bias);
    }

    static LayerDef of(Kind k) {
        return new LayerDef(k, 0, 0, k == Kind.AVG_POOL || k == Kind.MAX_POOL ? 2 : 0, 0, false);
    }

    /**
     * The layers of a trained model made trainable again: its DROPOUT layers removed (inference graphs have none)
     * and, with {@code dropout}, one put back before the last dense layer, where {@link #plan} places it.
     */
    static List<LayerDef> retrain(List<LayerDef> layers, boolean dropout) {
        List<LayerDef> l = new ArrayList<>();
        for (LayerDef d : layers) if (d.kind() != Kind.DROPOUT) l.add(d);
        if (dropout) l.add(lastDense(l), of(Kind.DROPOUT));
        return l;
    }

    /** Index of the last dense layer (the output layer) of a plan. */
    private static int lastDense(List<LayerDef> l) {
        for (int i = l.size() - 1; i >= 0; i--) if (l.get(i).kind() == Kind.DENSE) return i;
        throw new IllegalArgumentException("the plan has no dense output layer");
    }

    /**
     * {@link #plan(Arch, int, int, int, int, boolean)} with global average pooling in place of flattening the
     * last convolutional block (the next dense layer then takes one input per channel) and, when
     * {@code headBias} is not null, the output layer's bias switched on or off.
     */
    public static List<LayerDef> plan(Arch arch, int c, int h, int w, int classes, boolean dropout, boolean globalPool, Boolean headBias) {
        return plan(arch, c, h, w, classes, dropout, globalPool, headBias, false);
    }

    /**
     * {@link #plan(Arch, int, int, int, int, boolean, boolean, Boolean)} with, when {@code maxPool}, every 2x2
     * average pooling replaced by 2x2 max pooling (global pooling stays an average).
     */
    public static List<LayerDef> plan(Arch arch, int c, int h, int w, int classes, boolean dropout, boolean globalPool, Boolean headBias,
                                      boolean maxPool) {
        if (arch == Arch.UNET && (dropout || globalPool || headBias != null)) {
            throw new IllegalArgumentException("unet has no dense layer: dropout, global pooling and head bias do not apply");
        }
        List<LayerDef> l = plan(arch, c, h, w, classes, dropout);
        if (maxPool) l.replaceAll(d -> d.kind() == Kind.AVG_POOL ? of(Kind.MAX_POOL) : d);
        int f = l.indexOf(of(Kind.FLATTEN));
        if (globalPool && f >= 0) {
            int channels = -1;
            for (int i = 0; i < f; i++) if (l.get(i).kind() == Kind.CONV) channels = l.get(i).out();
            if (channels < 0) throw new IllegalArgumentException("global pooling needs convolutional layers, " + arch + " has none");
            l.set(f, of(Kind.GLOBAL_POOL));
            for (int i = f + 1; i < l.size(); i++) {
                if (l.get(i).kind() == Kind.DENSE) {
                    l.set(i, dense(channels, l.get(i).out(), l.get(i).bias()));
                    break;
                }
            }
        }
        if (headBias != null) {
            int head = lastDense(l);
            l.set(head, dense(l.get(head).in(), l.get(head).out(), headBias));
        }
        return l;
    }

    /** The layers of an architecture for inputs of {@code c x h x w} and {@code classes} outputs. */
    public static List<LayerDef> plan(Arch arch, int c, int h, int w, int classes, boolean dropout) {
        List<LayerDef> l = new ArrayList<>();
        switch (arch) {
            case MLP -> {
                int n = c * h * w;
                l.add(of(Kind.FLATTEN));
                l.add(dense(n, 256, true));
                l.add(of(Kind.RELU));
                l.add(dense(256, 128, true));
                l.add(of(Kind.RELU));
                if (dropout) l.add(of(Kind.DROPOUT));
                l.add(dense(128, classes, true));
            }
            case CNN -> {
                l.add(conv(c, 8, 5, true));
                l.add(of(Kind.RELU));
                l.add(of(Kind.AVG_POOL));
                l.add(conv(8, 16, 5, true));
                l.add(of(Kind.RELU));
                l.add(of(Kind.AVG_POOL));
                l.add(of(Kind.FLATTEN));
                if (dropout) l.add(of(Kind.DROPOUT));
                l.add(dense(16 * (h / 4) * (w / 4), classes, false));
            }
            case CONVNET -> {
                l.add(conv(c, 32, 3, true));
                l.add(of(Kind.RELU));
                l.add(of(Kind.AVG_POOL));
                l.add(conv(32, 64, 3, true));
                l.add(of(Kind.RELU));
                l.add(of(Kind.AVG_POOL));
                l.add(of(Kind.FLATTEN));
                l.add(dense(64 * (h / 4) * (w / 4), 128, true));
                l.add(of(Kind.RELU));
                if (dropout) l.add(of(Kind.DROPOUT));
                l.add(dense(128, classes, true));
            }
            case VGG -> {
                l.add(conv(c, 32, 3, true));
                l.add(of(Kind.RELU));
                l.add(conv(32, 32, 3, true));
                l.add(of(Kind.RELU));
                l.add(of(Kind.AVG_POOL));
                l.add(conv(32, 64, 3, true));
                l.add(of(Kind.RELU));
                l.add(conv(64, 64, 3, true));
                l.add(of(Kind.RELU));
                l.add(of(Kind.AVG_POOL));
                l.add(of(Kind.FLATTEN));
                l.add(dense(64 * (h / 4) * (w / 4), 256, true));
                l.add(of(Kind.RELU));
                if (dropout) l.add(of(Kind.DROPOUT));
                l.add(dense(256, classes, true));
            }
            case RESNET -> {
                int in = c;
                for (int width : new int[] {16, 32}) {
                    l.add(conv(in, width, 3, true));
                    l.add(of(Kind.RELU));
                    l.add(of(Kind.SKIP));
                    l.add(conv(width, width, 3, true));
                    l.add(of(Kind.RELU));
                    l.add(conv(width, width, 3, true));
                    l.add(of(Kind.ADD));
                    l.add(of(Kind.RELU));
                    l.add(of(Kind.AVG_POOL));
                    in = width;
                }
                l.add(of(Kind.FLATTEN));
                if (dropout) l.add(of(Kind.DROPOUT));
                l.add(dense(in * (h / 4) * (w / 4), classes, true));
            }
            case VGG16 -> {
                if (h % 32 != 0 || w % 32 != 0) {
                    throw new IllegalArgumentException("vgg16 pools five times: the input height and width must be multiples of 32, got " + h + "x" + w);
                }
                int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
                int in = c;
                for (int[] block : blocks) {
                    for (int out : block) {
                        l.add(conv(in, out, 3, true));
                        l.add(of(Kind.RELU));
                        in = out;
                    }
                    l.add(of(Kind.AVG_POOL));
                }
                l.add(of(Kind.GLOBAL_POOL));
                if (dropout) l.add(of(Kind.DROPOUT));
                l.add(dense(in, classes, true));
            }
            case UNET -> unet(l, c, h, w, classes, UNET_WIDTH);
        }
        return l;
    }

    /** Channels of the first level of {@link Arch#UNET}; each level below doubles them. */
    public static final int UNET_WIDTH = 8;

    /**
     * A two-level UNet with {@code b}, {@code 2b} and {@code 4b} channels: per encoder level [conv3x3 ReLU] x 2, its
     * output kept for the skip, 2x2 max pooling; a [conv3x3 ReLU] x 2 bottleneck; per decoder level a 2x2 stride-2
     * transposed convolution + ReLU, concatenation with the kept encoder output, [conv3x3 ReLU] x 2; a 1x1
     * convolution to the classes (per-pixel logits).
     */
    private static void unet(List<LayerDef> l, int c, int h, int w, int classes, int b) {
        if (h % 4 != 0 || w % 4 != 0) {
            throw new IllegalArgumentException("unet pools twice: the input height and width must be multiples of 4, got " + h + "x" + w);
        }
        int in = c;
        for (int level = 0; level < 2; level++) {
            int ch = b << level;
            l.add(conv(in, ch, 3, true));
            l.add(of(Kind.RELU));
            l.add(conv(ch, ch, 3, true));
            l.add(of(Kind.RELU));
            l.add(of(Kind.SKIP));
            l.add(of(Kind.MAX_POOL));
            in = ch;
        }
        l.add(conv(in, 4 * b, 3, true));
        l.add(of(Kind.RELU));
        l.add(conv(4 * b, 4 * b, 3, true));
        l.add(of(Kind.RELU));
        in = 4 * b;
        for (int level = 1; level >= 0; level--) {
            int ch = b << level;
            l.add(upConv(in, ch));
            l.add(of(Kind.RELU));
            l.add(of(Kind.CONCAT));
            l.add(conv(2 * ch, ch, 3, true));
            l.add(of(Kind.RELU));
            l.add(conv(ch, ch, 3, true));
            l.add(of(Kind.RELU));
            in = ch;
        }
        l.add(conv(in, classes, 1, true));
    }
}
