package org.spikeflow.cli;

import org.spikeflow.io.AtomicFiles;
import org.spikeflow.record.SpikeRasterReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code snn raster}: the spikes of a recording ({@code simulate --record DIR}) as raster CSV, also of a run that was
 * killed: such a recording is read up to its last complete timestep.
 */
@Command(name = "raster", mixinStandardHelpOptions = true,
    description = "Export a spike recording (simulate --record DIR) as raster CSV: sample,timestep,layer,neuron,count. A recording"
        + " cut short (the run killed) is exported up to its last complete timestep.",
    footer = {"", "Examples:", "  snn simulate net.snn --data idx:data/mnist --timesteps 32 --record spikes/",
        "  snn raster spikes/ -o raster.csv"})
public final class RasterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "DIR", description = "The recording directory.")
    Path dir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.csv", description = "Where to write the CSV.")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SpikeRasterReader.Recording r = SpikeRasterReader.readRecording(dir);
        AtomicFiles.write(output, o -> {
            var w = new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8);
            SpikeRasterReader.writeCsv(r.rows(), w);
        });
        out.printf(Locale.ROOT, "raster: %s (%d rows)%s%n", output, r.rows().size(), r.truncated()
            ? String.format(Locale.ROOT, "; the recording ends inside sample %d, timestep %d: exported up to the timestep before",
                r.firstIncompleteSample(), r.firstIncompleteTimestep()) : "");
        out.flush();
        return ExitCodes.OK;
    }
}
