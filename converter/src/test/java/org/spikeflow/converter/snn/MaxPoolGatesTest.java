package org.spikeflow.converter.snn;

import org.junit.jupiter.api.Test;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.MaxPoolProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.ProjectionKind;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.io.NetworkFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MaxPoolGatesTest {

    @Test
    void everyMaxPoolTakesTheChosenRuleAndTheRestIsUnchanged() {
        Population in = Population.input("in", Shape.chw(1, 4, 4));
        Population c = Population.spiking("c", Shape.chw(2, 4, 4), NeuronParams.IF_SOFT, new float[] {0.1f, 0.2f});
        Population m = Population.maxPool("m", Shape.chw(2, 2, 2));
        Population out = Population.spiking("out", Shape.flat(3), NeuronParams.IF_SOFT);
        float[] k = new float[9 * 2];
        for (int i = 0; i < k.length; i++) k[i] = i * 0.1f - 0.5f;
        float[] w = new float[8 * 3];
        for (int i = 0; i < w.length; i++) w[i] = 0.3f - i * 0.02f;
        Network net = Network.builder("n").add(in).add(c).add(m).add(out)
            .connect(new ConvProjection("k", in, c, 3, 1, 1, k))
            .connect(new MaxPoolProjection("p", c, m, PoolProjection.window(2, 2, 2, 2, 0, 0), 0))
            .connect(new DenseProjection("fc", m, out, w)).output(out).build();
        Network running = MaxPoolGates.apply(net, MaxPoolProjection.Rule.RUNNING_MAX);
        assertEquals(ProjectionKind.MAX_POOL_RUNNING, running.projections().get(1).kind());
        assertEquals("running_max", running.metadata().get("max_pool.rule"));
        Network back = NetworkFile.fromBytes(NetworkFile.toBytes(running), "running");
        assertEquals(MaxPoolProjection.Rule.RUNNING_MAX, ((MaxPoolProjection) back.projections().get(1)).rule());
        assertArrayEquals(k, ((ConvProjection) back.projections().get(0)).weights());
        assertArrayEquals(w, ((DenseProjection) back.projections().get(2)).weights());
        Network leader = MaxPoolGates.apply(running, MaxPoolProjection.Rule.LEADER);
        assertEquals(ProjectionKind.MAX_POOL, leader.projections().get(1).kind());
    }
}
