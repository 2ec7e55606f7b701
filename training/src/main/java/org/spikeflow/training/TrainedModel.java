package org.spikeflow.training;

import java.util.List;

/**
 * A trained network: its layer plan and parameters. Conv weights are OIHW ({@code [out][in][kh][kw]}), dense
 * weights {@code [in][out]}; one entry per CONV/DENSE layer in plan order (bias null when the layer has none).
 */
public record TrainedModel(String name, int channels, int height, int width, int classes, List<LayerDef> layers,
                           List<float[]> weights, List<float[]> biases, double validationAccuracy, int epochs) {
}
