package org.spikeflow.engine;

import java.util.Arrays;

/**
 * One population's event counts for the sample it is running, per timestep: engines count here and commit when
 * the sample ends, up to the timestep it ended at (an engine that ran ahead of an early exit discards the rest),
 * into the run's {@link PopulationCounters} and, when asked for, the per-sample {@link Traces}.
 */
public final class SampleCounters {
    public final long[] spikes;
    public final long[] synops;
    public final long[] inputSpikes;
    public final long[] activeNeurons;

    public SampleCounters(int timesteps) {
        spikes = new long[timesteps];
        synops = new long[timesteps];
        inputSpikes = new long[timesteps];
        activeNeurons = new long[timesteps];
    }

    /** Adds timesteps {@code 0..lastStep} to the run's counters (and the sample's trace), then clears. */
    public void commit(PopulationCounters run, int lastStep, Traces traces, int population, int sample) {
        for (int t = 0; t <= lastStep; t++) {
            run.spikes[t] += spikes[t];
            run.synops[t] += synops[t];
            run.inputSpikes[t] += inputSpikes[t];
            run.activeNeurons[t] += activeNeurons[t];
        }
        if (traces != null) traces.record(population, sample, this, lastStep);
        Arrays.fill(spikes, 0);
        Arrays.fill(synops, 0);
        Arrays.fill(inputSpikes, 0);
        Arrays.fill(activeNeurons, 0);
    }
}
