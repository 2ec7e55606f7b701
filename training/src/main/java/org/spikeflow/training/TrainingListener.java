package org.spikeflow.training;

/** Progress of a training run (called on the training thread). */
public interface TrainingListener {
    void batch(int epoch, int batch, int batches, double loss);

    void epoch(int epoch, double trainLoss, double validationAccuracy, double learningRate);
}
