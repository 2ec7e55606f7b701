package org.spikeflow.graph;

import java.util.Arrays;

/**
 * A group of neurons with one shape and one set of neuron parameters. Immutable.
 * Bias, when present, is a constant input current per timestep, one value per channel.
 */
public final class Population {
    private final String name;
    private final Shape shape;
    private final PopulationKind kind;
    private final NeuronParams neuron;
    private final float[] bias;
    private final TtfsParams ttfs;
    private int id = -1;

    private Population(String name, Shape shape, PopulationKind kind, NeuronParams neuron, float[] bias) {
        this(name, shape, kind, neuron, bias, null);
    }

    private Population(String name, Shape shape, PopulationKind kind, NeuronParams neuron, float[] bias, TtfsParams ttfs) {
        this.name = name;
        this.shape = shape;
        this.kind = kind;
        this.neuron = neuron;
        this.bias = bias == null ? null : bias.clone();
        this.ttfs = ttfs;
    }

    /**
     * Time-to-first-spike neurons ({@link NeuronModel#TTFS}): no bias (the converted layer's bias is in its
     * thresholds); {@code neuron} gives the model and, through an infinite threshold, marks a non-spiking read-out.
     */
    public static Population ttfs(String name, Shape shape, NeuronParams neuron, TtfsParams ttfs) {
        return new Population(name, shape, PopulationKind.SPIKING, neuron, null, ttfs);
    }

    public static Population input(String name, Shape shape) {
        return new Population(name, shape, PopulationKind.INPUT, null, null);
    }

    public static Population spiking(String name, Shape shape, NeuronParams neuron, float[] biasPerChannel) {
        return new Population(name, shape, PopulationKind.SPIKING, neuron, biasPerChannel);
    }

    public static Population spiking(String name, Shape shape, NeuronParams neuron) {
        return spiking(name, shape, neuron, null);
    }

    public static Population maxPool(String name, Shape shape) {
        return new Population(name, shape, PopulationKind.MAX_POOL, null, null);
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return shape.size();
    }

    public PopulationKind kind() {
        return kind;
    }

    /** Neuron parameters; null for input and max-pool populations. */
    public NeuronParams neuron() {
        return neuron;
    }

    /** Windows and constants of time-to-first-spike neurons; null for every other population. */
    public TtfsParams ttfs() {
        return ttfs;
    }

    public boolean hasBias() {
        return bias != null;
    }

    /** Bias of channel {@code c}, 0 when the population has none. */
    public float bias(int c) {
        return bias == null ? 0f : bias[c];
    }

    /** A copy of the per-channel bias, or null. */
    public float[] biasPerChannel() {
        return bias == null ? null : bias.clone();
    }

    /** Position of this population in its network's topological order, set when the network is built. */
    public int id() {
        return id;
    }

    void assignId(int id) {
        if (this.id != -1 && this.id != id) {
            throw new GraphException(name, "population already belongs to another network");
        }
        this.id = id;
    }

    /** An identical population not yet part of any network (populations belong to at most one network). */
    public Population copy() {
        return new Population(name, shape, kind, neuron, bias, ttfs);
    }

    /** The same population over another shape, not yet part of any network. */
    public Population withShape(Shape s) {
        return new Population(name, s, kind, neuron, bias);
    }

    public Population withNeuron(NeuronParams p) {
        return new Population(name, shape, kind, p, bias, ttfs);
    }

    public Population withBias(float[] biasPerChannel) {
        return new Population(name, shape, kind, neuron, biasPerChannel, ttfs);
    }

    void validate() {
        if (name == null || name.isBlank()) {
            throw new GraphException("<unnamed>", "population needs a name");
        }
        if (kind == PopulationKind.SPIKING) {
            if (neuron == null) {
                throw new GraphException(name, "spiking population needs neuron parameters");
            }
            neuron.validate(name);
            if ((neuron.model() == NeuronModel.TTFS) != (ttfs != null)) {
                throw new GraphException(name, neuron.model() == NeuronModel.TTFS ? "TTFS neurons need their time windows"
                    : "time windows belong to TTFS neurons only, not " + neuron.model());
            }
            if (ttfs != null) {
                ttfs.validate(name, shape.channels());
                if (bias != null) throw new GraphException(name, "TTFS neurons carry their bias in their thresholds, not as a current");
            }
        }
        if (bias != null) {
            if (bias.length != shape.channels()) {
                throw new GraphException(name, "bias has " + bias.length + " values for " + shape.channels() + " channels");
            }
            for (float b : bias) {
                if (!Float.isFinite(b)) {
                    throw new GraphException(name, "bias is not finite: " + Arrays.toString(bias));
                }
            }
        }
    }

    @Override
    public String toString() {
        return name + shape + " " + kind;
    }
}
