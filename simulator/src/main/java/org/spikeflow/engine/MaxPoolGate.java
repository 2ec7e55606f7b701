package org.spikeflow.engine;

import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Shape;

import java.util.Arrays;

/**
 * The spiking max-pool rule for one max-pool projection: every output forwards this timestep's spikes of
 * the window input with the highest cumulative spike count so far (this step included); ties go to the first
 * input in window order (row-major). Per-sample state; owned by one thread.
 */
public final class MaxPoolGate {
    private final PoolProjection projection;
    private final float[] cumulative;

    public MaxPoolGate(PoolProjection projection) {
        this.projection = projection;
        this.cumulative = new float[projection.source().size()];
    }

    public void reset() {
        Arrays.fill(cumulative, 0f);
    }

    /**
     * Applies one timestep.
     *
     * @param activity this step's spike count per source neuron (dense)
     * @param out      target activity, written at this projection's channels (counts as floats)
     */
    public void step(float[] activity, float[] out) {
        final float[] cum = cumulative;
        for (int i = 0; i < cum.length; i++) cum[i] += activity[i];
        final Shape s = projection.source().shape();
        final Shape t = projection.target().shape();
        final int c = s.channels();
        final int tc = t.channels();
        final int off = projection.targetChannelOffset();
        for (int oy = 0; oy < t.height(); oy++) {
            for (int ox = 0; ox < t.width(); ox++) {
                for (int ch = 0; ch < c; ch++) {
                    int winner = -1;
                    float best = -1f;
                    for (int ky = 0; ky < projection.kernelH(); ky++) {
                        final int iy = oy * projection.strideH() - projection.padTop() + ky;
                        if (iy < 0 || iy >= s.height()) continue;
                        for (int kx = 0; kx < projection.kernelW(); kx++) {
                            final int ix = ox * projection.strideW() - projection.padLeft() + kx;
                            if (ix < 0 || ix >= s.width()) continue;
                            final int i = (iy * s.width() + ix) * c + ch;
                            if (cum[i] > best) {
                                best = cum[i];
                                winner = i;
                            }
                        }
                    }
                    out[(oy * t.width() + ox) * tc + off + ch] = winner < 0 ? 0f : activity[winner];
                }
            }
        }
    }
}
