package org.spikeflow.training.snn;

/** Training losses of a directly trained SNN with an integrating output layer. */
public enum SnnLoss {
    /** Cross-entropy of softmax(output membrane / T) at the last timestep (spike-count style read-out). */
    CE,
    /** Mean squared error between the output rate (membrane / T) and the one-hot target. */
    MSE,
    /**
     * Huber loss between the output membrane at every timestep and a per-class target trace: the true class's
     * membrane should rise linearly to {@code target} by the last timestep, the others stay at 0 (the
     * "guidance signal").
     */
    HUBER
}
