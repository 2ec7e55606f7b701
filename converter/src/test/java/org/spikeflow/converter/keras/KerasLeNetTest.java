package org.spikeflow.converter.keras;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataLoader;
import org.spikeflow.data.spec.DataSpec;
import org.spikeflow.testing.SharedFixtures;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Keras 2.2.4 channels_first LeNet-5 fixture imports exactly: 99.40% on the mnist-subset test split. */
class KerasLeNetTest {

    @Test
    void lenetScores9940PercentAsAnAnn() {
        var h5 = SharedFixtures.require("fixtures/keras_lenet5_mnist.h5");
        var data = SharedFixtures.require("data/mnist-subset");
        Network net = KerasImporter.load(h5);
        assertEquals(784, net.input().size());
        Dataset test = DataLoader.file(DataSpec.parse("idx:" + data), "t10k");
        AnalogForward f = new AnalogForward(net);
        int ok = 0;
        for (int i = 0; i < test.size(); i++) if (AnalogForward.argmax(f.logits(test.samples()[i])) == test.labels()[i]) ok++;
        assertEquals(2000, test.size());
        assertEquals(1988, ok, "99.40% of 2,000");
    }
}
