package org.spikeflow.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs a sweep's tasks in this JVM on {@code workers} threads, in the order given (so configurations finish one
 * after another and the progress line's ETA means something). The default executor: no set-up, no cluster
 * framework started, and the same task functions a cluster executor runs.
 */
public final class LocalExecutor implements SweepExecutor {
    private final int workers;
    private final ExecutorService pool;

    public LocalExecutor(int workers) {
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        this.workers = workers;
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "spikeflow-sweep-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String describe() {
        return "in-process, " + workers + " worker" + (workers == 1 ? "" : "s");
    }

    @Override
    public void convert(List<ConversionTask> tasks, Callback<ConversionTask, List<ConversionTask.Output>> callback) {
        run(tasks, SweepTasks::convert, callback);
    }

    @Override
    public void simulate(List<ShardTask> tasks, NetworkSource networks, Callback<ShardTask, ShardResult> callback) {
        run(tasks, t -> SweepTasks.simulate(t, () -> networks.bytes(t.conversionKey())), callback);
    }

    private <T, R> void run(List<T> tasks, Function<T, R> work, Callback<T, R> callback) {
        List<Future<?>> futures = new ArrayList<>();
        for (T t : tasks) {
            futures.add(pool.submit(() -> {
                R r;
                try {
                    r = work.apply(t);
                } catch (RuntimeException | Error e) {
                    callback.failed(t, e);
                    return;
                }
                callback.done(t, r);
            }));
        }
        try {
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("sweep interrupted");
        } catch (ExecutionException e) {
            // a callback itself failed (the store could not be written): stop, the results so far are kept
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
