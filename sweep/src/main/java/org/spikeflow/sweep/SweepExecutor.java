package org.spikeflow.sweep;

import java.util.List;

/**
 * Runs the tasks of a sweep: in-process ({@link LocalExecutor}) or on a cluster (an executor from a
 * {@link SweepExecutorProvider}). Both run {@link SweepTasks}' functions on the same task records, so they give the
 * same results. Each call returns when every task has finished or failed; the callback hears of each as it does
 * (from any thread), so the driver stores results as they come and an interrupted sweep keeps them.
 */
public interface SweepExecutor extends AutoCloseable {
    /** What runs the tasks, for the progress line ({@code in-process, 2 workers}). */
    String describe();

    /** Runs every conversion task. */
    void convert(List<ConversionTask> tasks, Callback<ConversionTask, List<ConversionTask.Output>> callback);

    /** Runs every simulation task; {@code networks} gives the {@code .snn} bytes of a conversion key. */
    void simulate(List<ShardTask> tasks, NetworkSource networks, Callback<ShardTask, ShardResult> callback);

    @Override
    void close();

    /** Hears of every task's end. */
    interface Callback<T, R> {
        void done(T task, R result);

        void failed(T task, Throwable error);
    }

    /** The stored networks, by conversion key. */
    @FunctionalInterface
    interface NetworkSource {
        byte[] bytes(String conversionKey);
    }
}
