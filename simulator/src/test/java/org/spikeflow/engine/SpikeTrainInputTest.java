package org.spikeflow.engine;

import org.junit.jupiter.api.Test;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Shape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SpikeTrainInputTest {

    @Test
    void spikeTrainEncoderReplaysRowTAtTimestepT() {
        SimulationConfig cfg = SimulationConfig.builder().timesteps(4).encoder(EncoderKind.SPIKE_TRAIN).build();
        InputEncoder e = new InputEncoder(cfg, 3);
        // Three inputs, three recorded steps: step 0 input 2; step 1 inputs 0 and 1 (twice); step 2 nothing.
        e.start(0, new float[] {0, 0, 1, 1, 2, 0, 0, 0, 0});
        int[] idx = new int[3];
        float[] val = new float[3];
        assertEquals(1, e.next(idx, val));
        assertEquals(2, idx[0]);
        assertEquals(2, e.next(idx, val));
        assertArrayEquals(new float[] {1, 2}, new float[] {val[0], val[1]});
        assertEquals(0, e.next(idx, val));
        assertEquals(0, e.next(idx, val), "past the recording the input is silent");
    }

    @Test
    void receptiveFieldsFireEarlierTheStrongerTheyRespond() {
        Dataset d = new Dataset("px", Shape.chw(1, 1, 1), new float[][] {{0f}}, new int[] {0}, 1);
        Dataset enc = ReceptiveFieldEncoding.encode(d, 5, 10);
        assertEquals(Shape.chw(5, 1, 1), enc.shape());
        float[] train = enc.samples()[0];
        assertEquals(50, train.length);
        // sigma = 1 / (1.5 * 4); field 0 (centre 0): r = 1 -> t = 0. Field 1 (centre 0.25):
        // r = exp(-0.0625 / (2 sigma^2)) = exp(-1.125) = 0.3247 -> t = round(0.6753 * 9) = 6. Field 2: r = exp(-4.5) < 0.1.
        assertEquals(1f, train[0 * 5 + 0]);
        assertEquals(1f, train[6 * 5 + 1]);
        float total = 0;
        for (float v : train) total += v;
        assertEquals(2f, total, "only two fields respond above 0.1");
    }

    @Test
    void enginesAgreeOnSpikeTrainInput() {
        var net = org.spikeflow.bench.SyntheticNetworks.dense(12, 8, 1, 3);
        float[][] x = new float[3][5 * 12];
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        for (float[] s : x) for (int i = 0; i < s.length; i++) s[i] = r.nextDouble() < 0.3 ? 1f : 0f;
        Dataset d = new Dataset("trains", Shape.flat(12), x, new int[3], 10);
        SimulationConfig cfg = SimulationConfig.builder().timesteps(6).encoder(EncoderKind.SPIKE_TRAIN).threads(2).build();
        SimulationResult a = Engines.create(EngineKind.DENSE).run(net, d, cfg);
        SimulationResult b = Engines.create(EngineKind.EVENT).run(net, d, cfg);
        for (var p : net.populations()) assertArrayEquals(a.counters(p.id()).spikes, b.counters(p.id()).spikes, p.name());
        assertEquals(0, a.counters(net.input().id()).spikes[5], "step 5 lies past the 5 recorded steps");
    }
}
