package org.spikeflow.benchmarks;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JMH's command line with the project's JVM flags (the root pom's {@code spikeflow.jvm.flags}, carried in this
 * jar as {@code spikeflow-jvm.flags}) appended to every fork, with a 4 GB heap unless the flags say otherwise.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args);
        if (cmd.shouldHelp()) {
            cmd.showHelp();
            return;
        }
        Runner runner = new Runner(new OptionsBuilder().parent(cmd).jvmArgsAppend(flags()).build());
        if (cmd.shouldList()) {
            runner.list();
            return;
        }
        runner.run();
    }

    static String[] flags() throws IOException {
        try (InputStream in = Main.class.getClassLoader().getResourceAsStream("spikeflow-jvm.flags")) {
            if (in == null) throw new IllegalStateException("spikeflow-jvm.flags is missing from the benchmarks jar");
            List<String> f = new ArrayList<>(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+")));
            if (f.stream().noneMatch(s -> s.startsWith("-Xmx"))) f.add("-Xmx4g");
            return f.toArray(new String[0]);
        }
    }

    /** Options for running a benchmark class from code (tests, IDEs) with the project's flags. */
    static Options options(Class<?> benchmark) throws IOException {
        return new OptionsBuilder().include(benchmark.getSimpleName()).jvmArgsAppend(flags()).build();
    }
}
