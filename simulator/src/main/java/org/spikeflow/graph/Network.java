package org.spikeflow.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable event graph: populations in topological order and the projections between them. What a
 * network <em>is</em>; engines decide how it runs. Build one with {@link #builder(String)}; {@code build()}
 * validates everything once, so an engine never sees an inconsistent graph.
 */
public final class Network {
    private final String name;
    private final List<Population> populations;
    private final List<Projection> projections;
    private final List<List<Projection>> incoming;
    private final List<List<Projection>> outgoing;
    private final Population input;
    private final Population output;
    private final Map<String, String> metadata;

    private Network(String name, List<Population> populations, List<Projection> projections, Population input,
                    Population output, Map<String, String> metadata) {
        this.name = name;
        this.populations = List.copyOf(populations);
        this.projections = List.copyOf(projections);
        this.input = input;
        this.output = output;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        List<List<Projection>> in = new ArrayList<>();
        List<List<Projection>> out = new ArrayList<>();
        for (int i = 0; i < populations.size(); i++) {
            in.add(new ArrayList<>());
            out.add(new ArrayList<>());
        }
        for (Projection p : projections) {
            in.get(p.target().id()).add(p);
            out.get(p.source().id()).add(p);
        }
        List<List<Projection>> inView = new ArrayList<>();
        List<List<Projection>> outView = new ArrayList<>();
        for (int i = 0; i < populations.size(); i++) {
            inView.add(List.copyOf(in.get(i)));
            outView.add(List.copyOf(out.get(i)));
        }
        this.incoming = List.copyOf(inView);
        this.outgoing = List.copyOf(outView);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** Populations in topological order; index = {@link Population#id()}. */
    public List<Population> populations() {
        return populations;
    }

    /** Projections in the order they were added; index = {@link Projection#id()}. */
    public List<Projection> projections() {
        return projections;
    }

    /** Projections ending in population {@code id}, in a fixed order (the order their currents are summed). */
    public List<Projection> incoming(int populationId) {
        return incoming.get(populationId);
    }

    public List<Projection> outgoing(int populationId) {
        return outgoing.get(populationId);
    }

    public Population input() {
        return input;
    }

    public Population output() {
        return output;
    }

    public Population population(String name) {
        for (Population p : populations) {
            if (p.name().equals(name)) return p;
        }
        throw new IllegalArgumentException("no population named '" + name + "'");
    }

    /** Free-form provenance (source model, normalization scales, ...). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * This network instantiated for an input of {@code height x width}: every population keeps its channels and
     * neuron parameters and scales its grid with the input's (a population at a quarter of the input's height stays
     * at a quarter), every projection keeps its kernel and weights. This is how a fully convolutional network (a
     * UNet) converted at one size runs tiles or scenes of another; the same network when the size is its own.
     *
     * @throws GraphException naming the population or projection at fault: a grid that does not scale to whole
     *     positions, all-to-all weights, or a window that would meet the border differently at the new size
     */
    public Network resized(int height, int width) {
        final Shape in = input.shape();
        if (height == in.height() && width == in.width()) return this;
        if (height < 1 || width < 1) throw new GraphException(input.name(), "cannot run on a " + height + "x" + width + " input");
        final Map<Population, Population> map = new java.util.IdentityHashMap<>();
        final Builder b = builder(name);
        for (Population p : populations) {
            final Shape s = p.shape();
            final long h = (long) s.height() * height, w = (long) s.width() * width;
            if (h % in.height() != 0 || w % in.width() != 0 || h < in.height() || w < in.width()) {
                throw new GraphException(p.name(), "its " + s.height() + "x" + s.width() + " grid does not scale to whole positions"
                    + " with an input of " + height + "x" + width + " instead of " + in.height() + "x" + in.width());
            }
            final Population q = p.withShape(Shape.chw(s.channels(), (int) (h / in.height()), (int) (w / in.width())));
            map.put(p, q);
            b.add(q);
        }
        for (Projection pr : projections) b.connect(pr.resized(map.get(pr.source()), map.get(pr.target())));
        b.output(map.get(output));
        metadata.forEach(b::meta);
        return b.build();
    }

    public long neurons() {
        long n = 0;
        for (Population p : populations) {
            if (p.kind() != PopulationKind.INPUT) n += p.size();
        }
        return n;
    }

    public long synapses() {
        long n = 0;
        for (Projection p : projections) n += p.connections();
        return n;
    }

    /** Collects populations and projections; {@link #build()} validates and freezes them. */
    public static final class Builder {
        private final String name;
        private final List<Population> populations = new ArrayList<>();
        private final List<Projection> projections = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Population output;

        private Builder(String name) {
            this.name = name;
        }

        public Builder add(Population p) {
            populations.add(p);
            return this;
        }

        public Builder connect(Projection p) {
            projections.add(p);
            return this;
        }

        public Builder output(Population p) {
            this.output = p;
            return this;
        }

        public Builder meta(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        /** Validates the whole graph; throws {@link GraphException} naming the population at fault. */
        public Network build() {
            if (populations.isEmpty()) {
                throw new GraphException(name, "network has no populations");
            }
            org.spikeflow.io.InputLimits limits = org.spikeflow.io.InputLimits.current();
            long neurons = 0;
            for (Population p : populations) {
                long n = (long) p.shape().channels() * p.shape().height() * p.shape().width();
                if (n > limits.maxElements()) {
                    throw new GraphException(p.name(), "shape " + p.shape().channels() + "x" + p.shape().height() + "x"
                        + p.shape().width() + " holds " + n + " neurons, more than the limit of " + limits.maxElements()
                        + " (raise it with --max-elements)");
                }
                neurons += n;
            }
            String excess = limits.neuronExcess(neurons);
            if (excess != null) throw new GraphException(name, excess);
            Set<String> names = new HashSet<>();
            Population in = null;
            for (Population p : populations) {
                p.validate();
                if (!names.add(p.name())) {
                    throw new GraphException(p.name(), "duplicate population name");
                }
                if (p.kind() == PopulationKind.INPUT) {
                    if (in != null) {
                        throw new GraphException(p.name(), "a network has exactly one input population (also '" + in.name() + "')");
                    }
                    in = p;
                }
            }
            if (in == null) {
                throw new GraphException(name, "network has no input population");
            }
            Set<Population> known = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            known.addAll(populations);
            Set<String> projectionNames = new HashSet<>();
            Map<Population, List<Projection>> into = new HashMap<>();
            for (Projection pr : projections) {
                if (!known.contains(pr.source()) || !known.contains(pr.target())) {
                    throw new GraphException(pr.target().name(), "projection '" + pr.name() + "' connects a population not added to the network");
                }
                if (!projectionNames.add(pr.name())) {
                    throw new GraphException(pr.target().name(), "duplicate projection name '" + pr.name() + "'");
                }
                if (pr.target().kind() == PopulationKind.INPUT) {
                    throw new GraphException(pr.target().name(), "the input population cannot receive projections");
                }
                if (pr.target().kind() != pr.targetKind()) {
                    throw pr.error(pr.kind().name().toLowerCase(java.util.Locale.ROOT) + " projections must end in a "
                        + pr.targetKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " population");
                }
                pr.validate();
                for (Projection other : into.getOrDefault(pr.target(), List.of())) {
                    if (other.source() == pr.source() && other.delayed() != pr.delayed()) {
                        throw pr.error("'" + pr.source().name() + "' already reaches it through " + (other.delayed() ? "recurrent" : "immediate")
                            + " projection '" + other.name() + "'; one pair of populations connects one way");
                    }
                }
                into.computeIfAbsent(pr.target(), k -> new ArrayList<>()).add(pr);
            }
            for (Population p : populations) {
                List<Projection> ins = into.getOrDefault(p, List.of());
                if (p.kind() != PopulationKind.INPUT && ins.isEmpty()) {
                    throw new GraphException(p.name(), "population receives no projection");
                }
                if (p.kind() == PopulationKind.MAX_POOL) {
                    checkMaxPoolCover(p, ins);
                }
            }
            // Topological order (Kahn), stable with respect to insertion order.
            // Recurrent (delayed) projections do not order populations: cycles through them are allowed.
            List<Population> order = new ArrayList<>();
            Map<Population, Integer> pending = new java.util.IdentityHashMap<>();
            for (Population p : populations) {
                int immediate = 0;
                for (Projection pr : into.getOrDefault(p, List.of())) if (!pr.delayed()) immediate++;
                pending.put(p, immediate);
            }
            List<Population> ready = new ArrayList<>();
            for (Population p : populations) if (pending.get(p) == 0) ready.add(p);
            while (!ready.isEmpty()) {
                Population p = ready.remove(0);
                order.add(p);
                for (Projection pr : projections) {
                    if (pr.source() == p && !pr.delayed()) {
                        int left = pending.merge(pr.target(), -1, Integer::sum);
                        if (left == 0) ready.add(pr.target());
                    }
                }
            }
            if (order.size() != populations.size()) {
                for (Population p : populations) {
                    if (!order.contains(p)) {
                        throw new GraphException(p.name(), "population is part of a cycle of immediate projections (close it with a recurrent one)");
                    }
                }
            }
            Population out = output != null ? output : order.get(order.size() - 1);
            if (!known.contains(out)) {
                throw new GraphException(out.name(), "output population is not part of the network");
            }
            if (out.kind() != PopulationKind.SPIKING) {
                throw new GraphException(out.name(), "output population must be spiking");
            }
            for (int i = 0; i < order.size(); i++) order.get(i).assignId(i);
            List<Projection> sorted = new ArrayList<>(projections);
            for (int i = 0; i < sorted.size(); i++) sorted.get(i).assignId(i);
            return new Network(name, order, sorted, in, out, metadata);
        }

        private static void checkMaxPoolCover(Population p, List<Projection> ins) {
            boolean[] covered = new boolean[p.shape().channels()];
            for (Projection pr : ins) {
                for (int c = 0; c < pr.source().shape().channels(); c++) {
                    int tc = pr.targetChannel(c);
                    if (covered[tc]) {
                        throw new GraphException(p.name(), "max-pool channel " + tc + " is fed by two projections");
                    }
                    covered[tc] = true;
                }
            }
            for (int c = 0; c < covered.length; c++) {
                if (!covered[c]) throw new GraphException(p.name(), "max-pool channel " + c + " is fed by no projection");
            }
        }
    }
}
