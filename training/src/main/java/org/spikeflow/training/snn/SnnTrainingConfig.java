package org.spikeflow.training.snn;

import org.spikeflow.engine.EncoderKind;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.ResetMode;

/**
 * Settings of direct SNN training (backpropagation through time with surrogate gradients), validated on
 * construction.
 *
 * @param hidden      neurons of the hidden layer
 * @param model       IF or LIF hidden neurons
 * @param reset       reset of hidden neurons
 * @param tauMs       LIF time constant
 * @param timestepMs  timestep
 * @param timesteps   timesteps per sample
 * @param encoder     input encoder (as the simulator runs it)
 * @param maxRateHz   rate of a full-intensity input
 * @param surrogate   surrogate derivative of the spike
 * @param alpha       surrogate sharpness
 * @param loss        training loss
 * @param target      final membrane of the true class for the Huber loss
 * @param epochs      epochs
 * @param batchSize   samples per gradient step
 * @param learningRate Adam learning rate
 * @param seed        seed of weights, shuffling and input spikes
 * @param convChannels 0 for a dense hidden layer; C &gt; 0 for a convolutional hidden layer with C channels
 * @param convKernel  kernel size of the convolutional hidden layer
 * @param convStride  stride of the convolutional hidden layer
 */
public record SnnTrainingConfig(int hidden, NeuronModel model, ResetMode reset, float tauMs, float timestepMs, int timesteps,
                                EncoderKind encoder, float maxRateHz, Surrogate surrogate, double alpha, SnnLoss loss,
                                double target, int epochs, int batchSize, double learningRate, long seed,
                                int convChannels, int convKernel, int convStride) {
    public SnnTrainingConfig(int hidden, NeuronModel model, ResetMode reset, float tauMs, float timestepMs, int timesteps,
                             EncoderKind encoder, float maxRateHz, Surrogate surrogate, double alpha, SnnLoss loss,
                             double target, int epochs, int batchSize, double learningRate, long seed) {
        this(hidden, model, reset, tauMs, timestepMs, timesteps, encoder, maxRateHz, surrogate, alpha, loss, target, epochs,
            batchSize, learningRate, seed, 0, 5, 2);
    }

    public SnnTrainingConfig {
        if (convChannels < 0 || convKernel < 1 || convStride < 1) {
            throw new IllegalArgumentException("conv channels must be >= 0, kernel and stride >= 1");
        }
        if (hidden < 1) throw new IllegalArgumentException("hidden must be >= 1, got " + hidden);
        if (timesteps < 1) throw new IllegalArgumentException("timesteps must be >= 1, got " + timesteps);
        if (!(tauMs > 0) || !(timestepMs > 0)) throw new IllegalArgumentException("tau and dt must be > 0 ms");
        if (!(alpha > 0)) throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        if (epochs < 1 || batchSize < 1) throw new IllegalArgumentException("epochs and batch must be >= 1");
        if (!(learningRate > 0)) throw new IllegalArgumentException("lr must be > 0, got " + learningRate);
        if (!(target > 0)) throw new IllegalArgumentException("target must be > 0, got " + target);
        if (encoder == null || model == null || reset == null || surrogate == null || loss == null) {
            throw new IllegalArgumentException("encoder, model, reset, surrogate and loss are required");
        }
        if (model == NeuronModel.CUBA_LIF) throw new IllegalArgumentException("direct training supports if and lif neurons, not cuba-lif");
    }

    public static SnnTrainingConfig defaults() {
        return new SnnTrainingConfig(256, NeuronModel.IF, ResetMode.SUBTRACT, 20f, 1f, 16, EncoderKind.POISSON, 1000f,
            Surrogate.FAST_SIGMOID, 5.0, SnnLoss.CE, 10.0, 10, 32, 1e-3, 1L);
    }
}
