package org.spikeflow.report;

import java.util.List;

/**
 * Segmentation quality of per-pixel predictions over all pixels of all samples (docs/report-schema.md).
 *
 * @param pixelAccuracy     fraction of pixels whose predicted class is the true one
 * @param meanIou           mean of {@code classIou} over the classes present in the ground truth (background included)
 * @param classIou          per class, |predicted and true| / |predicted or true|; null for a class absent from the ground truth
 * @param foregroundJaccard any object against background: TP / (TP + FP + FN)
 * @param foregroundF1      the same as F1 (Dice): 2 TP / (2 TP + FP + FN)
 */
public record SegmentationScores(double pixelAccuracy, double meanIou, List<Double> classIou, double foregroundJaccard,
                                 double foregroundF1) {
}
