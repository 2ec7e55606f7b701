package org.spikeflow.graph;

/**
 * Parameters of a spiking population's neurons.
 *
 * @param model                   IF or LIF
 * @param reset                   reset by subtraction or to zero
 * @param threshold               firing threshold, &gt; 0 ({@code +Infinity} makes a non-spiking integrator)
 * @param initialMembraneFraction initial membrane potential as a fraction of the threshold, in [0, 1)
 * @param maxSpikesPerStep        1 for ordinary neurons; k &gt; 1 lets a neuron emit up to k spikes in one
 *                                timestep ("burst"), each spike subtracting the threshold
 * @param tauMs                   membrane time constant of LIF neurons (ignored for IF)
 * @param timestepMs              simulation timestep dt
 * @param refractorySteps         timesteps after a spike during which input is ignored
 * @param tauSynMs                synaptic time constant of current-based neurons ({@link NeuronModel#CUBA_LIF}; 0 otherwise)
 */
public record NeuronParams(NeuronModel model, ResetMode reset, float threshold, float initialMembraneFraction,
                           int maxSpikesPerStep, float tauMs, float timestepMs, int refractorySteps, float tauSynMs) {

    public static final NeuronParams IF_SOFT = new NeuronParams(NeuronModel.IF, ResetMode.SUBTRACT, 1f, 0f, 1, 20f, 1f, 0);

    public NeuronParams {
        if (model == null || reset == null) {
            throw new IllegalArgumentException("neuron model and reset mode are required");
        }
    }

    /** Neurons without a synaptic current (IF, LIF). */
    public NeuronParams(NeuronModel model, ResetMode reset, float threshold, float initialMembraneFraction, int maxSpikesPerStep,
                        float tauMs, float timestepMs, int refractorySteps) {
        this(model, reset, threshold, initialMembraneFraction, maxSpikesPerStep, tauMs, timestepMs, refractorySteps, 0f);
    }

    /** Current-based LIF neurons (reset to zero, single spike). */
    public static NeuronParams currentBased(float threshold, float tauMs, float tauSynMs, float timestepMs) {
        return new NeuronParams(NeuronModel.CUBA_LIF, ResetMode.ZERO, threshold, 0f, 1, tauMs, timestepMs, 0, tauSynMs);
    }

    /**
     * Time-to-first-spike neurons ({@link NeuronModel#TTFS}): their thresholds are per channel in the population's
     * {@link TtfsParams}; this one is 1 for spiking layers and infinite for a read-out (which never fires).
     */
    public static NeuronParams timeToFirstSpike(boolean readout) {
        return new NeuronParams(NeuronModel.TTFS, ResetMode.ZERO, readout ? Float.POSITIVE_INFINITY : 1f, 0f, 1, 20f, 1f, 0);
    }

    public static NeuronParams integrateAndFire(float threshold) {
        return new NeuronParams(NeuronModel.IF, ResetMode.SUBTRACT, threshold, 0f, 1, 20f, 1f, 0);
    }

    public static NeuronParams leaky(float threshold, float tauMs, float timestepMs) {
        return new NeuronParams(NeuronModel.LIF, ResetMode.SUBTRACT, threshold, 0f, 1, tauMs, timestepMs, 0);
    }

    public NeuronParams withThreshold(float t) {
        return new NeuronParams(model, reset, t, initialMembraneFraction, maxSpikesPerStep, tauMs, timestepMs, refractorySteps, tauSynMs);
    }

    public NeuronParams withReset(ResetMode r) {
        return new NeuronParams(model, r, threshold, initialMembraneFraction, maxSpikesPerStep, tauMs, timestepMs, refractorySteps, tauSynMs);
    }

    public NeuronParams withInitialMembraneFraction(float f) {
        return new NeuronParams(model, reset, threshold, f, maxSpikesPerStep, tauMs, timestepMs, refractorySteps, tauSynMs);
    }

    public NeuronParams withMaxSpikesPerStep(int k) {
        return new NeuronParams(model, reset, threshold, initialMembraneFraction, k, tauMs, timestepMs, refractorySteps, tauSynMs);
    }

    public NeuronParams withRefractorySteps(int r) {
        return new NeuronParams(model, reset, threshold, initialMembraneFraction, maxSpikesPerStep, tauMs, timestepMs, r, tauSynMs);
    }

    /** Membrane decay factor per timestep: 1 for IF, {@code exp(-dt/tau)} for LIF. */
    public float decay() {
        return model == NeuronModel.LIF || model == NeuronModel.CUBA_LIF ? (float) Math.exp(-timestepMs / tauMs) : 1f;
    }

    /** Synaptic current decay per timestep {@code exp(-dt/tau_syn)} of current-based neurons; 0 for the others (no current kept). */
    public float synapseDecay() {
        return model == NeuronModel.CUBA_LIF ? (float) Math.exp(-timestepMs / tauSynMs) : 0f;
    }

    /** Initial membrane potential. */
    public float initialMembrane() {
        return Float.isInfinite(threshold) ? 0f : initialMembraneFraction * threshold;
    }

    /** Validates the parameters; the message names the population. */
    void validate(String population) {
        if (!(threshold > 0f)) {
            throw new GraphException(population, "threshold must be > 0, got " + threshold);
        }
        if (!(initialMembraneFraction >= 0f && initialMembraneFraction < 1f)) {
            throw new GraphException(population, "initial membrane fraction must be in [0, 1), got " + initialMembraneFraction);
        }
        if (maxSpikesPerStep < 1) {
            throw new GraphException(population, "max spikes per step must be >= 1, got " + maxSpikesPerStep);
        }
        if (refractorySteps < 0) {
            throw new GraphException(population, "refractory steps must be >= 0, got " + refractorySteps);
        }
        if (!(timestepMs > 0f)) {
            throw new GraphException(population, "timestep must be > 0 ms, got " + timestepMs);
        }
        if (model != NeuronModel.IF && !(tauMs > 0f)) {
            throw new GraphException(population, "LIF time constant must be > 0 ms, got " + tauMs);
        }
        if (model == NeuronModel.CUBA_LIF && !(tauSynMs > 0f)) {
            throw new GraphException(population, "synaptic time constant must be > 0 ms, got " + tauSynMs);
        }
        if (refractorySteps > 0 && maxSpikesPerStep > 1) {
            throw new GraphException(population, "refractory steps and multi-spike neurons cannot be combined");
        }
    }
}
