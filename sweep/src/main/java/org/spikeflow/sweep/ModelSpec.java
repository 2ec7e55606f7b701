package org.spikeflow.sweep;

import java.io.Serializable;

/**
 * One model of a study: its label in the table, the model file and the data it is evaluated and calibrated on.
 * Paths are absolute (relative ones in the study are resolved against the study file's directory), so tasks can
 * run anywhere that sees the same files.
 *
 * @param label       the name the study gives it (a key of {@code models})
 * @param file        the trained model (.onnx, .h5, .keras) or an already converted network (.snn)
 * @param data        data specification of the evaluation samples (idx:DIR, folder:DIR, npz:FILE, npy:DIR, demo)
 * @param calibration data specification of the calibration samples (the evaluation data by default)
 * @param transform   input transform of every sample ({@code none}, {@code prewitt}, ...), as {@code --transform}
 */
public record ModelSpec(String label, String file, String data, String calibration, String transform) implements Serializable {
}
