package org.spikeflow.sweep.spark;

import org.spikeflow.cli.Main;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code snn sweep} on Spark, the main class for spark-submit: the arguments are those of {@code snn sweep}
 * ({@code STUDY.yaml --out DIR ...}); the master is spark-submit's ({@code --master}, passed on as the sweep's), or
 * {@code local[*]} when run without spark-submit and without {@code --master}.
 */
public final class SparkSweepMain {
    private SparkSweepMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.setProperty("chronicle.analytics.disable", "true");
        System.exit(Main.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), arguments(args, System.getProperty("spark.master"))));
    }

    /** {@code sweep ARGS}, with {@code --master} added from spark-submit's master (or local[*]) unless the arguments give one. */
    static String[] arguments(String[] args, String submittedMaster) {
        List<String> a = new ArrayList<>();
        a.add("sweep");
        a.addAll(List.of(args));
        boolean given = a.stream().anyMatch(x -> x.equals("--master") || x.startsWith("--master="));
        if (!given && !a.contains("--help") && !a.contains("-h")) {
            a.add("--master");
            a.add(submittedMaster != null ? submittedMaster : "local[*]");
        }
        return a.toArray(String[]::new);
    }
}
