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
    footer = {"", "Examples:", "  snn inspect net.snn", "  snn inspect mnist_cnn.onnx",
        "  snn inspect cnn_sinabs.nir --dt 0.0001"})
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    NirOptions nir;

    @Parameters(index = "0", paramLabel = "MODEL|NET.snn|NET.nir")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean isNir = ModelLoader.kind(file) == ModelLoader.Kind.NIR;
        Network net;
        if (isNir) {
            org.spikeflow.converter.nir.NirGraph g = org.spikeflow.converter.nir.NirFile.read(file);
            out.printf(Locale.ROOT, "%s: NIR %s graph, %d nodes, %d edges%n", file.getFileName(), g.version(), g.nodes().size(), g.edges().size());
            for (org.spikeflow.converter.nir.NirNode n : g.nodes().values()) {
                StringBuilder params = new StringBuilder();
                n.arrays().forEach((k, a) -> params.append(' ').append(k).append(a.size() == 1 ? "=" + fmt(a.get(0)) : a.shapeText()));
                n.strings().forEach((k, v) -> params.append(' ').append(k).append("='").append(v).append('\''));
                out.printf(Locale.ROOT, "  %-16s %-10s%s%n", n.name(), n.typeName(), params);
            }
            for (org.spikeflow.converter.nir.NirEdge e : g.edges()) out.printf(Locale.ROOT, "  edge %s%n", e);
            out.flush();
            net = org.spikeflow.converter.nir.NirImporter.toNetwork(g, file.getFileName().toString(), nir.options(), file.toString());
        } else {
            net = ModelLoader.load(file);
        }
        boolean snn = isNir || ModelLoader.isNetworkFile(file);
        out.printf(Locale.ROOT, "%s (%s): %d populations, %,d neurons, %,d synapses%n", net.name(),
            isNir ? "NIR graph imported as a spiking network" : snn ? "spiking network" : "imported ANN, shown as its event graph",
            net.populations().size(), net.neurons(), net.synapses());
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

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String neuron(Population p) {
        if (p.kind() != PopulationKind.SPIKING) return p.kind() == PopulationKind.MAX_POOL ? "spiking max-pool gate" : "";
        NeuronParams n = p.neuron();
        if (p.ttfs() != null) {
            org.spikeflow.graph.TtfsParams t = p.ttfs();
            float[] th = t.threshold();
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (float x : th) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            return Float.isInfinite(n.threshold())
                ? String.format(Locale.ROOT, "TTFS read-out integrating ticks [%d, %d), held after", t.tickStart(), t.tickMin())
                : String.format(Locale.ROOT, "TTFS fires once in ticks [%d, %d), integrating from %d, thresholds %.4g..%.4g", t.tickMin(),
                    t.tickMax(), t.tickStart(), lo, hi);
        }
        return String.format(Locale.ROOT, "%s threshold %s reset %s v0 %.2f%s%s%s", n.model(),
            Float.isInfinite(n.threshold()) ? "inf (integrator)" : String.format(Locale.ROOT, "%.4g", n.threshold()),
            n.reset().name().toLowerCase(Locale.ROOT), n.initialMembraneFraction(),
            n.maxSpikesPerStep() > 1 ? " burst " + n.maxSpikesPerStep() : "",
            n.model() == org.spikeflow.graph.NeuronModel.LIF ? String.format(Locale.ROOT, " tau %.3g ms dt %.3g ms", n.tauMs(), n.timestepMs())
                : n.model() == org.spikeflow.graph.NeuronModel.CUBA_LIF
                ? String.format(Locale.ROOT, " tau %.3g ms tau_syn %.3g ms dt %.3g ms", n.tauMs(), n.tauSynMs(), n.timestepMs()) : "",
            p.hasBias() ? " +bias" : "");
    }

}
