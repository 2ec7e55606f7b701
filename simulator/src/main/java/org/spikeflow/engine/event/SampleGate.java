package org.spikeflow.engine.event;

/**
 * How far the output population has decided, when samples may stop early: sample {@code s} is decided once the
 * output has stopped it (or reached its last timestep), and {@link #lastStep} says at which timestep. Written by the
 * output agent only (the step before the count, so a reader that sees the count sees the step); read by every agent.
 * The input does not start a sample before the previous one is decided, so at most one sample is undecided at a
 * time and agents that ran ahead discard what they computed past the stop.
 */
final class SampleGate {
    private final int[] lastStep;
    private volatile int decided;

    SampleGate(int samples) {
        this.lastStep = new int[samples];
    }

    void decide(int sample, int step) {
        lastStep[sample] = step;
        decided = sample + 1;
    }

    boolean isDecided(int sample) {
        return decided > sample;
    }

    /** True when global timestep {@code tick} lies past the decided stop of its sample. */
    boolean past(long tick, int timesteps) {
        final int sample = (int) (tick / timesteps);
        return isDecided(sample) && tick % timesteps > lastStep[sample];
    }

    /** The last timestep sample {@code sample} ran; valid once {@link #isDecided} says so. */
    int lastStep(int sample) {
        return lastStep[sample];
    }
}
