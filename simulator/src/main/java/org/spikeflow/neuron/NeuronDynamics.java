package org.spikeflow.neuron;

import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.ResetMode;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place that holds the neuron equations: {@link #charge}, {@link #fire} and {@link #reset}, and the
 * layer update built from them. The event-driven engine, the dense reference and the training path's
 * reference tests all call these, so they agree to the bit.
 *
 * <pre>
 *   charge: v' = v * decay + I            (decay = 1 for IF, exp(-dt/tau) for LIF; I includes the bias)
 *   fire:   k  = 0 if v' &lt; theta, else min(maxSpikes, floor(v' / theta))
 *   reset:  v'' = v' - k * theta           (SUBTRACT)   or   0 if k &gt; 0 (ZERO)
 * </pre>
 * A refractory neuron (counter &gt; 0) ignores its input and does not decay; the counter counts down.
 * <p>
 * Current-based neurons ({@link org.spikeflow.graph.NeuronModel#CUBA_LIF}) first filter their input through a synaptic
 * current, {@code i' = i * synDecay + I}, and charge with it: {@code v' = v * decay + i'} ({@link #stepCurrentBased}).
 * <p>
 * Time-to-first-spike neurons ({@link org.spikeflow.graph.NeuronModel#TTFS}) integrate a piecewise-linear membrane
 * whose slope each arriving spike raises, and fire once in their layer's window ({@link #stepTtfs}).
 */
public final class NeuronDynamics {
    private NeuronDynamics() {
    }

    public static float charge(float v, float decay, float current) {
        return v * decay + current;
    }

    public static int fire(float v, float threshold, int maxSpikes) {
        if (!(v >= threshold)) {
            return 0;
        }
        if (maxSpikes == 1) {
            return 1;
        }
        double k = Math.floor((double) v / threshold);
        return k >= maxSpikes ? maxSpikes : (int) k;
    }

    public static float reset(float v, int spikes, float threshold, ResetMode mode) {
        if (spikes == 0) {
            return v;
        }
        return mode == ResetMode.SUBTRACT ? v - spikes * threshold : 0f;
    }

    /**
     * Sums a neuron's input current in the fixed order both engines use: bias first, then each incoming
     * projection's accumulated contribution in the network's incoming order.
     */
    public static void assembleCurrent(float[] current, float[] biasPerChannel, int channels, float[][] accumulators) {
        final int n = current.length;
        if (biasPerChannel != null) {
            for (int p = 0; p < n; p += channels) System.arraycopy(biasPerChannel, 0, current, p, channels);
        } else {
            java.util.Arrays.fill(current, 0f);
        }
        for (float[] acc : accumulators) {
            for (int j = 0; j < n; j++) current[j] += acc[j];
        }
    }

    /**
     * One timestep of a layer as engines run it: {@link #assembleCurrent} into {@code current} (caller-owned, reused
     * every step), the accumulators cleared for the next step, then {@link #step}.
     *
     * @return number of neurons that spiked (listed in ascending order)
     */
    public static int stepLayer(NeuronParams p, float decay, float[] v, int[] refractory, float[] current, float[] biasPerChannel,
                                int channels, float[][] accumulators, int[] spikeIndex, int[] spikeCount) {
        assembleCurrent(current, biasPerChannel, channels, accumulators);
        for (float[] acc : accumulators) java.util.Arrays.fill(acc, 0f);
        return step(p, decay, v, refractory, current, spikeIndex, spikeCount);
    }

    /**
     * Updates every neuron of a layer for one timestep and lists the spiking ones in ascending index order.
     *
     * @param p          neuron parameters
     * @param v          membrane potentials (updated)
     * @param refractory refractory counters (updated; may be null when {@code p.refractorySteps() == 0})
     * @param current    input current of this timestep, bias included
     * @param spikeIndex out: indices of neurons that spiked
     * @param spikeCount out: spikes each of them emitted (1 unless multi-spike)
     * @return number of neurons that spiked
     */
    public static int step(NeuronParams p, float decay, float[] v, int[] refractory, float[] current,
                           int[] spikeIndex, int[] spikeCount) {
        final float theta = p.threshold();
        final int maxSpikes = p.maxSpikesPerStep();
        final ResetMode mode = p.reset();
        final int refractorySteps = p.refractorySteps();
        final int n = v.length;
        int spiking = 0;
        for (int j = 0; j < n; j++) {
            if (refractorySteps > 0 && refractory[j] > 0) {
                refractory[j]--;
                continue;
            }
            final float charged = charge(v[j], decay, current[j]);
            final int k = fire(charged, theta, maxSpikes);
            v[j] = reset(charged, k, theta, mode);
            if (k > 0) {
                spikeIndex[spiking] = j;
                spikeCount[spiking] = k;
                spiking++;
                if (refractorySteps > 0) refractory[j] = refractorySteps;
            }
        }
        return spiking;
    }

    /**
     * {@link #step} for current-based neurons: per neuron the synaptic current {@code i' = i * synDecay + I}, then
     * {@link #charge} with it, {@link #fire} and {@link #reset} of the membrane (the current is not reset).
     *
     * @param synapse synaptic currents (updated)
     */
    public static int stepCurrentBased(NeuronParams p, float decay, float synDecay, float[] v, float[] synapse, int[] refractory,
                                       float[] current, int[] spikeIndex, int[] spikeCount) {
        final float theta = p.threshold();
        final int maxSpikes = p.maxSpikesPerStep();
        final ResetMode mode = p.reset();
        final int refractorySteps = p.refractorySteps();
        final int n = v.length;
        int spiking = 0;
        for (int j = 0; j < n; j++) {
            final float i = synapse[j] * synDecay + current[j];
            synapse[j] = i;
            if (refractorySteps > 0 && refractory[j] > 0) {
                refractory[j]--;
                continue;
            }
            final float charged = charge(v[j], decay, i);
            final int k = fire(charged, theta, maxSpikes);
            v[j] = reset(charged, k, theta, mode);
            if (k > 0) {
                spikeIndex[spiking] = j;
                spikeCount[spiking] = k;
                spiking++;
                if (refractorySteps > 0) refractory[j] = refractorySteps;
            }
        }
        return spiking;
    }

    /**
     * One tick of a layer of time-to-first-spike neurons ({@link org.spikeflow.graph.NeuronModel#TTFS}, windows and
     * constants in {@link org.spikeflow.graph.TtfsParams}); {@code input} is this tick's summed weights of arriving
     * spikes (assembled like any current, without bias). Per neuron j of channel c, at tick t &gt;= tickStart:
     * <pre>
     *   fires  = !fired[j] &amp;&amp; tickMin &lt;= t &lt; tickMax &amp;&amp; v[j] &gt;= threshold[c]    (v[j] = V(t), before this tick)
     *   s[j]   = t &lt; tickMin ? s[j] + input[j] : beta[c]
     *   v[j]   = v[j] + s[j]                                                 (= V(t + 1))
     * </pre>
     * The membrane is linear in time between ticks and input spikes arrive on ticks, so {@code V(t)} is the exact
     * membrane at tick t and the spike tick is the exact threshold crossing time rounded up to the next tick.
     *
     * @param slope per-neuron slope (updated; starts at alpha[c])
     * @param fired per-neuron flag (updated): a neuron fires at most once per sample
     * @return number of neurons that fired this tick (listed in ascending order)
     */
    public static int stepTtfs(int tick, int tickStart, int tickMin, int tickMax, float[] beta, float[] threshold, int channels,
                               float[] v, float[] slope, boolean[] fired, float[] input, int[] spikeIndex) {
        if (tick < tickStart) return 0;
        final int n = v.length;
        final boolean window = tick >= tickMin && tick < tickMax;
        final boolean integrating = tick < tickMin;
        int spiking = 0;
        for (int j = 0, c = 0; j < n; j++) {
            if (window && !fired[j] && v[j] >= threshold[c]) {
                fired[j] = true;
                spikeIndex[spiking++] = j;
            }
            final float s = integrating ? slope[j] + input[j] : beta[c];
            slope[j] = s;
            v[j] = v[j] + s;
            if (++c == channels) c = 0;
        }
        return spiking;
    }

    /**
     * Whether {@link #stepSingleSpike} computes this population's update: neurons that emit at most one spike per
     * step and have no refractory period (the IF and LIF neurons of converted networks).
     */
    public static boolean singleSpike(NeuronParams p) {
        return p.maxSpikesPerStep() == 1 && p.refractorySteps() == 0 && p.model() != org.spikeflow.graph.NeuronModel.CUBA_LIF;
    }

    /** The preferred species, at most 16 lanes (the fired lanes travel as the bits of one int). */
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED.length() <= 16 ? FloatVector.SPECIES_PREFERRED
        : FloatVector.SPECIES_512;
    private static final int LANES = SPECIES.length();

    /**
     * {@link #stepLayer} for {@link #singleSpike} neurons in one pass over the layer: per neuron the current (bias,
     * then each accumulator in order), cleared accumulators, charge, fire and reset, the same floats as the separate
     * passes. The pass runs in vector lanes (a multiply then an add, never fused, so every lane rounds as the scalar
     * equations do); each vector's fired lanes come out as the bits of one lane OR and are listed in ascending
     * order from a byte table, with no branch per neuron. Every listed neuron emitted one spike.
     *
     * @param bias  per-neuron bias (see {@link #biasPerNeuron})
     * @return number of neurons that spiked (listed in ascending order in {@code spikeIndex})
     */
    public static int stepSingleSpike(NeuronParams p, float decay, float[] v, float[] bias, float[][] accumulators, int[] spikeIndex) {
        final float theta = p.threshold();
        final boolean subtract = p.reset() == ResetMode.SUBTRACT;
        final int n = v.length;
        int j = 0;
        int spiking = 0;
        // One accumulator (one incoming projection, the common case) in vector lanes; no vector value crosses a
        // branch or a loop back-edge, so nothing is boxed.
        if (accumulators.length == 1 && n >= LANES) {
            final int upper = SPECIES.loopBound(n);
            spiking = subtract ? lanesSubtract(decay, theta, v, bias, accumulators[0], spikeIndex, upper)
                : lanesZero(decay, theta, v, bias, accumulators[0], spikeIndex, upper);
            j = upper;
        }
        final int k = accumulators.length;
        for (; j < n; j++) {
            float current = bias == null ? 0f : bias[j];
            for (int q = 0; q < k; q++) {
                current += accumulators[q][j];
                accumulators[q][j] = 0f;
            }
            final float charged = charge(v[j], decay, current);
            final boolean fires = charged >= theta;
            v[j] = fires ? (subtract ? charged - theta : 0f) : charged;
            spikeIndex[spiking] = j;
            spiking += fires ? 1 : 0;
        }
        return spiking;
    }

    private static int lanesSubtract(float decay, float theta, float[] v, float[] bias, float[] a, int[] spikeIndex, int upper) {
        final FloatVector zero = FloatVector.zero(SPECIES);
        final FloatVector vDecay = FloatVector.broadcast(SPECIES, decay);
        final FloatVector vTheta = FloatVector.broadcast(SPECIES, theta);
        int spiking = 0;
        for (int j = 0; j < upper; j += LANES) {
            final FloatVector current = FloatVector.fromArray(SPECIES, bias, j).add(FloatVector.fromArray(SPECIES, a, j));
            zero.intoArray(a, j);
            final FloatVector charged = FloatVector.fromArray(SPECIES, v, j).mul(vDecay).add(current);
            final VectorMask<Float> fires = charged.compare(VectorOperators.GE, vTheta);
            charged.blend(charged.sub(vTheta), fires).intoArray(v, j);
            spiking = list(fires, j, spikeIndex, spiking);
        }
        return spiking;
    }

    private static int lanesZero(float decay, float theta, float[] v, float[] bias, float[] a, int[] spikeIndex, int upper) {
        final FloatVector zero = FloatVector.zero(SPECIES);
        final FloatVector vDecay = FloatVector.broadcast(SPECIES, decay);
        final FloatVector vTheta = FloatVector.broadcast(SPECIES, theta);
        int spiking = 0;
        for (int j = 0; j < upper; j += LANES) {
            final FloatVector current = FloatVector.fromArray(SPECIES, bias, j).add(FloatVector.fromArray(SPECIES, a, j));
            zero.intoArray(a, j);
            final FloatVector charged = FloatVector.fromArray(SPECIES, v, j).mul(vDecay).add(current);
            final VectorMask<Float> fires = charged.compare(VectorOperators.GE, vTheta);
            charged.blend(zero, fires).intoArray(v, j);
            spiking = list(fires, j, spikeIndex, spiking);
        }
        return spiking;
    }

    /** The int lanes beside the float lanes; lane l of {@code LANE_BITS} holds 2^l. */
    private static final VectorSpecies<Integer> INT_SPECIES = VectorSpecies.of(int.class, SPECIES.vectorShape());
    private static final IntVector LANE_BITS;
    private static final IntVector NO_BITS = IntVector.zero(INT_SPECIES);
    /** For every byte value, its set bits' positions (8 entries, the rest 0) and how many there are. */
    private static final int[] BYTE_LANES = new int[256 * 8];
    private static final int[] BYTE_COUNT = new int[256];

    static {
        final int[] bits = new int[LANES];
        for (int l = 0; l < LANES; l++) bits[l] = 1 << l;
        LANE_BITS = IntVector.fromArray(INT_SPECIES, bits, 0);
        for (int b = 0; b < 256; b++) {
            int k = 0;
            for (int l = 0; l < 8; l++) if ((b >>> l & 1) != 0) BYTE_LANES[b * 8 + k++] = l;
            BYTE_COUNT[b] = k;
        }
    }

    /**
     * Lists the fired lanes of one vector in ascending order: the mask becomes the OR of the lane bits it selects,
     * and each byte of it writes its eight table entries at once and advances by its count, so there is no branch
     * per spike (entries past the count are overwritten by the next ones or never read).
     */
    private static int list(VectorMask<Float> fires, int j, int[] spikeIndex, int spiking) {
        int bits = NO_BITS.blend(LANE_BITS, fires.cast(INT_SPECIES)).reduceLanes(VectorOperators.OR);
        if (LANES < 8) {
            while (bits != 0) {
                spikeIndex[spiking++] = j + Integer.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
            return spiking;
        }
        for (int h = 0; h < LANES; h += 8) {
            final int b = (bits >>> h) & 255;
            final int t = b << 3;
            final int at = j + h;
            for (int k = 0; k < 8; k++) spikeIndex[spiking + k] = at + BYTE_LANES[t + k];
            spiking += BYTE_COUNT[b];
        }
        return spiking;
    }

    /**
     * A per-channel bias spread over every neuron of a channels-last layer of {@code n} neurons; zeros without one
     * ({@code 0f + input} is the input exactly, as the update without a bias computes it).
     */
    public static float[] biasPerNeuron(float[] bias, int channels, int n) {
        final float[] b = new float[n];
        if (bias == null) return b;
        for (int j = 0; j < n; j++) b[j] = bias[j % channels];
        return b;
    }
}
