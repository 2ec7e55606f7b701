package org.spikeflow.sweep.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.spikeflow.sweep.ConversionTask;
import org.spikeflow.sweep.ShardResult;
import org.spikeflow.sweep.ShardTask;
import org.spikeflow.sweep.SweepExecutor;
import org.spikeflow.sweep.SweepTasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs a sweep's tasks on Spark: every task record becomes one Spark task (a job of one partition), submitted from
 * as many driver threads as the cluster has task slots, so tasks run side by side and each result reaches the driver,
 * and the results store, as soon as its task ends. Tasks run {@link SweepTasks}' functions, exactly what the
 * in-process executor runs. Networks travel as broadcast {@code .snn} bytes (one broadcast per conversion); models and
 * data are read by the tasks from their paths, which must be shared storage on a cluster. Records go through Java
 * serialization (Spark's Kryo 4 cannot serialize records).
 */
final class SparkExecutor implements SweepExecutor {
    private final String master;
    private final JavaSparkContext jsc;
    private final int slots;
    private final Map<String, Broadcast<byte[]>> networks = new ConcurrentHashMap<>();

    SparkExecutor(String master, String appName) {
        this.master = master;
        this.jsc = new JavaSparkContext(conf(master, appName));
        this.slots = Math.max(1, jsc.defaultParallelism());
    }

    /**
     * The submitted configuration (spark-submit passes it as {@code spark.*} system properties) with the master; for
     * local masters also no web UI and a loopback driver, so tests and laptops open no public ports.
     */
    static SparkConf conf(String master, String appName) {
        SparkConf conf = new SparkConf().setMaster(master);
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.log.structuredLogging.enabled", "false");
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.driver.host", "localhost");
        }
        return conf;
    }

    @Override
    public String describe() {
        return "Spark " + master + " (" + slots + " task slot" + (slots == 1 ? "" : "s") + ", application " + jsc.sc().applicationId() + ")";
    }

    @Override
    public void convert(List<ConversionTask> tasks, Callback<ConversionTask, List<ConversionTask.Output>> callback) {
        run(tasks, t -> conversion(jsc, t), t -> "convert " + t.model(), callback);
    }

    @Override
    public void simulate(List<ShardTask> tasks, NetworkSource source, Callback<ShardTask, ShardResult> callback) {
        run(tasks, t -> simulation(jsc, t, networks.computeIfAbsent(t.conversionKey(), k -> jsc.broadcast(source.bytes(k)))),
            t -> "simulate " + t.describe(), callback);
    }

    // Static, so that the closures Spark serializes capture the task and the broadcast handle, never this executor.
    private static JavaRDD<List<ConversionTask.Output>> conversion(JavaSparkContext jsc, ConversionTask task) {
        return jsc.parallelize(List.of(task), 1).map(SweepTasks::convert);
    }

    private static JavaRDD<ShardResult> simulation(JavaSparkContext jsc, ShardTask task, Broadcast<byte[]> network) {
        return jsc.parallelize(List.of(task), 1).map(t -> SweepTasks.simulate(t, network::value));
    }

    private <T, R> void run(List<T> tasks, Function<T, JavaRDD<R>> job, Function<T, String> description, Callback<T, R> callback) {
        ExecutorService drivers = Executors.newFixedThreadPool(Math.min(slots, Math.max(1, tasks.size())), r -> {
            Thread t = new Thread(r, "spikeflow-sweep-spark-driver");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T t : tasks) {
                futures.add(drivers.submit(() -> {
                    R r;
                    try {
                        jsc.setJobDescription(description.apply(t));
                        r = job.apply(t).collect().get(0);
                    } catch (RuntimeException e) {
                        callback.failed(t, cause(e));
                        return;
                    }
                    callback.done(t, r);
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            jsc.cancelAllJobs();
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("sweep interrupted");
        } catch (ExecutionException e) {
            jsc.cancelAllJobs();
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            drivers.shutdownNow();
        }
    }

    /** The task's own exception when Spark kept it (local mode does), else Spark's. */
    private static Throwable cause(Throwable e) {
        Throwable t = e;
        while (t instanceof SparkException && t.getCause() != null) t = t.getCause();
        return t;
    }

    @Override
    public void close() {
        for (Broadcast<byte[]> b : networks.values()) b.destroy();
        networks.clear();
        jsc.stop();
    }
}
