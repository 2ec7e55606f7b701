package org.spikeflow.sweep.spark;

import org.spikeflow.sweep.SweepExecutor;
import org.spikeflow.sweep.SweepExecutorProvider;

/** Registers Spark as the runner of {@code snn sweep --master URL} when this module is on the class path. */
public final class SparkExecutorProvider implements SweepExecutorProvider {
    @Override
    public String name() {
        return "spark";
    }

    /** Spark's master URLs: {@code local}, {@code local[N]}, {@code local[*]}, {@code spark://}, {@code yarn}, {@code k8s://}. */
    @Override
    public boolean accepts(String master) {
        return master != null && (master.equals("local") || master.matches("local\\[(\\d+|\\*)(,\\d+)?]") || master.startsWith("spark://")
            || master.equals("yarn") || master.startsWith("k8s://"));
    }

    @Override
    public SweepExecutor open(String master, String appName) {
        return new SparkExecutor(master, appName);
    }
}
