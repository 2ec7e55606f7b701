package org.spikeflow.graph;

import org.junit.jupiter.api.Test;
import org.spikeflow.kernel.PoolGate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class MaxPoolGateTest {
    private final Population in = Population.input("in", Shape.chw(1, 2, 2));
    private final Population out = Population.maxPool("pool", Shape.chw(1, 1, 1));
    private final PoolGate gate = PoolProjection.max("p", in, out, 2, 2).newGate();

    private float step(float... activity) {
        float[] o = new float[1];
        gate.step(activity, o);
        return o[0];
    }

    @Test
    void forwardsOnlyTheSpikesOfTheMostActiveInputSoFar() {
        // t0: input 1 spikes alone -> it leads and its spike passes.
        assertArrayEquals(new float[] {1f}, new float[] {step(0, 1, 0, 0)});
        // t1: input 2 spikes; input 1 still leads (1 vs 1 tie -> first in window order is input 1) -> blocked.
        assertArrayEquals(new float[] {0f}, new float[] {step(0, 0, 1, 0)});
        // t2: input 2 spikes again: 2 vs 1 -> input 2 leads now, its spike passes.
        assertArrayEquals(new float[] {1f}, new float[] {step(0, 0, 1, 0)});
        // t3: input 1 spikes: 2 vs 2 tie -> input 1 (first in window order) passes.
        assertArrayEquals(new float[] {1f}, new float[] {step(0, 1, 0, 0)});
    }

    @Test
    void leaderRuleOverCountsWhenTheLeadChangesHands() {
        // The sequence above: inputs 1 and 2 have spiked twice each, the leader rule has passed three spikes.
        float total = step(0, 1, 0, 0) + step(0, 0, 1, 0) + step(0, 0, 1, 0) + step(0, 1, 0, 0);
        assertArrayEquals(new float[] {3f}, new float[] {total});
    }

    @Test
    void runningMaxKeepsTheOutputCountAtTheWindowsLargestCount() {
        PoolGate g = new MaxPoolProjection("p", in, out, PoolProjection.window(2, 2, 2, 2, 0, 0), 0,
            MaxPoolProjection.Rule.RUNNING_MAX).newGate();
        float[] o = new float[1];
        float[][] steps = {{0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 1, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}, {2, 0, 0, 3}};
        // Largest cumulative count after each step: 1, 1, 2, 2, 2, 3 -> emits 1, 0, 1, 0, 0, 1.
        float[] expected = {1, 0, 1, 0, 0, 1};
        for (int t = 0; t < steps.length; t++) {
            g.step(steps[t], o);
            assertArrayEquals(new float[] {expected[t]}, o, "step " + t);
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        g.reset();
        float[] cum = new float[4];
        float emitted = 0;
        for (int t = 0; t < 200; t++) {
            float[] a = new float[4];
            for (int i = 0; i < 4; i++) a[i] = r.nextDouble() < 0.3 + 0.1 * i ? 1 : 0;
            g.step(a, o);
            emitted += o[0];
            float max = 0;
            for (int i = 0; i < 4; i++) max = Math.max(max, cum[i] += a[i]);
            assertArrayEquals(new float[] {max}, new float[] {emitted}, "step " + t);
        }
    }

    @Test
    void isNotAMaxOverSingleSpikes() {
        step(0, 0, 0, 1);
        step(0, 0, 0, 1);
        // Input 0 spikes now, but input 3 has been more active: a max over this step's spikes would pass it.
        assertArrayEquals(new float[] {0f}, new float[] {step(1, 0, 0, 0)});
        gate.reset();
        assertArrayEquals(new float[] {1f}, new float[] {step(1, 0, 0, 0)});
    }
}
