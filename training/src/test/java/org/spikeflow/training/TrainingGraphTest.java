package org.spikeflow.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Shape;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingGraphTest {

    @Test
    void globalPoolingAndHeadBiasReshapeThePlan() {
        List<LayerDef> flat = LayerDef.plan(Arch.CONVNET, 1, 28, 28, 10, false);
        List<LayerDef> gap = LayerDef.plan(Arch.CONVNET, 1, 28, 28, 10, false, true, false);
        assertEquals(LayerDef.dense(64 * 7 * 7, 128, true), flat.get(flat.indexOf(LayerDef.of(LayerDef.Kind.FLATTEN)) + 1));
        assertFalse(gap.contains(LayerDef.of(LayerDef.Kind.FLATTEN)));
        assertEquals(LayerDef.dense(64, 128, true), gap.get(gap.indexOf(LayerDef.of(LayerDef.Kind.GLOBAL_POOL)) + 1),
            "one input per channel after global pooling");
        assertEquals(LayerDef.dense(128, 10, false), gap.get(gap.size() - 1), "bias-free head");
        List<LayerDef> cnn = LayerDef.plan(Arch.CNN, 1, 28, 28, 10, false, false, null);
        assertFalse(cnn.get(cnn.size() - 1).bias(), "cnn keeps its bias-free head by default");
        List<LayerDef> cnnBias = LayerDef.plan(Arch.CNN, 1, 28, 28, 10, false, false, true);
        assertTrue(cnnBias.get(cnnBias.size() - 1).bias());
        assertThrows(IllegalArgumentException.class, () -> LayerDef.plan(Arch.MLP, 1, 28, 28, 10, false, true, null));
    }

    @Test
    void globalPoolTrainingGraphComputesWhatTheExportedModelComputes(@TempDir Path dir) throws Exception {
        Dataset data = FineTunerTest.bands(6, 3);
        List<LayerDef> plan = LayerDef.plan(Arch.CNN, 1, 8, 8, 3, false, true, true);
        TrainedModel m = FineTunerTest.model(plan, 5, List.of());
        NetGraph g = new NetGraph(Shape.chw(1, 8, 8), 3, plan, m, null, 0, (sd, z, index, shape) -> sd.nn().relu(z, 0));
        INDArray logits = g.sd.output(Map.of("input", Trainer.batch(data, 3).getFeatures()), "logits").get("logits");
        Path onnx = dir.resolve("exported.onnx");
        OnnxExport.write(m, onnx);
        AnalogForward exported = new AnalogForward(org.spikeflow.converter.onnx.OnnxImporter.load(onnx));
        double largest = 0;
        for (int s = 0; s < data.size(); s++) {
            float[] want = exported.logits(data.samples()[s]);
            for (int k = 0; k < 3; k++) {
                assertEquals(want[k], logits.getFloat(s, k), 1e-4, "sample " + s + " class " + k);
                largest = Math.max(largest, Math.abs(want[k]));
            }
        }
        assertTrue(largest > 1e-3, "logits all zero: the comparison would be empty");
        Path f = dir.resolve("gap.onnx");
        OnnxExport.write(m, f);
        assertTrue(OnnxExport.toProto(m).getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("GlobalAveragePool")));
        assertEquals(plan, ModelReader.read(f).layers(), "read back for fine-tuning and --init");
    }

    /** Residual blocks and max pooling: SameDiff's graph, the exported ONNX model and its read-back agree. */
    @Test
    void residualMaxPoolTrainingGraphComputesWhatTheExportedModelComputes(@TempDir Path dir) throws Exception {
        Dataset data = FineTunerTest.bands(6, 3);
        List<LayerDef> plan = LayerDef.plan(Arch.RESNET, 1, 8, 8, 3, false, false, null, true);
        assertEquals(2, plan.stream().filter(l -> l.kind() == LayerDef.Kind.MAX_POOL).count());
        assertFalse(plan.contains(LayerDef.of(LayerDef.Kind.AVG_POOL)), "every average pooling replaced");
        TrainedModel m = FineTunerTest.model(plan, 9, List.of());
        NetGraph g = new NetGraph(Shape.chw(1, 8, 8), 3, plan, m, null, 0, (sd, z, index, shape) -> sd.nn().relu(z, 0));
        INDArray logits = g.sd.output(Map.of("input", Trainer.batch(data, 3).getFeatures()), "logits").get("logits");
        Path onnx = dir.resolve("resnet.onnx");
        OnnxExport.write(m, onnx);
        Network imported = org.spikeflow.converter.onnx.OnnxImporter.load(onnx);
        AnalogForward exported = new AnalogForward(imported);
        double largest = 0;
        for (int s = 0; s < data.size(); s++) {
            float[] want = exported.logits(data.samples()[s]);
            for (int k = 0; k < 3; k++) {
                // Random weights through five layers give logits in the hundreds: float sums agree to a relative 1e-6.
                assertEquals(want[k], logits.getFloat(s, k), 1e-5 * Math.max(1, Math.abs(want[k])), "sample " + s + " class " + k);
                largest = Math.max(largest, Math.abs(want[k]));
            }
        }
        assertTrue(largest > 1e-3, "logits all zero: the comparison would be empty");
        long merges = imported.populations().stream().filter(p -> imported.incoming(p.id()).size() == 2).count();
        assertEquals(2, merges, "each residual block is one population with two incoming projections");
        assertEquals(plan, ModelReader.read(onnx).layers(), "read back for fine-tuning and --init");
    }

    /** The network trained models become without a file equals the one their ONNX export imports to, weight for weight. */
    @Test
    void networkBuiltDirectlyEqualsTheImportOfTheExportedModel(@TempDir Path dir) throws Exception {
        for (Arch arch : Arch.values()) {
            // VGG-16 pools five times: its smallest input is 32x32 (14.7M weights, so once, without ceilings).
            final boolean vgg16 = arch == Arch.VGG16;
            // The UNet has no dense layer (no dropout, no global pooling) and plain ReLU only.
            final boolean unet = arch == Arch.UNET;
            final int side = vgg16 ? 32 : unet ? UNetTrainingTest.SIDE : FineTunerTest.SIDE;
            for (boolean capped : vgg16 || unet ? new boolean[] {false} : new boolean[] {false, true}) {
                boolean gap = arch != Arch.MLP && capped;
                List<LayerDef> plan = LayerDef.plan(arch, 1, side, side, FineTunerTest.CLASSES, !unet, gap, null);
                long relus = plan.stream().filter(l -> l.kind() == LayerDef.Kind.RELU).count();
                List<Float> caps = new java.util.ArrayList<>();
                for (int i = 0; capped && i < relus; i++) caps.add(1.5f + i);
                TrainedModel m = unet ? UNetTrainingTest.random(plan, 11) : FineTunerTest.model(plan, 11 + arch.ordinal(), caps);
                Path f = dir.resolve(arch + "-" + capped + ".onnx");
                OnnxExport.write(m, f);
                Network imported = org.spikeflow.converter.onnx.OnnxImporter.load(f);
                Network direct = NetworkBuilder.of(m);
                assertArrayEquals(org.spikeflow.graph.io.NetworkFile.toBytes(anonymous(imported)),
                    org.spikeflow.graph.io.NetworkFile.toBytes(anonymous(direct)), arch + (capped ? " with ceilings and global pooling" : ""));
            }
        }
    }

    /** The same graph without its name and provenance (which say where it came from, not what it is). */
    private static Network anonymous(Network n) {
        Network.Builder b = Network.builder("n");
        n.metadata().forEach((k, v) -> {
            if (!k.startsWith("source")) b.meta(k, v);
        });
        Map<org.spikeflow.graph.Population, org.spikeflow.graph.Population> copy = new java.util.IdentityHashMap<>();
        for (var p : n.populations()) {
            copy.put(p, p.copy());
            b.add(copy.get(p));
        }
        for (var pr : n.projections()) b.connect(pr.rewire(copy.get(pr.source()), copy.get(pr.target())));
        return b.output(copy.get(n.output())).build();
    }

    @Test
    void biasL1ShrinksTheBiases() {
        Dataset data = FineTunerTest.bands(96, 4);
        double plain = biasMass(Trainer.train("plain", config(0), data, null, null));
        double l1 = biasMass(Trainer.train("l1", config(0.05), data, null, null));
        assertTrue(l1 < 0.5 * plain, "bias L1 " + l1 + " vs none " + plain);
    }

    private static TrainingConfig config(double biasL1) {
        return new TrainingConfig(Arch.MLP, 4, 16, 0.01, Optimizer.ADAM, 0, 0, 7, 0, 4, 0, biasL1, false, null);
    }

    private static double biasMass(TrainedModel m) {
        double s = 0;
        for (float[] b : m.biases()) if (b != null) for (float v : b) s += Math.abs(v);
        return s;
    }
}
