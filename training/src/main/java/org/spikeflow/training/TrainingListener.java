package org.spikeflow.training;

/** Progress of a training run (called on the training thread). */
public interface TrainingListener {
    void batch(int epoch, int batch, int batches, double loss);

    /** {@code validationAccuracy} is the validation score: accuracy, or mean IoU on segmentation data. */
    void epoch(int epoch, double trainLoss, double validationAccuracy, double learningRate);

    /** The best model so far, after an epoch that improved the validation score (or every epoch without validation). */
    default void best(TrainedModel model) {
    }
}
