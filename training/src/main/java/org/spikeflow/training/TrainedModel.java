package org.spikeflow.training;

import java.util.List;

/**
 * A trained network: its layer plan and parameters. Conv weights are OIHW ({@code [out][in][kh][kw]}), dense
 * weights {@code [in][out]}; one entry per CONV/DENSE layer in plan order (bias null when the layer has none).
 * {@code caps} holds one activation ceiling per RELU layer in plan order (the learned QCFS ceiling), or is
 * empty for plain ReLU.
 */
public record TrainedModel(String name, int channels, int height, int width, int classes, List<LayerDef> layers,
                           List<float[]> weights, List<float[]> biases, double validationAccuracy, int epochs,
                           List<Float> caps) {
    public TrainedModel(String name, int channels, int height, int width, int classes, List<LayerDef> layers,
                        List<float[]> weights, List<float[]> biases, double validationAccuracy, int epochs) {
        this(name, channels, height, width, classes, layers, weights, biases, validationAccuracy, epochs, List.of());
    }
}
