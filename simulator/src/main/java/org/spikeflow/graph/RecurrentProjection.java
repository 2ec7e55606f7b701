package org.spikeflow.graph;

import org.spikeflow.io.BinaryIO;
import org.spikeflow.kernel.GatherKernel;
import org.spikeflow.kernel.ScatterKernel;

import java.io.DataOutput;
import java.io.IOException;

/**
 * A projection whose spikes arrive one timestep late: what the source emits at step t is added to the target's input at
 * step t + 1 (nothing arrives at a sample's first step). This is how edges that close a cycle (recurrent connections,
 * a population onto itself) run: the network's order ignores them, so cycles through them are allowed. It carries any
 * other kind's connectivity ({@link #inner()}: its geometry, weights and kernels); only the delivery differs, which the
 * engines read from {@link #delayed()}.
 */
public final class RecurrentProjection extends Projection {
    private final Projection inner;

    /** {@code inner}'s connectivity, delivered one timestep late (inner must connect the same populations). */
    public RecurrentProjection(Projection inner) {
        super(inner.name(), inner.source(), inner.target());
        if (inner instanceof RecurrentProjection) throw new IllegalArgumentException("a recurrent projection wraps an immediate one");
        this.inner = inner;
    }

    /** The connectivity delivered late. */
    public Projection inner() {
        return inner;
    }

    @Override
    public boolean delayed() {
        return true;
    }

    @Override
    public ProjectionKind kind() {
        return ProjectionKind.RECURRENT;
    }

    @Override
    public PopulationKind targetKind() {
        return PopulationKind.SPIKING;
    }

    @Override
    public long connections() {
        return inner.connections();
    }

    @Override
    public int fanOut(int i) {
        return inner.fanOut(i);
    }

    @Override
    public int accumulatorSize() {
        return inner.accumulatorSize();
    }

    @Override
    public ScatterKernel scatter() {
        return inner.scatter();
    }

    @Override
    public GatherKernel gather() {
        return inner.gather();
    }

    /** The rate reading has no time: it adds the inner projection's contribution of the activations it is given. */
    @Override
    public void forward(float[] source, float[] target, float[] scratch) {
        inner.forward(source, target, scratch);
    }

    @Override
    public int[] sourceSpan(int axis, int t) {
        return inner.sourceSpan(axis, t);
    }

    @Override
    public RecurrentProjection resized(Population source, Population target) {
        return new RecurrentProjection(inner.resized(source, target));
    }

    @Override
    public RecurrentProjection copy(String name, Population source, Population target) {
        return new RecurrentProjection(inner.copy(name, source, target));
    }

    @Override
    public RecurrentProjection normalized(float[] sourceScale, float[] targetScale) {
        return new RecurrentProjection(inner.normalized(sourceScale, targetScale));
    }

    @Override
    public RecurrentProjection positivePart() {
        return new RecurrentProjection(inner.positivePart());
    }

    @Override
    public RecurrentProjection scaledByTargetChannel(float[] scale) {
        return new RecurrentProjection(inner.scaledByTargetChannel(scale));
    }

    /** The inner kind's code, then its parameters. */
    @Override
    public void writeParameters(DataOutput out) throws IOException {
        out.writeByte(inner.kind().ordinal());
        inner.writeParameters(out);
    }

    static RecurrentProjection read(String name, Population source, Population target, BinaryIO.Bounded in) throws IOException {
        int code = in.readByte();
        ProjectionKind[] kinds = ProjectionKind.values();
        if (code < 0 || code >= kinds.length || kinds[code] == ProjectionKind.RECURRENT) {
            throw new IOException("recurrent projection '" + name + "' wraps an unknown kind " + code);
        }
        return new RecurrentProjection(kinds[code].read(name, source, target, in));
    }

    @Override
    void validate() {
        if (inner.targetKind() != PopulationKind.SPIKING) throw error("only current-adding projections can be recurrent");
        if (inner.source() != source() || inner.target() != target()) throw error("inner projection connects other populations");
        inner.validate();
    }
}
