package org.spikeflow.graph;

/** What happens to the membrane potential after a spike. */
public enum ResetMode {
    /** Soft reset: the threshold is subtracted once per emitted spike (keeps the residue). */
    SUBTRACT,
    /** Hard reset: the membrane returns to zero. */
    ZERO
}
