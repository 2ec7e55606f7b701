package org.spikeflow.converter.nir;

/**
 * How NIR's continuous-time leaky nodes become per-timestep updates. With {@code a = dt / tau}:
 * <ul>
 *   <li>{@link #EULER}: forward Euler, {@code v' = (1 - a) v + a (v_leak + R I)} — what Norse and snnTorch compute
 *   (and the reference trace {@code lif_norse.csv} to the float);</li>
 *   <li>{@link #EXPONENTIAL}: the exact solution for an input held constant over the step,
 *   {@code v' = e^-a v + (1 - e^-a)(v_leak + R I)}.</li>
 * </ul>
 * Non-leaky nodes (IF, Integrator) integrate {@code R I} once per timestep either way, as Sinabs, snnTorch,
 * SpiNNaker2 and Spyx read them.
 */
public enum Discretization {
    EULER,
    EXPONENTIAL;

    /** Membrane decay per step for {@code dt / tau = a}. */
    public double decay(double a) {
        return this == EULER ? 1 - a : Math.exp(-a);
    }

    /** Weight of the step's input {@code v_leak + R I}. */
    public double inputGain(double a) {
        return this == EULER ? a : -Math.expm1(-a);
    }
}
