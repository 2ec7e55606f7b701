package org.spikeflow.graph;

/**
 * All-to-all projection. Weights are stored by input row: {@code weights[i * out + j]} connects source
 * neuron i (flat HWC index) to target neuron j, so one input spike adds a contiguous row.
 * A dense projection from a multi-dimensional source is the flatten: no neuron, no cost, only indexing.
 */
public final class DenseProjection extends Projection {
    private final float[] weights;

    public DenseProjection(String name, Population source, Population target, float[] weightsByInputRow) {
        super(name, source, target);
        this.weights = weightsByInputRow.clone();
    }

    @Override
    public ProjectionKind kind() {
        return ProjectionKind.DENSE;
    }

    /** Shared read-only weight array (do not modify). */
    public float[] weights() {
        return weights;
    }

    public float weight(int i, int j) {
        return weights[i * target().size() + j];
    }

    @Override
    public long connections() {
        return (long) source().size() * target().size();
    }

    @Override
    public int fanOut(int i) {
        return target().size();
    }

    @Override
    void validate() {
        if (target().kind() != PopulationKind.SPIKING) {
            throw error("dense projections must end in a spiking population");
        }
        long expected = (long) source().size() * target().size();
        if (weights.length != expected) {
            throw error("shape mismatch: " + weights.length + " weights for " + source().size() + " inputs x "
                + target().size() + " outputs");
        }
        for (float w : weights) {
            if (!Float.isFinite(w)) {
                throw error("weights are not finite");
            }
        }
    }
}
