package org.spikeflow.cli;

import org.spikeflow.bench.EngineBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snn bench}: synaptic operations per second of both engines on synthetic networks. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the event-driven engine against the dense reference on synthetic conv and dense networks;"
        + " prints JSON with synops_per_second for both engines and their ratio.",
    footer = {"", "Examples:", "  snn bench", "  snn bench --activity 0.02 --timesteps 32 --threads 2 --report bench.json"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Option(names = "--activity", defaultValue = "0.05", description = "Fraction of inputs active per timestep. Default: ${DEFAULT-VALUE}.")
    double activity;
    @Option(names = "--timesteps", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
    int timesteps;
    @Option(names = "--samples", defaultValue = "16", description = "Default: ${DEFAULT-VALUE}.")
    int samples;
    @Option(names = "--threads", defaultValue = "2", description = "Event engine threads. Default: ${DEFAULT-VALUE}.")
    int threads;
    @Option(names = "--size", defaultValue = "32", description = "Conv network input height and width. Default: ${DEFAULT-VALUE}.")
    int size;
    @Option(names = "--channels", defaultValue = "64", description = "Conv channels. Default: ${DEFAULT-VALUE}.")
    int channels;
    @Option(names = "--layers", defaultValue = "3", description = "Hidden layers of each network. Default: ${DEFAULT-VALUE}.")
    int layers;
    @Option(names = "--repeats", defaultValue = "3", description = "Measured event-engine runs (best is reported). Default: ${DEFAULT-VALUE}.")
    int repeats;
    @Option(names = "--report", paramLabel = "B.json", description = "Also write the JSON here.")
    Path report;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EngineBenchmark.Settings s;
        try {
            s = new EngineBenchmark.Settings(activity, timesteps, samples, threads, size, channels, layers, 1024, 512, repeats);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, Object> r = EngineBenchmark.run(s);
        out.println(org.spikeflow.report.ReportJson.toJson(r));
        if (report != null) org.spikeflow.report.ReportJson.write(report, r);
        out.flush();
        return ExitCodes.OK;
    }
}
