package org.spikeflow.sweep;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A way to run sweeps on a cluster, found with {@link ServiceLoader} on the class path (the Spark runner of module
 * sweep-spark registers one). The plain {@code snn} jar has none: a sweep given a master URL then says how to get one.
 */
public interface SweepExecutorProvider {
    /** Short name for messages ({@code spark}). */
    String name();

    /** True if this provider runs sweeps on {@code master} ({@code local[2]}, {@code spark://HOST:7077}, {@code yarn}, ...). */
    boolean accepts(String master);

    /** Connects to {@code master}; the caller closes the executor. */
    SweepExecutor open(String master, String appName);

    /** The first provider on the class path that accepts {@code master}. */
    static Optional<SweepExecutorProvider> find(String master) {
        for (SweepExecutorProvider p : ServiceLoader.load(SweepExecutorProvider.class)) {
            if (p.accepts(master)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
