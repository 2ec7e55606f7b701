package org.spikeflow.converter.onnx;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeflow.data.io.Npy;
import org.spikeflow.data.io.NpyArray;
import org.spikeflow.data.Dataset;
import org.spikeflow.testing.SharedFixtures;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The imported ONNX fixtures reproduce PyTorch's golden logits. */
class OnnxGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"mnist_cnn", "fashion_vgg", "fashion_mlp", "seg_unet"})
    void reproducesGoldenLogitsWithin1e4(String model) {
        var onnx = SharedFixtures.require("fixtures/" + model + ".onnx");
        var golden = SharedFixtures.require("fixtures/" + model + "_golden.npz");
        Network net = OnnxImporter.load(onnx);
        Map<String, NpyArray> g = Npy.readNpz(golden);
        NpyArray input = g.get("input");
        NpyArray logits = g.get("logits");
        AnalogForward f = new AnalogForward(net);
        double maxErr = 0;
        for (int s = 0; s < input.shape()[0]; s++) {
            float[] x = Dataset.toHwc(input.row(s), net.input().shape());
            // A spatial output (seg_unet: 11 x 64 x 64) is compared in the golden file's CHW order.
            float[] out = net.output().shape().isFlat() ? f.logits(x) : Dataset.toChw(f.logits(x), net.output().shape());
            float[] ref = logits.row(s);
            assertEquals(ref.length, out.length);
            for (int k = 0; k < ref.length; k++) maxErr = Math.max(maxErr, Math.abs(out[k] - ref[k]));
        }
        assertTrue(maxErr <= 1e-4, model + ": max abs logit error " + maxErr);
    }
}
