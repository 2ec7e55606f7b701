package org.spikeflow.sweep;

import org.spikeflow.data.spec.Selection;
import org.spikeflow.data.spec.Split;
import org.spikeflow.data.spec.SplitPolicy;

import java.io.Serializable;

/**
 * Which samples every configuration is evaluated on, with the command line's meaning: the seeded stratified
 * division into parts ({@code --validation-fraction}, {@code --test-fraction}, {@code --split-seed}), the part
 * ({@code --split}), and a stratified subset ({@code --limit}) or the first samples ({@code --first}). The
 * evaluation samples are cut into shards of {@code shardSize} in order; each (configuration, shard) is one task.
 */
public record DataSettings(Split split, int limit, int first, long splitSeed, double validationFraction,
                           double testFraction, int shardSize) implements Serializable {
    public static final int DEFAULT_SHARD_SIZE = 250;

    public SplitPolicy policy() {
        return new SplitPolicy(validationFraction, testFraction, splitSeed);
    }

    /** The evaluation selection, as {@code snn simulate --limit/--first --split-seed} makes it. */
    public Selection selection() {
        return new Selection(first, limit, splitSeed);
    }
}
