package org.spikeflow.converter.snn;

import org.spikeflow.data.Dataset;
import org.spikeflow.graph.GraphException;
import org.spikeflow.graph.MaxPoolProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;
import org.spikeflow.graph.TtfsParams;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Time-to-first-spike conversion: the exact mapping of a ReLU network onto neurons that fire at most once per sample
 * (Stanojevic et al., "High-performance deep spiking neural networks with 0.3 spikes per neuron", Nature
 * Communications 15, 6793, 2024; the TTFS idea after Rueckauer &amp; Liu 2018). Each layer n fires in a time window
 * of its own, {@code [t_min(n), t_max(n))} with {@code t_min(n) = t_max(n - 1)}, and an activation {@code a} is the
 * spike time {@code t = t_max(n) - a}: the earlier, the larger; a neuron that stays silent stands for 0.
 * <p>
 * <b>Neuron</b> (alpha = 1, the paper's choice; equations in {@code NeuronDynamics.stepTtfs}). From {@code t_min(n-1)}
 * the membrane rises with slope {@code alpha}; each input spike j adds {@code J_ij} to the slope from its time on; from
 * {@code t_min(n)} on the slope is {@code beta_i = alpha + sum_j J_ij} (in the paper every input still silent at
 * {@code t_min(n)} arrives then, with activation 0, and adds its J: the same slope). The neuron fires when {@code V}
 * reaches {@code theta_i}. With {@code x_j = t_min(n) - t_j} the inputs' activations,
 * <pre>
 *   V(t_min(n)) = alpha * (t_min(n) - t_min(n-1)) + sum_j J_ij x_j
 *   t_i         = t_min(n) + (theta_i - V(t_min(n))) / beta_i
 * </pre>
 * and the paper's choice
 * <pre>
 *   J_ij    = alpha * W_ij / (1 - sum_j W_ij)                     (so beta_i = alpha / (1 - sum_j W_ij))
 *   theta_i = alpha * (t_max(n) - t_min(n-1)) + B_n * sum_j J_ij - beta_i * b_i,   B_n = t_max(n) - t_min(n)
 *           = alpha * D + beta_i * (B_n - b_i),                   D = t_min(n) - t_min(n-1)
 * </pre>
 * gives {@code t_i = t_max(n) - (b_i + sum_j W_ij x_j)}: the ReLU layer exactly, as long as the pre-activation lies in
 * {@code [0, B_n]} (below 0 the crossing falls after {@code t_max(n)}: no spike). The mapping needs
 * {@code sum_j W_ij < 1} for every neuron (else beta would not be positive). For convolutions the sum runs over the
 * whole kernel (taps on padding are inputs of activation 0, as in the paper's padding with {@code t_min}).
 * Where a channel's weight sum (in ticks, below) exceeds 1/2, it takes the paper's other exact mapping, the one with a
 * constant slope at threshold ("beta1"): {@code J = W}, {@code alpha = 1 - sum_j W_ij} (negative when the sum exceeds
 * 1), {@code beta = 1}, {@code theta = alpha * D + (B_n - b)}; the same spike times. (The neuron's slope from
 * {@code t_min(n)} is a parameter here, so this needs no condition on the sum; {@code ttfs.beta1_channels} in the
 * network's metadata counts such channels.)
 * <p>
 * <b>Time scale per layer.</b> Times are counted in ticks (timesteps) and every layer has its own scale
 * {@code lambda_n} (ticks per unit of ANN activation): {@code x = lambda_n * a}. The input's is {@code K} (pixels in
 * [0, 1] over a window of {@code K} ticks, {@code --ttfs-ticks}); a hidden layer's is {@code K / M_n} with
 * {@code M_n} its calibrated activation scale (maximum or percentile); a neuron's weight sum in ticks is
 * {@code lambda_n / lambda_(n-1) * sum_j W_ij}. So {@code W' = W * lambda_n / lambda_(n-1)}, {@code b' = b * lambda_n}, and the window is
 * {@code B_n = ceil(M_n * lambda_n)} ticks. Activations above {@code M_n} fire at {@code t_min(n)} (the window's top:
 * clipped, as percentile normalization clips rates); the neuron never fires before {@code t_min(n)}.
 * <p>
 * <b>Times on a grid.</b> Input spikes fall on ticks ({@code tick = K - round(x * K)}), the membrane is linear between
 * ticks, so the membrane at every tick is exact and a neuron fires at its exact crossing time rounded up to the next
 * tick: the layer computes {@code floor(b' + sum W' x)} in ticks. Half a tick added to every hidden bias makes it round
 * to nearest. The spiking network is thus exactly the ReLU network with every activation rounded to its layer's tick
 * and clipped to its window, and both engines compute the same floats (spikes on integer ticks, one update rule).
 * <p>
 * <b>Read-out.</b> The output layer (linear in the ANN) keeps {@code J = W'} and integrates without firing: slope
 * {@code alpha_c = b'_c / D} per channel, held from {@code t_min(L)} on, so its membrane at the end of the last hidden
 * window is {@code b' + sum W' x}, read by the membrane read-out (argmax). A sample needs {@code t_min(L)} ticks.
 * <p>
 * <b>Max pooling</b> is the earliest spike of the window (the largest activation), which the running-maximum gate
 * computes for inputs that fire at most once ({@link MaxPoolProjection.Rule#RUNNING_MAX}); pooling passes its source's
 * window and scale on unchanged. Average pooling must be folded into the next layer.
 */
public final class TtfsConversion {
    /** Largest weight sum of a channel in ticks for the alpha1 mapping (beta = 1 / (1 - sum) at most 2); beta1 above it. */
    static final double MAX_WEIGHT_SUM = 0.5;

    private TtfsConversion() {
    }

    /**
     * Folds average pooling (optional), calibrates and maps.
     *
     * @param ann ANN-form graph: ReLU semantics for spiking populations, linear output
     */
    public static Network convert(Network ann, Dataset calibration, TtfsOptions options, boolean foldAvgPool, int threads,
                                  IntConsumer progress) {
        Network net = foldAvgPool ? FoldAveragePooling.apply(ann) : ann;
        ActivationStatistics stats = ActivationStatistics.collect(net, calibration, threads, progress);
        return apply(net, stats, options);
    }

    /** The mapping with the given activation statistics. */
    public static Network apply(Network ann, ActivationStatistics stats, TtfsOptions o) {
        final int np = ann.populations().size();
        final double[] lambda = new double[np];
        final int[] windowStart = new int[np];
        final int[] windowEnd = new int[np];
        final Map<Population, Population> map = new IdentityHashMap<>();
        final Network.Builder b = Network.builder(ann.name());
        ann.metadata().forEach((k, v) -> {
            if (!k.startsWith(org.spikeflow.engine.analog.AnalogForward.Caps.KEY_PREFIX)) b.meta(k, v);
        });
        final StringBuilder windows = new StringBuilder();
        final Projection[] projections = new Projection[ann.projections().size()];
        boolean pools = false;
        int beta1 = 0;
        for (Population p : ann.populations()) {
            final int id = p.id();
            if (p.kind() == PopulationKind.INPUT) {
                lambda[id] = o.ticks();
                windowStart[id] = 0;
                windowEnd[id] = o.ticks();
                Population q = Population.input(p.name(), p.shape());
                map.put(p, q);
                b.add(q);
                continue;
            }
            final List<Projection> in = ann.incoming(id);
            final Population first = in.get(0).source();
            for (Projection pr : in) {
                final int s = pr.source().id();
                if (pr.delayed() || windowStart[s] != windowStart[first.id()] || windowEnd[s] != windowEnd[first.id()]) {
                    throw new GraphException(p.name(), "time-to-first-spike conversion needs every input of a layer in one time window"
                        + " (feed-forward, equal depth); projection '" + pr.name() + "' breaks it");
                }
            }
            final int start = windowStart[first.id()];
            final int tMin = windowEnd[first.id()];
            if (p.kind() == PopulationKind.MAX_POOL) {
                for (Projection pr : in) {
                    if (lambda[pr.source().id()] != lambda[first.id()]) {
                        throw new GraphException(p.name(), "max pooling over inputs of different time scales");
                    }
                }
                lambda[id] = lambda[first.id()];
                windowStart[id] = start;
                windowEnd[id] = tMin;
                Population q = Population.maxPool(p.name(), p.shape());
                map.put(p, q);
                b.add(q);
                for (Projection pr : in) {
                    Projection r = pr instanceof MaxPoolProjection m ? m.withRule(MaxPoolProjection.Rule.RUNNING_MAX) : pr;
                    pools |= pr instanceof MaxPoolProjection;
                    projections[pr.id()] = r.rewire(map.get(pr.source()), q);
                }
                continue;
            }
            final boolean readout = p == ann.output();
            final int channels = p.shape().channels();
            // Weight sums per target channel per unit of this layer's scale: sum over projections of sum W / lambda_source.
            final double[] perUnit = new double[channels];
            for (Projection pr : in) {
                final float[] sums = pr.weightSumsByTargetChannel();
                for (int c = 0; c < channels; c++) perUnit[c] += sums[c] / lambda[pr.source().id()];
            }
            final double scale = layerScale(p, stats, o);
            double l;
            if (readout) {
                l = lambda[first.id()];
            } else {
                l = o.ticks() / scale;
            }
            lambda[id] = l;
            final int window = readout ? 0 : (int) Math.max(1, Math.ceil(scale * l - 1e-9));
            final int d = tMin - start;
            final float[] kappa = new float[channels];
            final float[] alpha = new float[channels];
            final float[] beta = new float[channels];
            final float[] theta = new float[channels];
            for (int c = 0; c < channels; c++) {
                final double bias = p.bias(c) * l + (readout ? 0.0 : 0.5);
                if (readout) {
                    kappa[c] = 1f;
                    alpha[c] = (float) (bias / d);
                    beta[c] = 0f;
                    theta[c] = Float.POSITIVE_INFINITY;
                } else {
                    final double sum = perUnit[c] * l;
                    // alpha1 mapping where it exists (with room), else the constant-slope-at-threshold (beta1) mapping.
                    final boolean alpha1 = sum <= MAX_WEIGHT_SUM;
                    final double k = alpha1 ? 1.0 / (1.0 - sum) : 1.0;
                    final double a = alpha1 ? 1.0 : 1.0 - sum;
                    if (!alpha1) beta1++;
                    kappa[c] = (float) k;
                    alpha[c] = (float) a;
                    beta[c] = (float) k;
                    theta[c] = (float) (a * d + k * (window - bias));
                }
            }
            final TtfsParams t = new TtfsParams(start, tMin, tMin + window, alpha, beta, theta);
            Population q = Population.ttfs(p.name(), p.shape(), NeuronParams.timeToFirstSpike(readout), t);
            map.put(p, q);
            b.add(q);
            windowStart[id] = tMin;
            windowEnd[id] = tMin + window;
            if (windows.length() > 0) windows.append(", ");
            windows.append(p.name()).append(readout ? " read at " + tMin : " [" + tMin + "," + (tMin + window) + ")");
            final float[] targetScale = new float[channels];
            Arrays.fill(targetScale, (float) (1.0 / l));
            for (Projection pr : in) {
                final float[] sourceScale = new float[pr.source().shape().channels()];
                Arrays.fill(sourceScale, (float) (1.0 / lambda[pr.source().id()]));
                Projection scaled;
                try {
                    scaled = pr.normalized(sourceScale, targetScale);
                    if (!readout) scaled = scaled.scaledByTargetChannel(kappa);
                } catch (GraphException e) {
                    throw new GraphException(p.name(), "time-to-first-spike conversion cannot rescale projection '" + pr.name() + "' ("
                        + pr.kind() + "; fold average pooling into the next layer)");
                }
                projections[pr.id()] = scaled.rewire(map.get(pr.source()), q);
            }
        }
        for (Projection pr : projections) b.connect(pr);
        final int needed = windowEnd[ann.output().id()];
        b.meta("coding", "ttfs");
        b.meta("ttfs.ticks", Integer.toString(o.ticks()));
        b.meta("ttfs.windows", "input [0," + o.ticks() + "), " + windows);
        b.meta("ttfs.timesteps", Integer.toString(needed));
        b.meta("normalization", o.norm().name().toLowerCase(Locale.ROOT) + (o.norm() == NormMode.PERCENTILE ? " " + o.percentile() : ""));
        b.meta("calibration.samples", Integer.toString(stats.samples()));
        if (pools) b.meta("max_pool.rule", "running_max");
        b.meta("ttfs.beta1_channels", Integer.toString(beta1));
        return b.output(map.get(ann.output())).build();
    }

    /** The layer's calibrated activation scale M_n (1 for a layer never active on the calibration data). */
    private static double layerScale(Population p, ActivationStatistics stats, TtfsOptions o) {
        final float m = o.norm() == NormMode.MAX ? stats.max(p, -1) : stats.percentile(p, -1, o.percentile());
        return m > 0f ? m : 1.0;
    }
}
