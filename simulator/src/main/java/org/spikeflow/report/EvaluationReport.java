package org.spikeflow.report;

/**
 * What {@code snn evaluate --report} writes: the imported ANN's accuracy on a dataset and, with golden outputs,
 * the largest absolute logit error (docs/report-schema.md); for a per-pixel output on data with masks, its
 * segmentation scores, and how its scenes were tiled. Absent parts are null.
 */
public record EvaluationReport(int reportVersion, String model, String golden, Double maxAbsLogitError, String data,
                               Integer samples, Double accuracy, SegmentationScores segmentation,
                               TilingReport tiling) {
    public static EvaluationReport of(String model) {
        return new EvaluationReport(SimulationReport.VERSION, model, null, null, null, null, null, null, null);
    }

    public EvaluationReport withGolden(String golden, double maxAbsLogitError) {
        return new EvaluationReport(reportVersion, model, golden, maxAbsLogitError, data, samples, accuracy, segmentation, tiling);
    }

    public EvaluationReport withAccuracy(String data, int samples, double accuracy) {
        return new EvaluationReport(reportVersion, model, golden, maxAbsLogitError, data, samples, accuracy, segmentation, tiling);
    }

    public EvaluationReport withTiling(TilingReport t) {
        return new EvaluationReport(reportVersion, model, golden, maxAbsLogitError, data, samples, accuracy, segmentation, t);
    }

    public EvaluationReport withSegmentation(String data, int samples, SegmentationScores s) {
        return new EvaluationReport(reportVersion, model, golden, maxAbsLogitError, data, samples, accuracy, s, tiling);
    }
}
