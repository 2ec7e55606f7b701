package org.spikeflow.engine;

import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Shape;

/**
 * Receptive-field (population) encoding of intensities into spike trains: every input value feeds
 * {@code fields} neurons with Gaussian tuning curves centred evenly on [0, 1]; a neuron whose response r
 * exceeds 0.1 emits one spike at timestep {@code round((1 - r) (window - 1))} of the emission window, so
 * strongly driven neurons fire first. The result is a {@link EncoderKind#SPIKE_TRAIN} dataset of
 * {@code window x (channels * fields) x H x W} counts; the {@code fields} neurons of channel c sit at channels
 * {@code c * fields .. c * fields + fields - 1}.
 */
public final class ReceptiveFieldEncoding {
    static final double MIN_RESPONSE = 0.1;

    private ReceptiveFieldEncoding() {
    }

    public static Shape encodedShape(Shape s, int fields) {
        return Shape.chw(s.channels() * fields, s.height(), s.width());
    }

    public static Dataset encode(Dataset d, int fields, int window) {
        if (fields < 2) throw new IllegalArgumentException("receptive fields must be >= 2, got " + fields);
        if (window < 1) throw new IllegalArgumentException("emission window must be >= 1 timestep, got " + window);
        final Shape s = d.shape();
        final Shape e = encodedShape(s, fields);
        final double sigma = 1.0 / (1.5 * (fields - 1));
        final int per = e.size();
        float[][] out = new float[d.size()][];
        for (int n = 0; n < d.size(); n++) {
            final float[] x = d.samples()[n];
            final float[] train = new float[window * per];
            for (int pos = 0; pos < s.height() * s.width(); pos++) {
                for (int c = 0; c < s.channels(); c++) {
                    final double v = x[pos * s.channels() + c];
                    for (int k = 0; k < fields; k++) {
                        final double centre = k / (double) (fields - 1);
                        final double r = Math.exp(-(v - centre) * (v - centre) / (2 * sigma * sigma));
                        if (r <= MIN_RESPONSE) continue;
                        final int t = (int) Math.round((1 - r) * (window - 1));
                        train[t * per + pos * e.channels() + c * fields + k] += 1f;
                    }
                }
            }
            out[n] = train;
        }
        return new Dataset(d.name() + " (receptive fields x" + fields + ", window " + window + ")", e, out, d.labels().clone(), d.classes());
    }
}
