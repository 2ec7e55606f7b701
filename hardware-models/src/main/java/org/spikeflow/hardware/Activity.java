package org.spikeflow.hardware;

import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
            String kind = p.kind() == PopulationKind.INPUT ? "input" : p.kind() == PopulationKind.MAX_POOL ? "max_pool"
                : net.incoming(p.id()).get(0).kind().name().toLowerCase(Locale.ROOT);
            layers.add(new LayerActivity(p.name(), kind, p.kind() == PopulationKind.INPUT ? 0 : p.size(), conn, src,
                0, 0, 0, 0, 0));
        }
        return new Activity(net.name(), false, 0, 1, 0, Double.NaN, layers);
    }

    /** Parses the report written by {@code snn simulate} (see the README for its fields). */
    @SuppressWarnings("unchecked")
    public static Activity fromReport(Map<String, Object> r, String what) {
        try {
            List<LayerActivity> layers = new ArrayList<>();
            for (Map<String, Object> l : (List<Map<String, Object>>) r.get("layers")) {
                layers.add(new LayerActivity((String) l.get("name"), (String) l.get("kind"), num(l, "neurons").longValue(),
                    num(l, "connections").longValue(), num(l, "source_neurons").longValue(),
                    num(l, "spikes_per_sample").doubleValue(), num(l, "synops_per_sample").doubleValue(),
                    num(l, "input_spikes_per_sample").doubleValue(), num(l, "neuron_updates_per_sample").doubleValue(),
                    num(l, "active_neuron_updates_per_sample").doubleValue()));
            }
            Map<String, Object> acc = (Map<String, Object>) r.get("accuracy");
            double last = Double.NaN;
            if (acc != null) for (Object v : acc.values()) last = ((Number) v).doubleValue();
            return new Activity(String.valueOf(r.get("network")), true, num(r, "timesteps").intValue(),
                num(r, "timestep_ms").doubleValue(), num(r, "mean_decision_timestep").doubleValue(), last, layers);
        } catch (ClassCastException | NullPointerException e) {
            throw new ProfileException(what + ": not a simulate report (missing or malformed fields)");
        }
    }

    private static Number num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof Number n)) throw new NullPointerException(k);
        return n;
    }

    public long totalConnections() {
        return layers.stream().filter(LayerActivity::computes).mapToLong(LayerActivity::connections).sum();
    }
}
