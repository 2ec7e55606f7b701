package org.spikeflow.sweep;

import org.spikeflow.report.ReportJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The driver of a sweep: finds in the store what is already done, converts what is missing (one task per model and
 * calibration set), simulates what is missing (one task per configuration and shard), stores each result as it
 * arrives, and assembles the table from the store. Whatever ran it, the table depends only on the stored results.
 */
public final class Sweep {
    private Sweep() {
    }

    /** What the sweep hears as it goes (from the executor's threads, one call at a time). */
    public interface Listener {
        default void planned(Summary summary) {
        }

        default void converted(int done, int total) {
        }

        default void simulated(int configurationsDone, int configurationsTotal, int tasksDone, int tasksTotal) {
        }

        default void failed(String what, Throwable error) {
        }
    }

    /**
     * What a run has to do.
     *
     * @param complete     configurations whose every shard is in the store already
     * @param calibrations conversion tasks to run (one per model and calibration set)
     * @param conversions  networks to convert
     * @param tasks        simulation tasks to run
     * @param storedTasks  simulation tasks found in the store
     */
    public record Summary(int configurations, int complete, int calibrations, int conversions, int tasks, int storedTasks,
                          String executor) {
    }

    /** A task that failed, named by what it was for. */
    public record Failure(String what, String message) {
    }

    /**
     * How the run went.
     *
     * @param table   every complete configuration's rows (complete ones from earlier runs included)
     * @param missing configurations left incomplete by failures
     */
    public record Outcome(Summary summary, SweepTable table, List<Failure> failures, List<Configuration> missing, double wallSeconds) {
    }

    /** Runs what is missing of {@code plan} into {@code store} and writes {@code table.csv} and {@code table.json} there. */
    public static Outcome run(Plan plan, ResultStore store, SweepExecutor executor, int threads, Listener listener) {
        long start = System.nanoTime();
        List<Configuration> configs = plan.configurations();
        Map<String, Set<Integer>> missing = new LinkedHashMap<>();
        int stored = 0;
        for (Configuration c : configs) {
            Set<Integer> m = new LinkedHashSet<>();
            for (int s = 0; s < c.shards(); s++) {
                if (store.readShard(c, s).isPresent()) stored++;
                else m.add(s);
            }
            if (!m.isEmpty()) missing.put(c.key(), m);
        }
        List<ConversionTask> conversions = conversions(plan, store, missing.keySet(), threads);
        int toConvert = conversions.stream().mapToInt(t -> t.jobs().size()).sum();
        int toSimulate = missing.values().stream().mapToInt(Set::size).sum();
        Summary summary = new Summary(configs.size(), configs.size() - missing.size(), conversions.size(), toConvert, toSimulate, stored,
            executor.describe());
        listener.planned(summary);
        List<Failure> failures = new ArrayList<>();
        Set<String> failedConversions = new LinkedHashSet<>();
        Object lock = new Object();

        if (!conversions.isEmpty()) {
            int[] done = {0};
            executor.convert(conversions, new SweepExecutor.Callback<>() {
                @Override
                public void done(ConversionTask task, List<ConversionTask.Output> outputs) {
                    for (ConversionTask.Output o : outputs) store.writeNetwork(o.conversionKey(), o.network());
                    synchronized (lock) {
                        done[0] += task.jobs().size();
                        listener.converted(done[0], toConvert);
                    }
                }

                @Override
                public void failed(ConversionTask task, Throwable error) {
                    synchronized (lock) {
                        for (ConversionTask.Job j : task.jobs()) failedConversions.add(j.conversionKey());
                        String what = "conversion of model '" + task.model() + "' for " + task.jobs().get(0).name()
                            + (task.jobs().size() > 1 ? " and " + (task.jobs().size() - 1) + " more" : "");
                        failures.add(new Failure(what, message(error)));
                        listener.failed(what, error);
                    }
                }
            });
        }

        List<ShardTask> tasks = new ArrayList<>();
        Map<String, Integer> remaining = new LinkedHashMap<>();
        for (Configuration c : configs) {
            Set<Integer> m = missing.get(c.key());
            if (m == null) continue;
            if (failedConversions.contains(c.conversionKey()) || !store.hasNetwork(c.conversionKey())) continue;
            remaining.put(c.key(), m.size());
            for (int s : m) {
                int size = plan.study().data().shardSize();
                tasks.add(new ShardTask(c.key(), c.name(), c.conversionKey(), c.evaluation(), c.simulation(), s, c.shards(),
                    s * size, Math.min(c.samples(), (s + 1) * size), threads));
            }
        }
        if (!tasks.isEmpty()) {
            int[] counts = {0, 0};   // configurations done, tasks done
            int total = remaining.size();
            executor.simulate(tasks, store::readNetwork, new SweepExecutor.Callback<>() {
                @Override
                public void done(ShardTask task, ShardResult result) {
                    store.writeShard(result);
                    synchronized (lock) {
                        counts[1]++;
                        if (remaining.merge(task.configurationKey(), -1, Integer::sum) == 0) counts[0]++;
                        listener.simulated(counts[0], total, counts[1], tasks.size());
                    }
                }

                @Override
                public void failed(ShardTask task, Throwable error) {
                    synchronized (lock) {
                        String what = "simulation of " + task.describe();
                        failures.add(new Failure(what, message(error)));
                        listener.failed(what, error);
                    }
                }
            });
        }

        SweepTable table = table(plan, store);
        List<Configuration> incomplete = configs.stream()
            .filter(c -> table.configurations().stream().noneMatch(i -> i.key().equals(c.key()))).toList();
        writeTable(store, table);
        return new Outcome(summary, table, List.copyOf(failures), incomplete, (System.nanoTime() - start) / 1e9);
    }

    /** The conversion tasks for the configurations in {@code needed} whose networks are not stored: one per calibration. */
    static List<ConversionTask> conversions(Plan plan, ResultStore store, Set<String> needed, int threads) {
        Map<String, List<ConversionTask.Job>> jobs = new LinkedHashMap<>();
        Map<String, Configuration> firstOf = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Configuration c : plan.configurations()) {
            if (!needed.contains(c.key()) || store.hasNetwork(c.conversionKey()) || !seen.add(c.conversionKey())) continue;
            jobs.computeIfAbsent(c.calibrationKey(), k -> new ArrayList<>()).add(new ConversionTask.Job(c.conversionKey(), c.name(), c.conversion()));
            firstOf.putIfAbsent(c.calibrationKey(), c);
        }
        List<ConversionTask> out = new ArrayList<>();
        jobs.forEach((key, list) -> {
            Configuration c = firstOf.get(key);
            DataRequest calibration = ConversionSettings.usesCalibration(c.conversion().norm())
                ? DataRequest.calibration(c.model(), plan.study().data(), c.conversion()) : null;
            out.add(new ConversionTask(key, c.model().label(), c.model().file(), calibration, c.conversion().foldAvgPool(), list, threads));
        });
        return out;
    }

    /** The table of every configuration whose shards are all in the store. */
    public static SweepTable table(Plan plan, ResultStore store) {
        List<SweepTable.ConfigurationInfo> infos = new ArrayList<>();
        List<TableRow> rows = new ArrayList<>();
        for (Configuration c : plan.configurations()) {
            List<ShardResult> shards = new ArrayList<>();
            for (int s = 0; s < c.shards(); s++) {
                Optional<ShardResult> r = store.readShard(c, s);
                if (r.isEmpty()) break;
                shards.add(r.get());
            }
            if (shards.size() < c.shards()) continue;
            infos.add(new SweepTable.ConfigurationInfo(c.key(), c.name(), c.label(), c.model().label(), c.samples(), c.shards()));
            rows.addAll(SweepTable.rows(c, shards, plan.study().devices()));
        }
        return new SweepTable(plan.study().name(), infos, SweepTable.columns(plan.study().devices()), rows);
    }

    static void writeTable(ResultStore store, SweepTable table) {
        try {
            org.spikeflow.io.AtomicFiles.writeString(store.dir().resolve("table.csv"), table.csv());
            ReportJson.write(store.dir().resolve("table.json"), table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the table into " + store.dir() + ": " + e.getMessage(), e);
        }
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof UncheckedIOException)) t = t.getCause();
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
