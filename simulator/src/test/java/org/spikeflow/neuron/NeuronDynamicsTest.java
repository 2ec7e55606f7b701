package org.spikeflow.neuron;

import org.junit.jupiter.api.Test;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.ResetMode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NeuronDynamicsTest {

    private static int[] run(NeuronParams p, float[] inputs, float[] vOut) {
        float[] v = {p.initialMembrane()};
        int[] refr = new int[1];
        int[] idx = new int[1];
        int[] cnt = new int[1];
        int[] spikes = new int[inputs.length];
        for (int t = 0; t < inputs.length; t++) {
            int n = NeuronDynamics.step(p, p.decay(), v, refr, new float[] {inputs[t]}, idx, cnt);
            spikes[t] = n == 0 ? 0 : cnt[0];
            if (vOut != null) vOut[t] = v[0];
        }
        return spikes;
    }

    @Test
    void emitsSpikeWhenThresholdCrossedAndKeepsResidueWithSoftReset() {
        NeuronParams p = NeuronParams.integrateAndFire(1f);
        float[] v = new float[4];
        // v: 0.4, 0.8, 1.2 -> spike, 0.2; 0.6
        int[] s = run(p, new float[] {0.4f, 0.4f, 0.4f, 0.4f}, v);
        assertArrayEquals(new int[] {0, 0, 1, 0}, s);
        assertEquals(0.4f + 0.4f + 0.4f - 1f, v[2], 1e-6f);
        assertEquals(0.2f + 0.4f, v[3], 1e-6f);
    }

    @Test
    void hardResetDropsTheResidue() {
        NeuronParams p = NeuronParams.integrateAndFire(1f).withReset(ResetMode.ZERO);
        float[] v = new float[3];
        int[] s = run(p, new float[] {0.7f, 0.7f, 0.7f}, v);
        assertArrayEquals(new int[] {0, 1, 0}, s);
        assertEquals(0f, v[1]);
        assertEquals(0.7f, v[2], 1e-6f);
    }

    @Test
    void firesExactlyAtThreshold() {
        assertEquals(1, NeuronDynamics.fire(1f, 1f, 1));
        assertEquals(0, NeuronDynamics.fire(Math.nextDown(1f), 1f, 1));
    }

    @Test
    void initialMembraneIsAFractionOfThreshold() {
        NeuronParams p = NeuronParams.integrateAndFire(2f).withInitialMembraneFraction(0.5f);
        // v0 = 1.0; +1.0 -> 2.0 fires at the first step.
        assertArrayEquals(new int[] {1, 0, 1}, run(p, new float[] {1f, 1f, 1f}, null));
    }

    @Test
    void multiSpikeNeuronEmitsUpToKSpikesAndSubtractsEach() {
        NeuronParams p = NeuronParams.integrateAndFire(1f).withMaxSpikesPerStep(3);
        float[] v = new float[3];
        // 2.5 -> 2 spikes, residue 0.5; +4.0 -> 4.5 -> capped at 3 spikes, residue 1.5; +0 -> 1.5 -> 1 spike, 0.5
        int[] s = run(p, new float[] {2.5f, 4f, 0f}, v);
        assertArrayEquals(new int[] {2, 3, 1}, s);
        assertEquals(0.5f, v[0], 1e-6f);
        assertEquals(1.5f, v[1], 1e-6f);
        assertEquals(0.5f, v[2], 1e-6f);
    }

    @Test
    void leakyNeuronDecaysByExpMinusDtOverTau() {
        NeuronParams p = NeuronParams.leaky(10f, 20f, 1f);
        float d = (float) Math.exp(-1.0 / 20.0);
        assertEquals(d, p.decay(), 1e-7f);
        float[] v = new float[3];
        run(p, new float[] {1f, 0f, 0f}, v);
        assertEquals(1f, v[0], 1e-6f);
        assertEquals(d, v[1], 1e-6f);
        assertEquals(d * d, v[2], 1e-6f);
    }

    @Test
    void refractoryNeuronIgnoresInputAfterASpike() {
        NeuronParams p = NeuronParams.integrateAndFire(1f).withRefractorySteps(2);
        // spike at t0; t1, t2 refractory (input ignored); t3 charges again
        float[] v = new float[5];
        int[] s = run(p, new float[] {1.2f, 5f, 5f, 0.5f, 0.4f}, v);
        assertArrayEquals(new int[] {1, 0, 0, 0, 1}, s);
        assertEquals(0.2f + 0.5f + 0.4f - 1f, v[4], 1e-6f);
    }

    @Test
    void nonSpikingIntegratorNeverFires() {
        NeuronParams p = new NeuronParams(NeuronModel.IF, ResetMode.SUBTRACT, Float.POSITIVE_INFINITY, 0f, 1, 20f, 1f, 0);
        float[] v = new float[2];
        assertArrayEquals(new int[] {0, 0}, run(p, new float[] {1e6f, 1e6f}, v));
        assertEquals(2e6f, v[1]);
    }

    @Test
    void currentIsBiasThenProjectionsInOrder() {
        float[] current = new float[4];
        NeuronDynamics.assembleCurrent(current, new float[] {1f, 2f}, 2,
            new float[][] {{1f, 1f, 1f, 1f}, {0.5f, 0f, 0f, 0.25f}});
        assertArrayEquals(new float[] {2.5f, 3f, 2f, 3.25f}, current);
    }
}
