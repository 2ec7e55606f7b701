package org.spikeflow.cli;

import org.spikeflow.bench.EngineBenchmark;
import org.spikeflow.bench.EngineBenchmark.NetworkKind;
import org.spikeflow.report.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code snn bench}: the event engine against the dense reference on synthetic networks, over input activities. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmark the event-driven engine against the dense time-stepped reference on synthetic conv"
        + " (HxWxC input, 3x3 same-padded conv layers, dense read-out) and dense networks, at one or more input"
        + " activities (the fraction of inputs active at every timestep).",
        "Both engines get the same warm-up (runs until each has run --warmup-seconds) and the same repeated,"
        + " interleaved runs on the same samples at every activity; the median run is reported. Prints JSON: per network and activity, seconds per sample and synaptic operations"
        + " per second of each engine, their ratio, the measured activity of every layer, and the crossover activity"
        + " above which the dense reference is faster."},
    footer = {"", "Examples:", "  snn bench",
        "  snn bench --activity 0.005,0.01,0.02,0.05,0.1,0.2,0.3,0.5 --report bench.json --plot crossover.png",
        "  snn bench --network conv --activity 0.02 --timesteps 64 --threads 2 --repeats 5"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Option(names = "--activity", defaultValue = "0.05", split = ",", paramLabel = "A1,A2,...",
        description = "Input activities in (0, 1]. Default: ${DEFAULT-VALUE}.")
    List<Double> activities;
    @Option(names = "--network", defaultValue = "conv,dense", split = ",", paramLabel = "conv|dense",
        description = "Synthetic networks to run. Default: ${DEFAULT-VALUE}.")
    List<NetworkKind> networks;
    @Option(names = "--timesteps", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int timesteps;
    @Option(names = "--samples", defaultValue = "4", description = "Samples per run. Default: ${DEFAULT-VALUE}.")
    int samples;
    @Option(names = "--threads", defaultValue = "1",
        description = "Event engine threads (the dense reference runs on one, so 1 compares core with core). Default: ${DEFAULT-VALUE}.")
    int threads;
    @Option(names = "--size", defaultValue = "32", description = "Conv network input height and width. Default: ${DEFAULT-VALUE}.")
    int size;
    @Option(names = "--channels", defaultValue = "64", description = "Conv channels. Default: ${DEFAULT-VALUE}.")
    int channels;
    @Option(names = "--layers", defaultValue = "3", description = "Hidden layers of each network. Default: ${DEFAULT-VALUE}.")
    int layers;
    @Option(names = "--dense-inputs", defaultValue = "1024", description = "Dense network inputs. Default: ${DEFAULT-VALUE}.")
    int denseInputs;
    @Option(names = "--dense-hidden", defaultValue = "512", description = "Dense network hidden width. Default: ${DEFAULT-VALUE}.")
    int denseHidden;
    @Option(names = "--warmup-seconds", defaultValue = "2", paramLabel = "S",
        description = "Untimed runs of each engine at each activity until it has run this long (at least one run). Default: ${DEFAULT-VALUE}.")
    double warmupSeconds;
    @Option(names = "--repeats", defaultValue = "3", description = "Timed runs of each engine per activity (the median is reported). Default: ${DEFAULT-VALUE}.")
    int repeats;
    @Option(names = "--report", paramLabel = "B.json", description = "Also write the JSON here.")
    Path report;
    @Option(names = "--plot", paramLabel = "C.png", description = "Write the crossover chart (synaptic operations per second and"
        + " seconds per sample against activity, crossovers marked) as a PNG.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EngineBenchmark.Settings s;
        try {
            s = new EngineBenchmark.Settings(activities, networks, timesteps, samples, threads, size, channels, layers,
                denseInputs, denseHidden, warmupSeconds, repeats);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        EngineBenchmark.Report r = EngineBenchmark.run(s, line -> {
            err.println(line);
            err.flush();
        });
        out.println(ReportJson.toJson(r));
        if (report != null) ReportJson.write(report, r);
        if (plot != null) Plots.crossover(r, plot);
        out.flush();
        return ExitCodes.OK;
    }
}
