package org.spikeflow.sweep;

import org.spikeflow.engine.SimulationResult;
import org.spikeflow.report.LayerKind;
import org.spikeflow.report.LayerReport;
import org.spikeflow.report.SimulationReport;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one simulation task counted, as sums over its samples (not averages), so shards add up exactly: the
 * merged figures of any division into shards equal those of one run over all samples. One file per task in the
 * results store.
 *
 * @param version      {@link #VERSION} of the format
 * @param network      the simulated network's name
 * @param checkpoints  the checkpoint timesteps, ascending
 * @param correct      per checkpoint k: samples predicted correctly at {@code checkpoints[k]}
 * @param decisionSum  per checkpoint k: the sum over samples of the decision timestep when the run ends at
 *                     {@code checkpoints[k]} (the first of the checkpoints up to k from which the prediction no longer
 *                     changes, as {@code snn simulate} computes its mean decision timestep)
 * @param layers       per population, in the network's order
 * @param wallSeconds  the task's simulation time (diagnostic; not part of the table)
 */
public record ShardResult(int version, String configurationKey, int shard, int shards, String network, int samples,
                          int[] checkpoints, long[] correct, long[] decisionSum, List<LayerCounts> layers, double wallSeconds)
    implements Serializable {
    public static final int VERSION = 1;

    /**
     * One population's counts.
     *
     * @param inputSpikes   spikes that arrived on its incoming projections, over the whole run
     * @param spikes        per timestep: spikes it emitted (input: non-zero input values)
     * @param synops        per timestep: synaptic operations performed into it
     * @param activeNeurons per timestep: neurons that received input
     */
    public record LayerCounts(String name, LayerKind kind, int neurons, long connections, long sourceNeurons, long inputSpikes,
                              long[] spikes, long[] synops, long[] activeNeurons) implements Serializable {
    }

    /** The sums of one run, from its result (predictions) and its report (counted events). */
    static ShardResult of(ShardTask task, SimulationResult result, SimulationReport report, double wallSeconds) {
        int n = report.samples();
        int[] c = result.checkpoints();
        int[] labels = result.labels();
        int[][] predictions = result.predictions();
        long[] correct = new long[c.length];
        long[] decision = new long[c.length];
        for (int s = 0; s < n; s++) {
            int[] p = predictions[s];
            for (int k = 0; k < c.length; k++) {
                if (p[k] == labels[s]) correct[k]++;
                int j = k;
                while (j > 0 && p[j - 1] == p[k]) j--;
                decision[k] += c[j];
            }
        }
        List<LayerCounts> layers = new ArrayList<>();
        for (LayerReport l : report.layers()) {
            layers.add(new LayerCounts(l.name(), l.kind(), l.neurons(), l.connections(), l.sourceNeurons(),
                count(l.inputSpikesPerSample(), n, l.name()), counts(l.spikesPerTimestep(), n, l.name()),
                counts(l.synopsPerTimestep(), n, l.name()), counts(l.activeNeuronsPerTimestep(), n, l.name())));
        }
        return new ShardResult(VERSION, task.configurationKey(), task.shard(), task.shards(), report.network(), n, c, correct,
            decision, layers, wallSeconds);
    }

    private static long[] counts(double[] perSample, int n, String layer) {
        long[] out = new long[perSample.length];
        for (int i = 0; i < out.length; i++) out[i] = count(perSample[i], n, layer);
        return out;
    }

    /**
     * The whole count behind a per-sample average of the report ({@code count / n}): exact, since counts below 2^52
     * survive the division and the multiplication back.
     */
    static long count(double perSample, int n, String layer) {
        double x = perSample * Math.max(1, n);
        long c = Math.round(x);
        if (Math.abs(x - c) > 1e-6 * Math.max(1, Math.abs(x))) {
            throw new IllegalStateException("layer " + layer + ": the report's " + perSample + " per sample over " + n
                + " samples is not a whole count");
        }
        return c;
    }

    /** Fails unless this is the result of {@code task}'s shard with the given checkpoints (a store file that fits). */
    boolean fits(String key, int shardIndex, int shardCount, List<Integer> timesteps) {
        return version == VERSION && configurationKey.equals(key) && shard == shardIndex && shards == shardCount
            && Arrays.equals(checkpoints, timesteps.stream().mapToInt(Integer::intValue).toArray());
    }
}
