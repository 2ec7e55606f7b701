package org.spikeflow.training;

import org.spikeflow.converter.ann.AnnGraphBuilder;
import org.spikeflow.converter.ann.AnnGraphBuilder.Value;
import org.spikeflow.engine.analog.AnalogForward.Caps;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Shape;

/**
 * The ANN-form event graph of a {@link TrainedModel}, built directly with the converter's graph builder: the same
 * calls, names and weights the ONNX importer makes for the model's export, without writing and re-reading a file
 * (validation epochs, every spiking forward pass and every fine-tuning batch build one).
 */
public final class NetworkBuilder {
    private NetworkBuilder() {
    }

    public static Network of(TrainedModel m) {
        AnnGraphBuilder b = new AnnGraphBuilder(m.name());
        b.meta("source", m.name());
        b.meta("source.format", "spikeflow training");
        Layers layers = new Layers(m, b);
        for (LayerDef l : m.layers()) l.accept(layers);
        return b.build(layers.x);
    }

    /** Mirrors {@link OnnxExport}'s nodes and their names, as the importer reads them. */
    private static final class Layers implements LayerDef.Visitor {
        private final TrainedModel m;
        private final AnnGraphBuilder b;
        Value x;
        private int p;
        private int n;
        private int relu;
        /** Values kept by SKIP layers. */
        private final java.util.ArrayDeque<Value> kept = new java.util.ArrayDeque<>();

        Layers(TrainedModel m, AnnGraphBuilder b) {
            this.m = m;
            this.b = b;
            this.x = b.input("input", Shape.chw(m.channels(), m.height(), m.width()));
        }

        @Override
        public void conv(LayerDef l) {
            n++;
            int k = l.kernel(), pad = l.pad();
            x = b.conv("conv" + p, x, m.weights().get(p), l.out(), l.in(), k, k, 1, 1, pad, pad, pad, pad, 1, 1, m.biases().get(p));
            p++;
        }

        @Override
        public void dense(LayerDef l) {
            n++;
            x = b.dense("dense" + p, x, m.weights().get(p), l.in(), l.out(), m.biases().get(p));
            p++;
        }

        @Override
        public void relu(LayerDef l) {
            n++;
            if (relu < m.caps().size()) {
                AnnGraphBuilder.Fixed f = b.relu("clip" + n, x);
                b.meta(Caps.KEY_PREFIX + f.population().name(), Float.toString(m.caps().get(relu)));
                x = f;
            } else {
                x = b.relu("relu" + n, x);
            }
            relu++;
        }

        @Override
        public void avgPool(LayerDef l) {
            n++;
            String name = "pool" + n;
            x = b.avgPool(name, rectified(name), 2, 2, 2, 2, 0, 0, 0, 0);
        }

        @Override
        public void flatten(LayerDef l) {
            n++;
            x = b.flatten("flatten" + n, x, AnnGraphBuilder.FlattenOrder.CHW);
        }

        @Override
        public void globalPool(LayerDef l) {
            n++;
            x = b.flatten("flatten" + n, b.globalAvgPool("gap" + n, rectified("gap" + n)), AnnGraphBuilder.FlattenOrder.CHW);
        }

        @Override
        public void dropout(LayerDef l) {
            n++;
        }

        @Override
        public void maxPool(LayerDef l) {
            n++;
            String name = "pool" + n;
            x = b.maxPool(name, rectified(name), 2, 2, 2, 2, 0, 0, 0, 0, false);
        }

        @Override
        public void upConv(LayerDef l) {
            n++;
            int k = l.kernel();
            x = b.convTranspose("up" + p, x, m.weights().get(p), l.in(), l.out(), 1, k, k, 2, 2, 0, 0, 0, 0, 1, 1, 0, 0,
                m.biases().get(p));
            p++;
        }

        @Override
        public void skip(LayerDef l) {
            n++;
            kept.push(x);
        }

        @Override
        public void add(LayerDef l) {
            n++;
            x = b.add("add" + n, x, kept.pop());
        }

        @Override
        public void concat(LayerDef l) {
            n++;
            x = b.concat("concat" + n, java.util.List.of(x, kept.pop()));
        }

        /** Pooling reads activations: a pending linear layer is rectified first, as the importer does. */
        private Value rectified(String name) {
            return x instanceof AnnGraphBuilder.Pending ? b.relu(name + ".relu", x) : x;
        }
    }
}
