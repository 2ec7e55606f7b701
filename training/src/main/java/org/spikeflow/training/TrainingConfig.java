package org.spikeflow.training;

/**
 * ANN training settings, validated on construction.
 *
 * @param arch               architecture
 * @param epochs             maximum epochs
 * @param batchSize          mini-batch size
 * @param learningRate       initial learning rate
 * @param optimizer          update rule
 * @param kernelL2           L2 weight decay (ND4J applies it to every trainable variable, biases and ceilings too)
 * @param dropout            dropout rate before the last dense layer (0 = none)
 * @param seed               seed of initialization, shuffling and the validation split
 * @param validationFraction fraction of the training data held out for early stopping
 * @param patience           epochs without validation improvement before stopping (LR halves after patience/2)
 * @param qcfsLevels         0 for ReLU; L &gt; 0 trains quantized clip-floor activations with L levels and a
 *                           learned ceiling per layer (QCFS), so that conversion is near-lossless at T = L
 * @param biasL1             L1 penalty on biases (keeps them small next to the thresholds after conversion)
 * @param globalPool         global average pooling instead of flattening the last convolutional block
 * @param headBias           whether the output layer has biases; null for the architecture's default
 * @param maxPool            2x2 max pooling in place of the architecture's 2x2 average pooling
 */
public record TrainingConfig(Arch arch, int epochs, int batchSize, double learningRate, Optimizer optimizer,
                             double kernelL2, double dropout, long seed, double validationFraction, int patience,
                             int qcfsLevels, double biasL1, boolean globalPool, Boolean headBias, boolean maxPool) {
    public TrainingConfig(Arch arch, int epochs, int batchSize, double learningRate, Optimizer optimizer, double kernelL2,
                          double dropout, long seed, double validationFraction, int patience, int qcfsLevels, double biasL1,
                          boolean globalPool, Boolean headBias) {
        this(arch, epochs, batchSize, learningRate, optimizer, kernelL2, dropout, seed, validationFraction, patience, qcfsLevels,
            biasL1, globalPool, headBias, false);
    }

    public TrainingConfig(Arch arch, int epochs, int batchSize, double learningRate, Optimizer optimizer, double kernelL2,
                          double dropout, long seed, double validationFraction, int patience, int qcfsLevels) {
        this(arch, epochs, batchSize, learningRate, optimizer, kernelL2, dropout, seed, validationFraction, patience, qcfsLevels,
            0, false, null);
    }

    public TrainingConfig(Arch arch, int epochs, int batchSize, double learningRate, Optimizer optimizer, double kernelL2,
                          double dropout, long seed, double validationFraction, int patience) {
        this(arch, epochs, batchSize, learningRate, optimizer, kernelL2, dropout, seed, validationFraction, patience, 0);
    }

    public TrainingConfig {
        if (arch == null || optimizer == null) throw new IllegalArgumentException("arch and optimizer are required");
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("lr must be > 0, got " + learningRate);
        if (!(kernelL2 >= 0)) throw new IllegalArgumentException("kernel-l2 must be >= 0, got " + kernelL2);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (patience < 1) throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        if (qcfsLevels < 0) throw new IllegalArgumentException("qcfs must be >= 0, got " + qcfsLevels);
        if (!(biasL1 >= 0)) throw new IllegalArgumentException("bias-l1 must be >= 0, got " + biasL1);
        if (globalPool && arch == Arch.MLP) throw new IllegalArgumentException("global-pool needs a convolutional arch, not mlp");
        if (arch == Arch.UNET && (dropout > 0 || globalPool || headBias != null)) {
            throw new IllegalArgumentException("arch unet takes neither dropout, global-pool nor head-bias (it has no dense layer)");
        }
    }
}
