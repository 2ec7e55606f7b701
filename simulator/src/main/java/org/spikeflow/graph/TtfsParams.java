package org.spikeflow.graph;

import java.util.Arrays;

/**
 * The time windows and per-channel constants of a time-to-first-spike population ({@link NeuronModel#TTFS}), in
 * timesteps ("ticks"). The population integrates its input from {@code tickStart} (the start of its sources' firing
 * window) and fires in its own window {@code [tickMin, tickMax)}, at most once per sample:
 * <pre>
 *   V(tickStart) = 0,  slope s(tickStart) = alpha[c]
 *   step t &lt; tickStart:            nothing
 *   step t:   fire if tickMin &lt;= t &lt; tickMax, not fired yet, and V(t) &gt;= threshold[c]   (V(t) before this tick)
 *             s = s + I(t)   if t &lt; tickMin   (I(t): summed weights J of the input spikes of tick t)
 *             s = beta[c]    if t &gt;= tickMin
 *             V(t + 1) = V(t) + s
 * </pre>
 * An output population (a non-spiking read-out) has an infinite threshold, {@code beta = 0} (its membrane holds what
 * it integrated by {@code tickMin}) and {@code tickMax = tickMin}.
 *
 * @param tickStart first tick the membrane integrates (0 for layers fed by the input)
 * @param tickMin   end of the input window, start of this population's firing window
 * @param tickMax   end of its firing window (exclusive)
 * @param alpha     slope of the membrane from {@code tickStart} on before any input, per channel
 * @param beta      slope of the membrane from {@code tickMin} on, per channel
 * @param threshold firing threshold per channel ({@code +Infinity}: never fires)
 */
public record TtfsParams(int tickStart, int tickMin, int tickMax, float[] alpha, float[] beta, float[] threshold) {

    public TtfsParams {
        alpha = alpha.clone();
        beta = beta.clone();
        threshold = threshold.clone();
    }

    @Override
    public float[] alpha() {
        return alpha.clone();
    }

    @Override
    public float[] beta() {
        return beta.clone();
    }

    @Override
    public float[] threshold() {
        return threshold.clone();
    }

    /** Slope before any input, channel {@code c}. */
    public float alpha(int c) {
        return alpha[c];
    }

    public float beta(int c) {
        return beta[c];
    }

    public float threshold(int c) {
        return threshold[c];
    }

    /** Ticks a sample must run for this population to have fired (or, for a read-out, to have integrated everything). */
    public int ticksNeeded() {
        return Math.max(tickMin, tickMax);
    }

    /** True when {@code net} has time-to-first-spike populations. */
    public static boolean isTtfs(Network net) {
        for (Population p : net.populations()) if (p.ttfs() != null) return true;
        return false;
    }

    /** The input's firing window in ticks: the {@code tickMin} of the populations that integrate from tick 0; 0 if none. */
    public static int inputWindow(Network net) {
        int w = 0;
        for (Population p : net.populations()) {
            if (p.ttfs() != null && p.ttfs().tickStart() == 0) w = w == 0 ? p.ttfs().tickMin() : Math.min(w, p.ttfs().tickMin());
        }
        return w;
    }

    /** Ticks a sample needs for every population to have fired or integrated: the latest window end. */
    public static int ticksNeeded(Network net) {
        int t = 0;
        for (Population p : net.populations()) if (p.ttfs() != null) t = Math.max(t, p.ttfs().ticksNeeded());
        return t;
    }

    void validate(String population, int channels) {
        if (tickStart < 0 || tickMin < tickStart || tickMax < tickMin) {
            throw new GraphException(population, "TTFS windows need 0 <= tickStart <= tickMin <= tickMax, got " + tickStart + ", "
                + tickMin + ", " + tickMax);
        }
        if (alpha.length != channels || beta.length != channels || threshold.length != channels) {
            throw new GraphException(population, "TTFS parameters have " + alpha.length + "/" + beta.length + "/" + threshold.length
                + " values (alpha/beta/threshold) for " + channels + " channels");
        }
        for (int c = 0; c < channels; c++) {
            if (!Float.isFinite(alpha[c]) || !Float.isFinite(beta[c]) || Float.isNaN(threshold[c]) || threshold[c] == Float.NEGATIVE_INFINITY) {
                throw new GraphException(population, "TTFS parameters of channel " + c + " are not finite (alpha " + alpha[c] + ", beta "
                    + beta[c] + ", threshold " + threshold[c] + ")");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TtfsParams t && t.tickStart == tickStart && t.tickMin == tickMin && t.tickMax == tickMax
            && Arrays.equals(t.alpha, alpha) && Arrays.equals(t.beta, beta) && Arrays.equals(t.threshold, threshold);
    }

    @Override
    public int hashCode() {
        return ((tickStart * 31 + tickMin) * 31 + tickMax) * 31 + Arrays.hashCode(threshold);
    }

    @Override
    public String toString() {
        return "TTFS window [" + tickMin + ", " + tickMax + ") integrating from " + tickStart;
    }
}
