package org.spikeflow.engine;

/**
 * What one run recorded per sample and timestep, for analyses that need more than the sums (the early-exit
 * analysis): every population's spikes, synaptic operations and active neurons, the read-out's prediction and
 * margin, and the timesteps each sample ran. Filled by the engine threads (each writes only its own population's
 * rows, the output agent the read-out rows); read after the run.
 */
public final class Traces {
    private final int samples;
    private final int timesteps;
    private final long[][] spikes;
    private final long[][] synops;
    private final long[][] active;
    private final float[] margin;
    private final int[] prediction;
    private final int[] stepsRun;

    public Traces(int populations, int samples, int timesteps) {
        this.samples = samples;
        this.timesteps = timesteps;
        long cells = (long) samples * timesteps;
        if (cells > Integer.MAX_VALUE - 8) throw new ConfigException("traces", "of " + samples + " samples x " + timesteps + " timesteps are too large");
        this.spikes = new long[populations][(int) cells];
        this.synops = new long[populations][(int) cells];
        this.active = new long[populations][(int) cells];
        this.margin = new float[(int) cells];
        this.prediction = new int[(int) cells];
        this.stepsRun = new int[samples];
        java.util.Arrays.fill(stepsRun, timesteps);
    }

    public int samples() {
        return samples;
    }

    public int timesteps() {
        return timesteps;
    }

    void record(int population, int sample, SampleCounters c, int lastStep) {
        final int base = sample * timesteps;
        for (int t = 0; t <= lastStep; t++) {
            spikes[population][base + t] = c.spikes[t];
            synops[population][base + t] = c.synops[t];
            active[population][base + t] = c.activeNeurons[t];
        }
    }

    /** The read-out after timestep {@code step} of {@code sample}. */
    public void readout(int sample, int step, int predicted, float m) {
        prediction[sample * timesteps + step] = predicted;
        margin[sample * timesteps + step] = m;
    }

    /** Sample {@code sample} ran {@code steps} timesteps (fewer than all when it stopped early). */
    public void ran(int sample, int steps) {
        stepsRun[sample] = steps;
    }

    public int stepsRun(int sample) {
        return stepsRun[sample];
    }

    public int prediction(int sample, int step) {
        return prediction[sample * timesteps + step];
    }

    /** Read-out margins, {@code [sample * timesteps + step]}. */
    public float[] margins() {
        return margin;
    }

    public long spikes(int population, int sample, int step) {
        return spikes[population][sample * timesteps + step];
    }

    public long synops(int population, int sample, int step) {
        return synops[population][sample * timesteps + step];
    }

    public long active(int population, int sample, int step) {
        return active[population][sample * timesteps + step];
    }

    /** The traces of consecutive shards of one run, as one (shard k's samples follow shard k-1's). */
    public static Traces concat(Traces[] parts) {
        final int populations = parts[0].spikes.length;
        final int timesteps = parts[0].timesteps;
        int samples = 0;
        for (Traces t : parts) samples += t.samples;
        final Traces all = new Traces(populations, samples, timesteps);
        int at = 0;
        for (Traces t : parts) {
            final int cells = t.samples * timesteps;
            for (int p = 0; p < populations; p++) {
                System.arraycopy(t.spikes[p], 0, all.spikes[p], at * timesteps, cells);
                System.arraycopy(t.synops[p], 0, all.synops[p], at * timesteps, cells);
                System.arraycopy(t.active[p], 0, all.active[p], at * timesteps, cells);
            }
            System.arraycopy(t.margin, 0, all.margin, at * timesteps, cells);
            System.arraycopy(t.prediction, 0, all.prediction, at * timesteps, cells);
            System.arraycopy(t.stepsRun, 0, all.stepsRun, at, t.samples);
            at += t.samples;
        }
        return all;
    }
}
