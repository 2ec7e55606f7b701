package org.spikeflow.neuron;

import org.junit.jupiter.api.Test;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.ResetMode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"IF, SUBTRACT, 1, true, 6", "IF, ZERO, 2, false, 64", "LIF, SUBTRACT, 3, true, 37",
        "LIF, ZERO, 1, false, 1", "IF, SUBTRACT, 0, true, 16", "IF, SUBTRACT, 1, true, 128"})
    void onePassUpdateEqualsTheSeparatePassesBitForBit(org.spikeflow.graph.NeuronModel model, ResetMode reset, int accumulators,
                                                       boolean withBias, int channels) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(accumulators * 31L + reset.ordinal());
        NeuronParams p = new NeuronParams(model, reset, 0.7f, 0.3f, 1, 5f, 1f, 0);
        assertTrue(NeuronDynamics.singleSpike(p));
        int n = channels * 50 + (channels == 1 ? 7 : 0);
        float[] bias = withBias ? new float[channels] : null;
        if (bias != null) for (int c = 0; c < channels; c++) bias[c] = (float) (r.nextDouble() * 0.2 - 0.1);
        float[] v1 = new float[n];
        float[] v2 = new float[n];
        for (int j = 0; j < n; j++) v1[j] = v2[j] = j % 17 == 0 ? -0f : (float) (r.nextDouble() * 0.7);
        float[][] acc1 = new float[accumulators][n];
        float[][] acc2 = new float[accumulators][n];
        int[] idx1 = new int[n];
        int[] cnt1 = new int[n];
        int[] idx2 = new int[n];
        float[] current = new float[n];
        int[] refractory = new int[n];
        float decay = p.decay();
        int total = 0;
        for (int step = 0; step < 40; step++) {
            for (int k = 0; k < accumulators; k++) {
                for (int j = 0; j < n; j++) {
                    float x = r.nextDouble() < 0.4 ? (float) (r.nextDouble() * 0.9 - 0.2) : 0f;
                    acc1[k][j] = acc2[k][j] = x;
                }
            }
            int a = NeuronDynamics.stepLayer(p, decay, v1, refractory, current, bias, channels, acc1, idx1, cnt1);
            int b = NeuronDynamics.stepSingleSpike(p, decay, v2, NeuronDynamics.biasPerNeuron(bias, channels, n), acc2, idx2);
            assertEquals(a, b, "step " + step);
            assertArrayEquals(java.util.Arrays.copyOf(idx1, a), java.util.Arrays.copyOf(idx2, b), "step " + step);
            for (int j = 0; j < a; j++) assertEquals(1, cnt1[j]);
            for (int j = 0; j < n; j++) assertEquals(Float.floatToRawIntBits(v1[j]), Float.floatToRawIntBits(v2[j]), "neuron " + j);
            for (int k = 0; k < accumulators; k++) assertArrayEquals(new float[n], acc2[k], "accumulators cleared");
            total += a;
        }
        assertTrue(total > 100, "enough spikes to mean something: " + total);
    }

    @Test
    void multiSpikeAndRefractoryNeuronsTakeTheGeneralUpdate() {
        assertFalse(NeuronDynamics.singleSpike(NeuronParams.integrateAndFire(1f).withMaxSpikesPerStep(3)));
        assertFalse(NeuronDynamics.singleSpike(NeuronParams.integrateAndFire(1f).withRefractorySteps(2)));
    }

    @Test
    void currentBasedNeuronFiltersItsInputThroughTheSynapticCurrentAndKeepsItAfterASpike() {
        // dt 1, tau_syn such that the current decays by 1/2, tau such that the membrane decays by 1/2 (ln 2 = 0.6931)
        float tau = (float) (1 / Math.log(2));
        NeuronParams p = NeuronParams.currentBased(1f, tau, tau, 1f);
        assertEquals(0.5f, p.decay(), 1e-6f);
        assertEquals(0.5f, p.synapseDecay(), 1e-6f);
        float[] v = {0f};
        float[] syn = {0f};
        int[] idx = new int[1];
        int[] cnt = new int[1];
        // step 1: i = 0.8, v = 0.8; step 2: i = 0.4, v = 0.4 + 0.4 = 0.8; step 3: i = 0.2 + 0.8 = 1.0, v = 0.4 + 1.0 = 1.4 >= 1:
        // spike, v = 0 (reset), i stays 1.0; step 4: i = 0.5, v = 0.5
        float[] input = {0.8f, 0f, 0.8f, 0f};
        float[] wantV = {0.8f, 0.8f, 0f, 0.5f};
        float[] wantI = {0.8f, 0.4f, 1.0f, 0.5f};
        int[] wantSpikes = {0, 0, 1, 0};
        for (int t = 0; t < input.length; t++) {
            int n = NeuronDynamics.stepCurrentBased(p, p.decay(), p.synapseDecay(), v, syn, null, new float[] {input[t]}, idx, cnt);
            assertEquals(wantSpikes[t], n, "spikes at step " + t);
            assertEquals(wantI[t], syn[0], 1e-6f, "current at step " + t);
            assertEquals(wantV[t], v[0], 1e-6f, "membrane at step " + t);
        }
        assertFalse(NeuronDynamics.singleSpike(p), "current-based neurons take the general update");
    }
}
