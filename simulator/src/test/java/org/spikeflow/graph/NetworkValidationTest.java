package org.spikeflow.graph;

import org.junit.jupiter.api.Test;
import org.spikeflow.engine.SimulationConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkValidationTest {

    @Test
    void negativeThresholdIsRejectedNamingThePopulation() {
        Population in = Population.input("pixels", Shape.flat(4));
        Population h = Population.spiking("hidden", Shape.flat(2), NeuronParams.integrateAndFire(-1f));
        GraphException e = assertThrows(GraphException.class, () -> Network.builder("n").add(in).add(h)
            .connect(new DenseProjection("w", in, h, new float[8])).build());
        assertEquals("hidden", e.element());
        assertTrue(e.getMessage().contains("threshold"), e.getMessage());
    }

    @Test
    void denseShapeMismatchIsRejectedNamingTheTargetPopulation() {
        Population in = Population.input("pixels", Shape.flat(4));
        Population h = Population.spiking("hidden", Shape.flat(3), NeuronParams.IF_SOFT);
        GraphException e = assertThrows(GraphException.class, () -> Network.builder("n").add(in).add(h)
            .connect(new DenseProjection("w", in, h, new float[8])).build());
        assertEquals("hidden", e.element());
        assertTrue(e.getMessage().contains("shape mismatch"), e.getMessage());
    }

    @Test
    void convOutputShapeThatCannotAriseIsRejected() {
        Population in = Population.input("img", Shape.chw(1, 8, 8));
        // 8x8, k3, stride 1, pad 0 -> 6x6 (7x7 with one extra row of end padding); 8x8 would need two.
        Population c = Population.spiking("conv1", Shape.chw(2, 8, 8), NeuronParams.IF_SOFT);
        GraphException e = assertThrows(GraphException.class, () -> Network.builder("n").add(in).add(c)
            .connect(new ConvProjection("k", in, c, 3, 1, 0, new float[18])).build());
        assertEquals("conv1", e.element());
        assertTrue(e.getMessage().contains("shape mismatch"), e.getMessage());
    }

    @Test
    void residualMergeWithMismatchedProjectionShapesIsRejected() {
        Population in = Population.input("img", Shape.chw(1, 4, 4));
        Population a = Population.spiking("a", Shape.chw(2, 4, 4), NeuronParams.IF_SOFT);
        Population merge = Population.spiking("merge", Shape.chw(2, 4, 4), NeuronParams.IF_SOFT);
        // a 1x1 conv from a (2 channels) needs 2*2 weights; give it the 1-channel size.
        GraphException e = assertThrows(GraphException.class, () -> Network.builder("n").add(in).add(a).add(merge)
            .connect(new ConvProjection("ka", in, a, 3, 1, 1, new float[18]))
            .connect(new ConvProjection("main", a, merge, 3, 1, 1, new float[36]))
            .connect(new ConvProjection("skip", a, merge, 1, 1, 0, new float[2])).build());
        assertEquals("merge", e.element());
    }

    @Test
    void maxPoolChannelsMustBeCoveredExactlyOnce() {
        Population in = Population.input("img", Shape.chw(2, 4, 4));
        Population m = Population.maxPool("pool", Shape.chw(3, 2, 2));
        Population out = Population.spiking("out", Shape.flat(2), NeuronParams.IF_SOFT);
        GraphException e = assertThrows(GraphException.class, () -> Network.builder("n").add(in).add(m).add(out)
            .connect(PoolProjection.max("p", in, m, 2, 2))
            .connect(new DenseProjection("fc", m, out, new float[24])).build());
        assertEquals("pool", e.element());
    }

    @Test
    void cyclesAreRejected() {
        Population in = Population.input("in", Shape.flat(2));
        Population a = Population.spiking("a", Shape.flat(2), NeuronParams.IF_SOFT);
        Population b = Population.spiking("b", Shape.flat(2), NeuronParams.IF_SOFT);
        GraphException e = assertThrows(GraphException.class, () -> Network.builder("n").add(in).add(a).add(b)
            .connect(new DenseProjection("ia", in, a, new float[4]))
            .connect(new DenseProjection("ab", a, b, new float[4]))
            .connect(new DenseProjection("ba", b, a, new float[4])).build());
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void ringSizeMustBeAPowerOfTwoBeforeAnythingRuns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SimulationConfig.builder().ringSize(1000).build());
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }

    @Test
    void checkpointBeyondTimestepsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SimulationConfig.builder().timesteps(8).checkpoints(4, 16).build());
    }

    @Test
    void populationsComeOutInTopologicalOrder() {
        Population in = Population.input("in", Shape.flat(2));
        Population a = Population.spiking("a", Shape.flat(2), NeuronParams.IF_SOFT);
        Population b = Population.spiking("b", Shape.flat(2), NeuronParams.IF_SOFT);
        // Added out of order: b before a.
        Network n = Network.builder("n").add(b).add(in).add(a)
            .connect(new DenseProjection("ab", a, b, new float[4]))
            .connect(new DenseProjection("ia", in, a, new float[4])).output(b).build();
        assertEquals("in", n.populations().get(0).name());
        assertEquals("a", n.populations().get(1).name());
        assertEquals("b", n.populations().get(2).name());
    }
}
