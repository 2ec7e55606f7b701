package org.spikeflow.engine;

/**
 * Event counts of one population, per timestep, summed over samples. Single writer: only the thread that
 * runs the population writes; readers look after the run (or accept a slightly stale view).
 */
public final class PopulationCounters {
    /** Spikes emitted (a multi-spike counts its multiplicity; analog input counts non-zero values). */
    public final long[] spikes;
    /** Synaptic operations performed: one per weight added. */
    public final long[] synops;
    /** Spikes arriving on incoming projections. */
    public final long[] inputSpikes;
    /** Neurons that received at least one synaptic event. */
    public final long[] activeNeurons;

    public PopulationCounters(int timesteps) {
        spikes = new long[timesteps];
        synops = new long[timesteps];
        inputSpikes = new long[timesteps];
        activeNeurons = new long[timesteps];
    }

    public static long sum(long[] a) {
        long s = 0;
        for (long x : a) s += x;
        return s;
    }

    /** Adds another run's counts of the same population, timestep by timestep. */
    public void add(PopulationCounters o) {
        for (int t = 0; t < spikes.length; t++) {
            spikes[t] += o.spikes[t];
            synops[t] += o.synops[t];
            inputSpikes[t] += o.inputSpikes[t];
            activeNeurons[t] += o.activeNeurons[t];
        }
    }
}
