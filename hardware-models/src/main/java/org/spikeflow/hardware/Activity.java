package org.spikeflow.hardware;

import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Projection;
import org.spikeflow.report.LayerKind;
import org.spikeflow.report.LayerReport;
import org.spikeflow.report.SimulationReport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The activity of a network per inference: from a simulate report (counted events) or from the graph alone
 * (sizes only, enough for the ANN's cost).
 */
public record Activity(String network, boolean simulated, int timesteps, double timestepMs, double meanDecisionTimestep,
                       double accuracy, List<LayerActivity> layers) {

    /** Sizes of a network without simulation: ANN costs only. */
    public static Activity of(Network net) {
        List<LayerActivity> layers = new ArrayList<>();
        for (Population p : net.populations()) {
            long conn = 0;
            Set<Population> sources = new LinkedHashSet<>();
            for (Projection pr : net.incoming(p.id())) {
                conn += pr.connections();
                sources.add(pr.source());
            }
            long src = sources.stream().mapToLong(Population::size).sum();
            LayerKind kind = LayerKind.of(net, p);
            layers.add(new LayerActivity(p.name(), kind, kind == LayerKind.INPUT ? 0 : p.size(), conn, src, 0, 0, 0, 0, 0));
        }
        return new Activity(net.name(), false, 0, 1, 0, Double.NaN, layers);
    }

    /** The counted activity of a simulate report. */
    public static Activity fromReport(SimulationReport r) {
        List<LayerActivity> layers = new ArrayList<>();
        for (LayerReport l : r.layers()) {
            layers.add(new LayerActivity(l.name(), l.kind(), l.neurons(), l.connections(), l.sourceNeurons(),
                l.spikesPerSample(), l.synopsPerSample(), l.inputSpikesPerSample(), l.neuronUpdatesPerSample(),
                l.activeNeuronUpdatesPerSample()));
        }
        return new Activity(r.network(), true, r.timesteps(), r.timestepMs(), r.meanDecisionTimestep(), r.finalAccuracy(), layers);
    }

    public long totalConnections() {
        return layers.stream().filter(LayerActivity::computes).mapToLong(LayerActivity::connections).sum();
    }
}
