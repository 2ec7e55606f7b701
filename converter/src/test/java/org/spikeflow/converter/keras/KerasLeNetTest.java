package org.spikeflow.converter.keras;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.IdxReader;
import org.spikeflow.data.SharedFixtures;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Keras 2.2.4 channels_first LeNet-5 fixture imports exactly: 99.40% on the mnist-subset test split. */
class KerasLeNetTest {

    @Test
    void lenetScores9940PercentAsAnAnn() {
        var h5 = SharedFixtures.resolve("fixtures/keras_lenet5_mnist.h5");
        var data = SharedFixtures.resolve("data/mnist-subset");
        assumeTrue(h5.isPresent() && data.isPresent(), "../shared fixtures not present (outside clone): skipping");
        Network net = KerasImporter.load(h5.get());
        assertEquals(784, net.input().size());
        Dataset test = IdxReader.load(data.get(), IdxReader.Split.TEST);
        AnalogForward f = new AnalogForward(net);
        int ok = 0;
        for (int i = 0; i < test.size(); i++) if (AnalogForward.argmax(f.logits(test.samples()[i])) == test.labels()[i]) ok++;
        assertEquals(2000, test.size());
        assertEquals(1988, ok, "99.40% of 2,000");
    }
}
