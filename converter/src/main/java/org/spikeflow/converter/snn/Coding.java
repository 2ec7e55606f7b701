package org.spikeflow.converter.snn;

/** How a converted network codes activations in spikes. */
public enum Coding {
    /** Rate coding: IF neurons whose spike rate is the activation (data-based normalization, {@link Normalize}). */
    RATE,
    /**
     * Time to first spike: every neuron fires at most once per sample, earlier for larger activations (Stanojevic et
     * al. 2024's exact ReLU mapping, {@link TtfsConversion}).
     */
    TTFS
}
