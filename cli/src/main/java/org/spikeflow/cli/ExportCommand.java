package org.spikeflow.cli;

import org.spikeflow.converter.ModelLoader;
import org.spikeflow.converter.nir.Discretization;
import org.spikeflow.converter.nir.NirExporter;
import org.spikeflow.converter.nir.NirFile;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.io.NetworkFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code snn export}: a spiking network file out as a NIR graph. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a spiking network (.snn) as a NIR graph (.nir, HDF5) for other simulators and neuromorphic chips.",
    footer = {"", "Semantics NIR cannot carry (reset by subtraction, multi-spike, initial membrane) are written in NIR's nearest",
        "terms with a warning, also stored in the graph's metadata; what it cannot express at all (spiking max pooling,",
        "channel concatenation, asymmetric padding) is refused, naming the layer.",
        "", "Examples:",
        "  snn export mnist_cnn.snn -o mnist_cnn.nir",
        "  snn export lif.snn -o lif.nir --discretization exponential"})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "NET.snn", description = "Spiking network file.")
    Path network;

    @Option(names = {"-o", "--output-file"}, required = true, paramLabel = "NET.nir", description = "NIR file to write.")
    Path output;

    @Option(names = "--discretization", paramLabel = "MODE", defaultValue = "euler",
        description = "Which discretization the LIF time constants are written for, so that a reader using it at the network's"
            + " timestep gets our decay: euler or exponential. Default: ${DEFAULT-VALUE}.")
    Discretization discretization;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ModelLoader.isNetworkFile(network)) {
            throw new UsageException(network + " is not a spiking network file (.snn); convert it first with snn convert");
        }
        Network net = NetworkFile.read(network);
        NirExporter.Export e = NirExporter.export(net, discretization);
        NirFile.write(e.graph(), output);
        for (String w : e.warnings()) err.println("snn export: warning: " + w);
        out.printf(Locale.ROOT, "wrote %s: NIR %s, %d nodes, %d edges%n", output, e.graph().version(), e.graph().nodes().size(),
            e.graph().edges().size());
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }
}
