package org.spikeflow.graph;

import org.spikeflow.io.BinaryIO;
import org.spikeflow.kernel.GatherKernel;
import org.spikeflow.kernel.PoolGate;
import org.spikeflow.kernel.ScatterKernel;
import org.spikeflow.kernel.TouchMap;

import java.io.IOException;
import java.util.Arrays;

/**
 * Spiking max pooling into a {@link PopulationKind#MAX_POOL} population, by one of two {@link Rule}s. Performs no
 * synaptic operation. In the rate reading it is the window maximum.
 */
public final class MaxPoolProjection extends PoolProjection {
    /** How an output turns its window's spikes into its own. */
    public enum Rule {
        /**
         * Forward this timestep's spikes of the window input with the highest cumulative spike count so far (this
         * step included); ties go to the first input in window order (row-major). When the lead changes hands the
         * output passes spikes of both inputs, so inputs of nearly equal rates are over-counted.
         */
        LEADER,
        /**
         * Emit what keeps the output's own cumulative count equal to the largest cumulative count in its window: each
         * step, the running maximum's increase. The output's count after any number of steps is exactly the window's
         * largest count, never more.
         */
        RUNNING_MAX
    }

    private final ScatterKernel scatter = this::collect;
    private final GatherKernel gather = this::copy;
    private final Rule rule;

    public MaxPoolProjection(String name, Population source, Population target, Window window, int targetChannelOffset) {
        this(name, source, target, window, targetChannelOffset, Rule.LEADER);
    }

    public MaxPoolProjection(String name, Population source, Population target, Window window, int targetChannelOffset,
                             Rule rule) {
        super(name, source, target, window, targetChannelOffset);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }

    /** The same pooling with another gate rule. */
    public MaxPoolProjection withRule(Rule r) {
        return new MaxPoolProjection(name(), source(), target(), window(), targetChannelOffset(), r);
    }

    @Override
    public ProjectionKind kind() {
        return rule == Rule.LEADER ? ProjectionKind.MAX_POOL : ProjectionKind.MAX_POOL_RUNNING;
    }

    @Override
    public PopulationKind targetKind() {
        return PopulationKind.MAX_POOL;
    }

    @Override
    float windowWeight() {
        return 1f;
    }

    /** The gate reads this step's counts of every source neuron. */
    @Override
    public int accumulatorSize() {
        return source().size();
    }

    @Override
    public ScatterKernel scatter() {
        return scatter;
    }

    @Override
    public GatherKernel gather() {
        return gather;
    }

    /** Adds each spike's count to its source neuron's slot and marks the window outputs it can reach. */
    private long collect(int[] index, float[] value, int from, int to, float[] counts, TouchMap touched) {
        final Window.Taps fo = tables.fanOut();
        final int c = source().shape().channels();
        final int tc = target().shape().channels();
        final int off = targetChannelOffset();
        for (int e = from; e < to; e++) {
            final int i = index[e];
            counts[i] += value[e];
            final int pos = i / c;
            final int ch = i - pos * c;
            for (int t = fo.begin(pos); t < fo.end(pos); t++) touched.neuron(fo.position(t) * tc + off + ch);
        }
        return 0;
    }

    /** The dense form: the whole source activity, and every output whose window holds an active input. */
    private void copy(float[] a, float[] counts, TouchMap touched) {
        System.arraycopy(a, 0, counts, 0, counts.length);
        final Window.Taps fi = tables.fanIn();
        final int c = source().shape().channels();
        final int tc = target().shape().channels();
        final int off = targetChannelOffset();
        for (int p = 0; p < fi.positions(); p++) {
            for (int ch = 0; ch < c; ch++) {
                for (int t = fi.begin(p); t < fi.end(p); t++) {
                    if (a[fi.position(t) * c + ch] != 0f) {
                        touched.neuron(p * tc + off + ch);
                        break;
                    }
                }
            }
        }
    }

    /** A fresh gate (per-sample cumulative counts) for one run. */
    @Override
    public PoolGate newGate() {
        return rule == Rule.LEADER ? new Gate() : new RunningMaxGate();
    }

    /** What both gate rules keep: every input's spike count so far in the sample. */
    private abstract class CountingGate implements PoolGate {
        final float[] cumulative = new float[source().size()];

        @Override
        public void reset() {
            Arrays.fill(cumulative, 0f);
        }

        /** Adds this timestep's counts and returns the running totals. */
        final float[] accumulate(float[] counts) {
            final float[] cum = cumulative;
            for (int i = 0; i < cum.length; i++) cum[i] += counts[i];
            return cum;
        }
    }

    private final class RunningMaxGate extends CountingGate {
        /** Per output neuron (this projection's channels of the target), what it has emitted so far. */
        private final float[] emitted = new float[target().size()];

        @Override
        public void reset() {
            super.reset();
            Arrays.fill(emitted, 0f);
        }

        @Override
        public void step(float[] counts, float[] out) {
            final float[] cum = accumulate(counts);
            final Window.Taps fi = tables.fanIn();
            final int c = source().shape().channels();
            final int tc = target().shape().channels();
            final int off = targetChannelOffset();
            for (int p = 0; p < fi.positions(); p++) {
                for (int ch = 0; ch < c; ch++) {
                    float best = 0f;
                    for (int t = fi.begin(p); t < fi.end(p); t++) best = Math.max(best, cum[fi.position(t) * c + ch]);
                    final int j = p * tc + off + ch;
                    out[j] = best - emitted[j];
                    emitted[j] = best;
                }
            }
        }
    }

    private final class Gate extends CountingGate {
        @Override
        public void step(float[] counts, float[] out) {
            final float[] cum = accumulate(counts);
            final Window.Taps fi = tables.fanIn();
            final int c = source().shape().channels();
            final int tc = target().shape().channels();
            final int off = targetChannelOffset();
            for (int p = 0; p < fi.positions(); p++) {
                for (int ch = 0; ch < c; ch++) {
                    int winner = -1;
                    float best = -1f;
                    for (int t = fi.begin(p); t < fi.end(p); t++) {
                        final int i = fi.position(t) * c + ch;
                        if (cum[i] > best) {
                            best = cum[i];
                            winner = i;
                        }
                    }
                    out[p * tc + off + ch] = winner < 0 ? 0f : counts[winner];
                }
            }
        }
    }

    @Override
    public void forward(float[] a, float[] out, float[] scratch) {
        final Window.Taps fi = tables.fanIn();
        final int c = source().shape().channels();
        final int tc = target().shape().channels();
        final int off = targetChannelOffset();
        for (int p = 0; p < fi.positions(); p++) {
            for (int ch = 0; ch < c; ch++) {
                float m = 0f;
                for (int t = fi.begin(p); t < fi.end(p); t++) m = Math.max(m, a[fi.position(t) * c + ch]);
                out[p * tc + off + ch] = m;
            }
        }
    }

    @Override
    public MaxPoolProjection copy(String name, Population source, Population target) {
        return new MaxPoolProjection(name, source, target, window(), targetChannelOffset(), rule);
    }

    /** A max-pool population carries its sources' scales unchanged; any other ratio cannot be expressed. */
    @Override
    public MaxPoolProjection normalized(float[] sourceScale, float[] targetScale) {
        if (uniformRatio(sourceScale, targetScale) != 1f) throw error("max pooling cannot rescale its inputs");
        return this;
    }

    /** A gate has no weights: it passes the window's largest input. */
    @Override
    public MaxPoolProjection positivePart() {
        return this;
    }

    @Override
    public MaxPoolProjection scaledByTargetChannel(float[] scale) {
        if (uniformScale(scale) != 1f) throw error("max pooling has no weights to scale");
        return this;
    }

    static MaxPoolProjection read(String name, Population source, Population target, BinaryIO.Bounded in) throws IOException {
        return read(name, source, target, in, Rule.LEADER);
    }

    static MaxPoolProjection readRunningMax(String name, Population source, Population target, BinaryIO.Bounded in)
        throws IOException {
        return read(name, source, target, in, Rule.RUNNING_MAX);
    }

    private static MaxPoolProjection read(String name, Population source, Population target, BinaryIO.Bounded in, Rule rule)
        throws IOException {
        int[] v = new int[7];
        for (int k = 0; k < 7; k++) v[k] = in.readInt();
        in.readFloat();
        return new MaxPoolProjection(name, source, target, window(v[0], v[1], v[2], v[3], v[4], v[5]), v[6], rule);
    }

    @Override
    public String geometry() {
        return super.geometry() + (rule == Rule.RUNNING_MAX ? " running max" : "");
    }
}
