package org.spikeflow.sweep;

import java.io.Serializable;

/**
 * One simulation task: samples {@code [from, to)} of a configuration's evaluation set, run to the largest
 * checkpoint. The network comes from the conversion with {@code conversionKey}.
 *
 * @param name    the configuration's name (for messages)
 * @param threads engine threads (results do not depend on them)
 */
public record ShardTask(String configurationKey, String name, String conversionKey, DataRequest data, SimulationSettings simulation,
                        int shard, int shards, int from, int to, int threads) implements Serializable {
    /** The task's name in messages: the configuration and the shard. */
    public String describe() {
        return "'" + name + "' shard " + (shard + 1) + "/" + shards;
    }
}
