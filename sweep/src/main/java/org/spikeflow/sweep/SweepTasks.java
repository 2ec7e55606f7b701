package org.spikeflow.sweep;

import org.spikeflow.converter.ModelLoader;
import org.spikeflow.converter.snn.ActivationStatistics;
import org.spikeflow.converter.snn.FoldAveragePooling;
import org.spikeflow.converter.snn.Normalize;
import org.spikeflow.converter.snn.SpikingConversion;
import org.spikeflow.converter.snn.ThresholdBalancing;
import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.io.NetworkFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one task computes, wherever it runs (a worker thread here, a Spark executor elsewhere): static functions of
 * their task records, with per-JVM caches of the evaluation sets and networks that tasks of the same configuration
 * share.
 */
public final class SweepTasks {
    /** Evaluation sets and parsed networks kept per JVM (the last few; a study works through them in order). */
    private static final int CACHED = 2;
    private static final Map<DataRequest, Dataset> DATA = lru(CACHED);
    private static final Map<String, Network> NETWORKS = lru(CACHED * 2);

    private SweepTasks() {
    }

    /**
     * Converts the model once per setting of the task, collecting the calibration statistics once for all of them:
     * the passes of {@link SpikingConversion#convert} (fold, calibrate, normalize), with calibration shared.
     */
    public static List<ConversionTask.Output> convert(ConversionTask task) {
        Network ann = ModelLoader.load(Path.of(task.modelFile()));
        Network folded = task.foldAvgPool() ? FoldAveragePooling.apply(ann) : ann;
        Dataset calibration = task.calibration() == null ? null : task.calibration().load();
        if (calibration != null && calibration.samples()[0].length != ann.input().size()) {
            throw new DataException("model '" + task.model() + "': calibration data " + calibration.name() + " has "
                + calibration.samples()[0].length + " values per sample but model input '" + ann.input().name() + "' expects "
                + ann.input().size() + " " + ann.input().shape());
        }
        boolean statistics = task.jobs().stream().anyMatch(j -> j.settings().usesStatistics());
        ActivationStatistics stats = statistics ? ActivationStatistics.collect(folded, calibration, task.threads(), null) : null;
        List<ConversionTask.Output> out = new ArrayList<>();
        for (ConversionTask.Job job : task.jobs()) {
            var options = job.settings().options();
            Network snn = switch (options.norm()) {
                case NONE -> Normalize.apply(folded, null, options);
                case THRESHOLD_BALANCING -> ThresholdBalancing.apply(folded, calibration, options, SpikingConversion.BALANCING_TIMESTEPS);
                default -> Normalize.apply(folded, stats, options);
            };
            out.add(new ConversionTask.Output(job.conversionKey(), NetworkFile.toBytes(snn)));
        }
        return out;
    }

    /** Runs one shard. {@code network} gives the configuration's network (parsed once per JVM). */
    public static ShardResult simulate(ShardTask task, Supplier<byte[]> network) {
        return simulate(task, network(task.conversionKey(), network));
    }

    static ShardResult simulate(ShardTask task, Network net) {
        Dataset shard = data(task.data()).slice(task.from(), task.to());
        // Seeded by each sample's index in the whole set, so Poisson input does not depend on the shard size.
        SimulationConfig config = task.simulation().config(task.threads()).toBuilder().sampleOffset(task.from()).build();
        Engines.checkInput(net, shard, config);
        long start = System.nanoTime();
        SimulationResult result = Engines.create(task.simulation().engine()).run(net, shard, config);
        double wall = (System.nanoTime() - start) / 1e9;
        return ShardResult.of(task, result, result.toReport(), wall);
    }

    /** The evaluation set of a request, loaded once per JVM while tasks use it. */
    static Dataset data(DataRequest request) {
        synchronized (DATA) {
            Dataset d = DATA.get(request);
            if (d == null) {
                d = request.load();
                DATA.put(request, d);
            }
            return d;
        }
    }

    static Network network(String conversionKey, Supplier<byte[]> bytes) {
        synchronized (NETWORKS) {
            Network n = NETWORKS.get(conversionKey);
            if (n == null) {
                n = NetworkFile.fromBytes(bytes.get(), "network " + conversionKey);
                NETWORKS.put(conversionKey, n);
            }
            return n;
        }
    }

    private static <K, V> Map<K, V> lru(int size) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > size;
            }
        };
    }
}
