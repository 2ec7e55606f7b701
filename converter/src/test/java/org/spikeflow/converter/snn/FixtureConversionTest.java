package org.spikeflow.converter.snn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeflow.converter.ModelLoader;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataLoader;
import org.spikeflow.data.spec.DataSpec;
import org.spikeflow.testing.SharedFixtures;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.ReadoutMode;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end conversion of every fixture on a few hundred test samples (spread over all classes), simulated
 * event by event: the SNN must stay within a small margin of the ANN on the same samples.
 */
class FixtureConversionTest {

    static Dataset spread(Dataset d, int n, long seed) {
        int[] idx = new SplittableRandom(seed).ints(0, d.size()).distinct().limit(n).toArray();
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = d.samples()[idx[i]];
            y[i] = d.labels()[idx[i]];
        }
        return new Dataset(d.name(), d.shape(), x, y, d.classes());
    }

    @ParameterizedTest(name = "{0} at T={3}")
    @CsvSource({
        "fixtures/mnist_cnn.onnx, data/mnist-subset, 300, 8, percentile, 0.015",
        "fixtures/keras_lenet5_mnist.h5, data/mnist-subset, 300, 16, percentile, 0.015",
        "fixtures/fashion_mlp.onnx, data/fashion-mnist, 300, 8, channel, 0.02",
        "fixtures/fashion_vgg.onnx, data/fashion-mnist, 150, 32, channel, 0.03"})
    void convertedFixtureStaysCloseToItsAnn(String model, String data, int samples, int timesteps, String norm, double margin) {
        var m = SharedFixtures.require(model);
        var d = DataSpec.parse("idx:" + SharedFixtures.require(data));
        Network ann = ModelLoader.load(m);
        Dataset test = spread(DataLoader.file(d, "t10k"), samples, 11);
        Dataset calibration = spread(DataLoader.file(d, "train"), 500, 12);
        SpikingOptions o = SpikingOptions.DEFAULT.withNorm(norm.equals("channel") ? NormMode.CHANNEL_PERCENTILE : NormMode.PERCENTILE)
            .withPercentile(norm.equals("channel") ? 99.0 : 99.9);
        Network snn = SpikingConversion.convert(ann, calibration, o, true, 2, null);
        AnalogForward f = new AnalogForward(ann);
        int ok = 0;
        for (int i = 0; i < test.size(); i++) if (AnalogForward.argmax(f.logits(test.samples()[i])) == test.labels()[i]) ok++;
        double annAcc = ok / (double) test.size();
        SimulationResult r = Engines.create(EngineKind.EVENT).run(snn, test, SimulationConfig.builder().timesteps(timesteps)
            .threads(2).readout(ReadoutMode.MEMBRANE).build());
        double snnAcc = r.accuracyAt(timesteps);
        assertTrue(snnAcc >= annAcc - margin, model + ": SNN " + snnAcc + " vs ANN " + annAcc + " at T=" + timesteps);
        assertTrue(r.totalSpikes() > 0);
    }
}
