package org.spikeflow.graph;

/**
 * Synaptic connectivity from one population to another. Immutable once built into a network.
 * Several projections may end in one population: their currents add (residual merge), or they address
 * different channel ranges or kernel slices of it (channel concatenation).
 */
public abstract sealed class Projection permits DenseProjection, ConvProjection, PoolProjection {
    private final String name;
    private final Population source;
    private final Population target;
    private int id = -1;

    protected Projection(String name, Population source, Population target) {
        this.name = name;
        this.source = source;
        this.target = target;
    }

    public String name() {
        return name;
    }

    public Population source() {
        return source;
    }

    public Population target() {
        return target;
    }

    public abstract ProjectionKind kind();

    /** Number of synapses (weights, or window memberships for pooling). */
    public abstract long connections();

    /**
     * Synaptic fan-out of input neuron {@code i}: how many target neurons one spike of it reaches.
     * Used for counting, not on the hot path.
     */
    public abstract int fanOut(int i);

    /** Position in the network's projection list. */
    public int id() {
        return id;
    }

    void assignId(int id) {
        this.id = id;
    }

    abstract void validate();

    protected GraphException error(String message) {
        return new GraphException(target.name(), "projection '" + name + "' from '" + source.name() + "': " + message);
    }

    @Override
    public String toString() {
        return name + " " + kind() + " " + source.name() + source.shape() + " -> " + target.name() + target.shape();
    }
}
