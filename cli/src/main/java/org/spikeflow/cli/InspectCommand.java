package org.spikeflow.cli;

import org.spikeflow.converter.ModelLoader;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code snn inspect}: what a model or network file holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show the layers, shapes, neurons, synapses, neuron parameters and normalization of a model or network.",
    footer = {"", "Examples:", "  snn inspect net.snn", "  snn inspect mnist_cnn.onnx"})
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "MODEL|NET.snn")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Network net = ModelLoader.load(file);
        boolean snn = ModelLoader.isNetworkFile(file);
        out.printf(Locale.ROOT, "%s (%s): %d populations, %,d neurons, %,d synapses%n", net.name(),
            snn ? "spiking network" : "imported ANN, shown as its event graph", net.populations().size(), net.neurons(), net.synapses());
        net.metadata().forEach((k, v) -> out.printf(Locale.ROOT, "  %s: %s%n", k, v));
        out.printf(Locale.ROOT, "%-26s %-9s %-14s %10s  %s%n", "population", "kind", "shape (CxHxW)", "neurons", "neurons / incoming");
        for (Population p : net.populations()) {
            out.printf(Locale.ROOT, "%-26s %-9s %-14s %10d  %s%n", p.name(), p.kind().name().toLowerCase(Locale.ROOT),
                p.shape().channels() + "x" + p.shape().height() + "x" + p.shape().width(), p.size(), neuron(p)
                    + (p == net.output() ? " [output]" : ""));
            for (Projection pr : net.incoming(p.id())) {
                out.printf(Locale.ROOT, "%-26s %-9s <- %-20s %,14d synapses  %s%n", "", pr.kind().name().toLowerCase(Locale.ROOT),
                    pr.source().name(), pr.connections(), pr.geometry());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String neuron(Population p) {
        if (p.kind() != PopulationKind.SPIKING) return p.kind() == PopulationKind.MAX_POOL ? "spiking max-pool gate" : "";
        NeuronParams n = p.neuron();
        return String.format(Locale.ROOT, "%s threshold %s reset %s v0 %.2f%s%s%s", n.model(),
            Float.isInfinite(n.threshold()) ? "inf (integrator)" : String.format(Locale.ROOT, "%.4g", n.threshold()),
            n.reset().name().toLowerCase(Locale.ROOT), n.initialMembraneFraction(),
            n.maxSpikesPerStep() > 1 ? " burst " + n.maxSpikesPerStep() : "",
            n.model() == org.spikeflow.graph.NeuronModel.LIF ? String.format(Locale.ROOT, " tau %.3g ms dt %.3g ms", n.tauMs(), n.timestepMs()) : "",
            p.hasBias() ? " +bias" : "");
    }

}
