package org.spikeflow.graph;

import org.spikeflow.kernel.GatherKernel;
import org.spikeflow.kernel.PoolGate;
import org.spikeflow.kernel.ScatterKernel;

import java.io.DataOutput;
import java.io.IOException;

/**
 * Synaptic connectivity from one population to another. Immutable once built into a network. Several
 * projections may end in one population: their currents add (residual merge), or they address different
 * channel ranges or kernel slices of it (channel concatenation).
 * <p>
 * A projection kind owns everything about itself: its geometry, how many synapses it has and how far one
 * spike reaches, the kernels it hands each engine ({@link #scatter()} for the event-driven engine,
 * {@link #gather()} for the dense reference, {@link #forward} for the rate reading), how conversion passes copy
 * and rescale it, and how it is written to a network file. Kernels are chosen when the projection is built and
 * reused by every run; engines never ask what kind a projection is.
 */
public abstract class Projection {
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

    /**
     * True when what the source emits at step t reaches the target at step t + 1 ({@link RecurrentProjection}); the
     * network's order ignores such projections, so they may close cycles. Immediate projections deliver in the same step.
     */
    public boolean delayed() {
        return false;
    }

    /** The kind of population this projection must end in. */
    public PopulationKind targetKind() {
        return PopulationKind.SPIKING;
    }

    /** Number of synapses (weights, or window memberships for pooling) that do not fall on padding. */
    public abstract long connections();

    /** The kind's geometry in words, for listings ({@code kernel 3x3 stride 1x1 ...}); empty where there is none. */
    public String geometry() {
        return "";
    }

    /**
     * Synaptic fan-out of source neuron {@code i}: how many target neurons one spike of it reaches.
     * Used for counting, not on the hot path.
     */
    public abstract int fanOut(int i);

    /** Length of the accumulator engines keep for this projection: the target's neurons (the input current it adds). */
    public int accumulatorSize() {
        return target.size();
    }

    /** The event-driven fan-out kernel (shared, immutable). */
    public abstract ScatterKernel scatter();

    /** The dense reference's every-weight kernel (shared, immutable). */
    public abstract GatherKernel gather();

    /**
     * A fresh per-run gate for projections into pooling-gate populations ({@link #targetKind()} {@code MAX_POOL}):
     * the rule that turns this step's source spikes into target spikes.
     */
    public PoolGate newGate() {
        throw new UnsupportedOperationException(kind() + " projections add input current; they have no gate");
    }

    /**
     * The rate (ANN) reading: adds this projection's contribution of the source activations to {@code target}
     * (pre-activations of the target population), or, for pooling gates, writes the window maxima into the
     * target's channels. {@code scratch} holds at least as many floats as the target has channels.
     */
    public abstract void forward(float[] source, float[] target, float[] scratch);

    /** The same connectivity and weights under another name between other populations (of the same shapes). */
    public abstract Projection copy(String name, Population source, Population target);

    /** The same connectivity and weights between other populations. */
    public final Projection rewire(Population source, Population target) {
        return copy(name, source, target);
    }

    /**
     * Data-based normalization: every weight from source channel {@code c'} to target channel {@code c} becomes
     * {@code w * (sourceScale[c'] / targetScale[c])}.
     *
     * @throws GraphException if this kind cannot carry such a rescaling (fixed-weight pooling with unequal factors)
     */
    public abstract Projection normalized(float[] sourceScale, float[] targetScale);

    /**
     * The same connectivity with every negative weight replaced by zero: its {@link #forward} of a source at its
     * largest activity gives each target neuron's largest possible input (model-based normalization, Diehl et al.
     * 2015). Fixed-weight pooling, whose weights are positive, returns itself.
     */
    public abstract Projection positivePart();

    /**
     * Every weight into target channel {@code c} multiplied by {@code scale[c]} (batch normalization folded into
     * the layer, threshold balancing).
     *
     * @throws GraphException if this kind cannot scale its target channels that way
     */
    public abstract Projection scaledByTargetChannel(float[] scale);

    /**
     * The sum of the weights into each target channel over the kind's whole kernel (taps on padding included, as if
     * padding were inputs of zero): what the time-to-first-spike mapping divides by, {@code J = W / (1 - sum W)}.
     * Channels this projection does not feed hold 0.
     *
     * @throws GraphException if this kind has no such sum (it cannot feed time-to-first-spike neurons)
     */
    public float[] weightSumsByTargetChannel() {
        throw error(kind() + " projections cannot feed time-to-first-spike neurons");
    }

    /**
     * True when the target carries the source's activation scale channel for channel (fixed-weight pooling): a
     * population fed only by such projections inherits its sources' normalization scales.
     */
    public boolean inheritsScale() {
        return false;
    }

    /** Target channel that source channel {@code c} feeds, for projections that {@link #inheritsScale()}. */
    public int targetChannel(int sourceChannel) {
        return sourceChannel;
    }

    /**
     * This projection applied to the unpooled source of a non-overlapping average pooling that feeds it, or null
     * when it cannot absorb the pooling (the pass that folds pooling then keeps the pool as its own layer).
     */
    public Projection foldPool(AvgPoolProjection pool) {
        return null;
    }

    /**
     * The source rows ({@code axis} 0) or columns (1) that target row or column {@code t} depends on, {@code {first,
     * last}} (first > last: none): what {@link org.spikeflow.engine.Tiling#receptiveRadius} follows through the graph.
     * By default all of them, as for all-to-all weights; kinds over a window narrow it.
     */
    public int[] sourceSpan(int axis, int t) {
        return new int[] {0, (axis == 0 ? source.shape().height() : source.shape().width()) - 1};
    }

    /**
     * The same kernel and weights between populations of another height and width (the network instantiated for
     * another input size, {@link Network#resized}).
     *
     * @throws GraphException if this kind's connectivity fixes the grid size (all-to-all weights), or the new grids
     *     would change how it meets the border (its implied bottom or right padding)
     */
    public Projection resized(Population source, Population target) {
        throw error(kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " projections fix their source's size, so the network cannot run on another input size");
    }

    /**
     * {@link #copy} between resized populations for a kind over {@code window}, whose window runs from the
     * {@code windowSource} to the {@code windowTarget} grid of the current and the new populations ({@code true}:
     * source to target as for a convolution; {@code false}: exchanged, as for a transposed convolution).
     */
    final Projection resizedOver(Window window, boolean forward, Population source, Population target) {
        final Shape os = forward ? source().shape() : target().shape(), ot = forward ? target().shape() : source().shape();
        final Shape ns = forward ? source.shape() : target.shape(), nt = forward ? target.shape() : source.shape();
        final int[] was = window.impliedPadAfter(os, ot), now = window.impliedPadAfter(ns, nt);
        if (was[0] != now[0] || was[1] != now[1]) {
            throw error("its window meets the border of a " + ns.height() + "x" + ns.width() + " grid with padding "
                + now[0] + "/" + now[1] + " after instead of " + was[0] + "/" + was[1]
                + ", so the network is not the same fully convolutional network at that size");
        }
        return copy(name, source, target);
    }

    /** Writes this kind's parameters (everything after name, kind, source and target) to a network file. */
    public abstract void writeParameters(DataOutput out) throws IOException;

    /** Position in the network's projection list. */
    public int id() {
        return id;
    }

    void assignId(int id) {
        this.id = id;
    }

    /** Checks this kind's own invariants (shapes, weights); the network checks the target kind. */
    abstract void validate();

    protected GraphException error(String message) {
        return new GraphException(target.name(), "projection '" + name + "' from '" + source.name() + "': " + message);
    }

    static void checkFinite(Projection p, float[] w) {
        for (float x : w) {
            if (!Float.isFinite(x)) throw p.error("weights are not finite");
        }
    }

    @Override
    public String toString() {
        return name + " " + kind() + " " + source.name() + source.shape() + " -> " + target.name() + target.shape();
    }
}
