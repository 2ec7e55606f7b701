package org.spikeflow.converter.nir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NIR graph as stored in a file: the format version, the nodes by name (in stored order), the edges and the
 * graph's metadata strings.
 */
public record NirGraph(String version, Map<String, NirNode> nodes, List<NirEdge> edges, Map<String, String> metadata) {
    public NirGraph {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        edges = List.copyOf(edges);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public List<NirEdge> outgoing(String node) {
        List<NirEdge> r = new ArrayList<>();
        for (NirEdge e : edges) if (e.source().equals(node)) r.add(e);
        return r;
    }

    public List<NirEdge> incoming(String node) {
        List<NirEdge> r = new ArrayList<>();
        for (NirEdge e : edges) if (e.target().equals(node)) r.add(e);
        return r;
    }
}
