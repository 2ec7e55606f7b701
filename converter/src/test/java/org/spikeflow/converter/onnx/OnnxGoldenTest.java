package org.spikeflow.converter.onnx;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeflow.converter.io.Npy;
import org.spikeflow.converter.io.NpyArray;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.SharedFixtures;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The imported ONNX fixtures reproduce PyTorch's golden logits. */
class OnnxGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"mnist_cnn", "fashion_vgg", "fashion_mlp"})
    void reproducesGoldenLogitsWithin1e4(String model) {
        var onnx = SharedFixtures.resolve("fixtures/" + model + ".onnx");
        var golden = SharedFixtures.resolve("fixtures/" + model + "_golden.npz");
        assumeTrue(onnx.isPresent() && golden.isPresent(), "../shared/fixtures not present (outside clone): skipping " + model);
        Network net = OnnxImporter.load(onnx.get());
        Map<String, NpyArray> g = Npy.readNpz(golden.get());
        NpyArray input = g.get("input");
        NpyArray logits = g.get("logits");
        AnalogForward f = new AnalogForward(net);
        double maxErr = 0;
        for (int s = 0; s < input.shape()[0]; s++) {
            float[] x = Dataset.toHwc(input.row(s), net.input().shape());
            float[] out = f.logits(x);
            float[] ref = logits.row(s);
            assertEquals(ref.length, out.length);
            for (int k = 0; k < ref.length; k++) maxErr = Math.max(maxErr, Math.abs(out[k] - ref[k]));
        }
        assertTrue(maxErr <= 1e-4, model + ": max abs logit error " + maxErr);
    }
}
