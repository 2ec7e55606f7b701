package org.spikeflow.training;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeflow.graph.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A layer plan as a SameDiff graph (NCHW): the parameters, the logits and, for every RELU layer, the shape of its
 * output. What a RELU layer computes is left to an {@link Activation}: plain ReLU, QCFS, or the straight-through
 * spiking activation of fine-tuning.
 */
final class NetGraph {
    /** The activation of RELU layer {@code index} applied to pre-activation {@code z} of per-sample shape {@code shape}. */
    @FunctionalInterface
    interface Activation {
        SDVariable apply(SameDiff sd, SDVariable z, int index, long[] shape);
    }

    final SameDiff sd;
    final SDVariable logits;
    final List<SDVariable> weights = new ArrayList<>();
    final List<SDVariable> biases = new ArrayList<>();
    /** Per-sample shape of each RELU layer's output ({@code [c, h, w]} after a convolution, {@code [n]} after a dense layer). */
    final List<long[]> reluShapes = new ArrayList<>();
    /** Width of each dropout mask placeholder {@code dropmask<i>} (shape {@code [batch, width]}). */
    final List<Long> dropoutWidths = new ArrayList<>();

    /**
     * @param init    parameters to start from (export layout, see {@link TrainedModel}), or null for He initialization
     * @param rng     random source of He initialization (unused with {@code init})
     * @param dropout dropout rate of DROPOUT layers (0 = identity)
     */
    NetGraph(Shape s, int classes, List<LayerDef> plan, TrainedModel init, SplittableRandom rng, double dropout, Activation act) {
        sd = SameDiff.create();
        SDVariable x = sd.placeHolder("input", DataType.FLOAT, -1, s.channels(), s.height(), s.width());
        sd.placeHolder("label", DataType.FLOAT, -1, classes);
        Builder b = new Builder(x, s, init, rng, dropout, act);
        for (LayerDef l : plan) l.accept(b);
        x = b.x;
        logits = x.rename("logits");
    }

    /** A tensor kept for a skip connection, with its per-sample channels, height and width. */
    private record Kept(SDVariable x, int c, int h, int w) {
    }

    /** Adds each layer of a plan to the graph, tracking the tensor and its per-sample shape. */
    private final class Builder implements LayerDef.Visitor {
        private final TrainedModel init;
        private final SplittableRandom rng;
        private final double dropout;
        private final Activation act;
        SDVariable x;
        private int p;
        private int c;
        private int h;
        private int w;
        private boolean flat;
        /** Tensors kept by SKIP layers. */
        private final java.util.ArrayDeque<Kept> kept = new java.util.ArrayDeque<>();

        Builder(SDVariable x, Shape s, TrainedModel init, SplittableRandom rng, double dropout, Activation act) {
            this.x = x;
            this.init = init;
            this.rng = rng;
            this.dropout = dropout;
            this.act = act;
            this.c = s.channels();
            this.h = s.height();
            this.w = s.width();
        }

        @Override
        public void conv(LayerDef l) {
            int k = l.kernel();
            float[] wInit = init == null ? he(rng, k * k * l.in() * l.out(), l.in() * k * k) : hwio(init.weights().get(p), l);
            SDVariable wv = sd.var("w" + p, Nd4j.create(wInit, new long[] {k, k, l.in(), l.out()}, 'c'));
            SDVariable bv = !l.bias() ? null : sd.var("b" + p, init == null ? Nd4j.zeros(DataType.FLOAT, l.out())
                : Nd4j.create(init.biases().get(p).clone(), new long[] {l.out()}, 'c'));
            Conv2DConfig cc = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).pH(l.pad()).pW(l.pad())
                .dH(1).dW(1).dataFormat("NCHW").build();
            x = bv == null ? sd.cnn().conv2d("conv" + p, x, wv, cc) : sd.cnn().conv2d("conv" + p, x, wv, bv, cc);
            weights.add(wv);
            biases.add(bv);
            c = l.out();
            p++;
        }

        @Override
        public void dense(LayerDef l) {
            float[] wInit = init == null ? he(rng, l.in() * l.out(), l.in()) : init.weights().get(p).clone();
            SDVariable wv = sd.var("w" + p, Nd4j.create(wInit, new long[] {l.in(), l.out()}, 'c'));
            SDVariable bv = !l.bias() ? null : sd.var("b" + p, init == null ? Nd4j.zeros(DataType.FLOAT, 1, l.out())
                : Nd4j.create(init.biases().get(p).clone(), new long[] {1, l.out()}, 'c'));
            x = x.mmul(wv);
            if (bv != null) x = x.add(bv);
            weights.add(wv);
            biases.add(bv);
            c = l.out();
            p++;
        }

        @Override
        public void relu(LayerDef l) {
            long[] shape = flat ? new long[] {c} : new long[] {c, h, w};
            x = act.apply(sd, x, reluShapes.size(), shape);
            reluShapes.add(shape);
        }

        @Override
        public void avgPool(LayerDef l) {
            x = sd.cnn().avgPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).isNHWC(false)
                .type(Pooling2D.Pooling2DType.AVG).build());
            h /= 2;
            w /= 2;
        }

        @Override
        public void flatten(LayerDef l) {
            x = sd.reshape(x, -1, (long) c * h * w);
            flat = true;
        }

        @Override
        public void globalPool(LayerDef l) {
            x = sd.mean(x, 2, 3);
            h = 1;
            w = 1;
            flat = true;
        }

        @Override
        public void maxPool(LayerDef l) {
            x = sd.cnn().maxPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).isNHWC(false)
                .type(Pooling2D.Pooling2DType.MAX).build());
            h /= 2;
            w /= 2;
        }

        @Override
        public void upConv(LayerDef l) {
            float[] wInit = init == null ? he(rng, l.weightCount(), l.fanIn()) : hwoi(init.weights().get(p), l);
            SDVariable wv = sd.var("w" + p, Nd4j.create(wInit, new long[] {l.kernel(), l.kernel(), l.out(), l.in()}, 'c'));
            SDVariable bv = sd.var("b" + p, init == null ? Nd4j.zeros(DataType.FLOAT, l.out())
                : Nd4j.create(init.biases().get(p).clone(), new long[] {l.out()}, 'c'));
            x = sd.cnn().deconv2d("up" + p, x, wv, bv, org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig
                .builder().kH(l.kernel()).kW(l.kernel()).sH(2).sW(2).pH(0).pW(0).dH(1).dW(1).dataFormat("NCHW").build());
            weights.add(wv);
            biases.add(bv);
            c = l.out();
            h *= 2;
            w *= 2;
            p++;
        }

        @Override
        public void skip(LayerDef l) {
            kept.push(new Kept(x, c, h, w));
        }

        @Override
        public void add(LayerDef l) {
            if (kept.isEmpty()) throw new IllegalArgumentException("ADD without a kept tensor (SKIP) before it");
            Kept k = kept.pop();
            if (k.c() != c || k.h() != h || k.w() != w) {
                throw new IllegalArgumentException("cannot add " + c + "x" + h + "x" + w + " and a kept " + k.c() + "x" + k.h() + "x" + k.w());
            }
            x = x.add(k.x());
        }

        @Override
        public void concat(LayerDef l) {
            if (kept.isEmpty()) throw new IllegalArgumentException("CONCAT without a kept tensor (SKIP) before it");
            Kept k = kept.pop();
            if (k.h() != h || k.w() != w) {
                throw new IllegalArgumentException("cannot concatenate " + h + "x" + w + " with a kept " + k.h() + "x" + k.w());
            }
            x = sd.concat(1, x, k.x());
            c += k.c();
        }

        @Override
        public void dropout(LayerDef l) {
            if (dropout > 0) {
                // ND4J's dropout op has no gradient: multiply by a mask placeholder (0 or 1/keep), drawn
                // per batch from the seeded training random source.
                long width = flat ? c : (long) c * h * w;
                String name = "dropmask" + dropoutWidths.size();
                x = x.mul(sd.placeHolder(name, DataType.FLOAT, -1, width));
                dropoutWidths.add(width);
            }
        }
    }

    /** Dropout masks for a batch of {@code n}: each entry 0 or {@code 1 / keep}, or all ones when {@code rng} is null. */
    org.nd4j.linalg.api.ndarray.INDArray[] dropoutMasks(int n, double dropout, SplittableRandom rng) {
        org.nd4j.linalg.api.ndarray.INDArray[] m = new org.nd4j.linalg.api.ndarray.INDArray[dropoutWidths.size()];
        float keep = (float) (1 - dropout);
        for (int i = 0; i < m.length; i++) {
            float[] v = new float[(int) (n * dropoutWidths.get(i))];
            for (int j = 0; j < v.length; j++) v[j] = rng == null ? 1f : rng.nextDouble() < keep ? 1f / keep : 0f;
            m[i] = Nd4j.create(v, new long[] {n, dropoutWidths.get(i)}, 'c');
        }
        return m;
    }

    /** The current parameters in export layout (conv OIHW, dense [in][out]). */
    List<float[][]> parameters(List<LayerDef> plan) {
        List<float[][]> out = new ArrayList<>();
        int p = 0;
        for (LayerDef l : plan) {
            if (!l.hasParameters()) continue;
            float[] raw = weights.get(p).getArr().dup('c').data().asFloat();
            if (l.kind() == LayerDef.Kind.CONV) raw = oihw(raw, l);
            if (l.kind() == LayerDef.Kind.UP_CONV) raw = iohw(raw, l);
            out.add(new float[][] {raw, biases.get(p) == null ? null : biases.get(p).getArr().dup('c').data().asFloat()});
            p++;
        }
        return out;
    }

    /** OIHW (export layout) to SameDiff's {@code [kh][kw][in][out]}. */
    static float[] hwio(float[] oihw, LayerDef l) {
        int k = l.kernel();
        float[] r = new float[oihw.length];
        for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
                for (int ci = 0; ci < l.in(); ci++)
                    for (int co = 0; co < l.out(); co++)
                        r[((ky * k + kx) * l.in() + ci) * l.out() + co] = oihw[((co * l.in() + ci) * k + ky) * k + kx];
        return r;
    }

    static float[] oihw(float[] hwio, LayerDef l) {
        int k = l.kernel();
        float[] r = new float[hwio.length];
        for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
                for (int ci = 0; ci < l.in(); ci++)
                    for (int co = 0; co < l.out(); co++)
                        r[((co * l.in() + ci) * k + ky) * k + kx] = hwio[((ky * k + kx) * l.in() + ci) * l.out() + co];
        return r;
    }

    /** A transposed convolution's ONNX layout {@code [in][out][kh][kw]} to SameDiff's {@code [kh][kw][out][in]}. */
    static float[] hwoi(float[] iohw, LayerDef l) {
        int k = l.kernel();
        float[] r = new float[iohw.length];
        for (int ci = 0; ci < l.in(); ci++)
            for (int co = 0; co < l.out(); co++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                        r[((ky * k + kx) * l.out() + co) * l.in() + ci] = iohw[((ci * l.out() + co) * k + ky) * k + kx];
        return r;
    }

    /** SameDiff's transposed convolution layout {@code [kh][kw][out][in]} to ONNX's {@code [in][out][kh][kw]}. */
    static float[] iohw(float[] hwoi, LayerDef l) {
        int k = l.kernel();
        float[] r = new float[hwoi.length];
        for (int ci = 0; ci < l.in(); ci++)
            for (int co = 0; co < l.out(); co++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                        r[((ci * l.out() + co) * k + ky) * k + kx] = hwoi[((ky * k + kx) * l.out() + co) * l.in() + ci];
        return r;
    }

    static float[] he(SplittableRandom r, int n, int fanIn) {
        float[] w = new float[n];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < n; i++) {
            double u1 = Math.max(1e-12, r.nextDouble()), u2 = r.nextDouble();
            w[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return w;
    }

    /**
     * Builds the gradient graph of {@code sd} now rather than in its first {@code fit}. ND4J 1.0.0-M2.1 prints a
     * line per differentiated op to {@code System.out} while doing so; that output is discarded here so that it
     * does not mix with a command's own output.
     */
    static void createGradients(SameDiff sd) {
        java.io.PrintStream stdout = System.out;
        synchronized (NetGraph.class) {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(stdout);
            }
        }
    }
}
