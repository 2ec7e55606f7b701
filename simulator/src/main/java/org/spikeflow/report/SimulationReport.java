package org.spikeflow.report;

import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.ReadoutMode;

import java.util.List;
import java.util.Map;

/**
 * What {@code snn simulate --report} writes (docs/report-schema.md). Per-sample figures are averages over
 * the samples run; {@code accuracy} maps every checkpoint timestep to the fraction correct.
 *
 * @param reportVersion        {@link #VERSION} when written by this build; absent (null) in version-1 reports
 * @param networkFile          the .snn file simulated (null when run in memory)
 * @param data                 the dataset's description (null when run in memory)
 * @param engineCpuSeconds     CPU time of the engine's threads (absent in reports of older builds)
 * @param peakResidentBytes    the process's peak resident memory when the report was made (Linux VmHWM; null where the
 *                             system does not tell): network, data, engine state and the JVM together
 * @param denseOperations      multiply-accumulates the dense engine evaluated (null for the event engine)
 * @param annAccuracy          the ANN's accuracy on the same samples, when known (null otherwise)
 * @param energy               energy estimates, when asked for (null otherwise)
 * @param earlyExit            early-exit results, with {@code --early-exit} (null otherwise)
 * @param segmentation         per-pixel scores at every checkpoint, for a segmentation output on data with masks (null otherwise)
 * @param annSegmentation      the ANN's per-pixel scores on the same samples, when known (null otherwise)
 */
public record SimulationReport(Integer reportVersion, String network, int samples, int timesteps, float timestepMs,
                               EngineKind engine, int threads, EncoderKind encoder, ReadoutMode readout, long seed,
                               Map<Integer, Double> accuracy, double meanDecisionTimestep, List<LayerReport> layers,
                               double spikesPerSample, double synopsPerSample, double wallSeconds, double samplesPerSecond,
                               double synopsPerSecond, Double engineCpuSeconds, Long peakResidentBytes, Long denseOperations, String networkFile, String data,
                               Double annAccuracy, EnergyReport energy, EarlyExitReport earlyExit,
                               Map<Integer, SegmentationScores> segmentation, SegmentationScores annSegmentation,
                               TilingReport tiling) {
    /** Version of the report format this build writes. */
    public static final int VERSION = 2;

    public SimulationReport {
        accuracy = accuracy == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(accuracy));
        layers = layers == null ? List.of() : List.copyOf(layers);
        segmentation = segmentation == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(segmentation));
    }

    public SimulationReport withSource(String networkFile, String data) {
        return new SimulationReport(reportVersion, network, samples, timesteps, timestepMs, engine, threads, encoder, readout, seed,
            accuracy, meanDecisionTimestep, layers, spikesPerSample, synopsPerSample, wallSeconds, samplesPerSecond,
            synopsPerSecond, engineCpuSeconds, peakResidentBytes, denseOperations, networkFile, data, annAccuracy, energy, earlyExit, segmentation, annSegmentation, tiling);
    }

    public SimulationReport withAnnAccuracy(Double ann) {
        return new SimulationReport(reportVersion, network, samples, timesteps, timestepMs, engine, threads, encoder, readout, seed,
            accuracy, meanDecisionTimestep, layers, spikesPerSample, synopsPerSample, wallSeconds, samplesPerSecond,
            synopsPerSecond, engineCpuSeconds, peakResidentBytes, denseOperations, networkFile, data, ann, energy, earlyExit, segmentation, annSegmentation, tiling);
    }

    public SimulationReport withEnergy(EnergyReport e) {
        return new SimulationReport(reportVersion, network, samples, timesteps, timestepMs, engine, threads, encoder, readout, seed,
            accuracy, meanDecisionTimestep, layers, spikesPerSample, synopsPerSample, wallSeconds, samplesPerSecond,
            synopsPerSecond, engineCpuSeconds, peakResidentBytes, denseOperations, networkFile, data, annAccuracy, e, earlyExit, segmentation, annSegmentation, tiling);
    }

    public SimulationReport withEarlyExit(EarlyExitReport x) {
        return new SimulationReport(reportVersion, network, samples, timesteps, timestepMs, engine, threads, encoder, readout, seed,
            accuracy, meanDecisionTimestep, layers, spikesPerSample, synopsPerSample, wallSeconds, samplesPerSecond,
            synopsPerSecond, engineCpuSeconds, peakResidentBytes, denseOperations, networkFile, data, annAccuracy, energy, x, segmentation, annSegmentation, tiling);
    }

    public SimulationReport withAnnSegmentation(SegmentationScores ann) {
        return new SimulationReport(reportVersion, network, samples, timesteps, timestepMs, engine, threads, encoder, readout, seed,
            accuracy, meanDecisionTimestep, layers, spikesPerSample, synopsPerSample, wallSeconds, samplesPerSecond,
            synopsPerSecond, engineCpuSeconds, peakResidentBytes, denseOperations, networkFile, data, annAccuracy, energy, earlyExit, segmentation, ann, tiling);
    }

    public SimulationReport withTiling(TilingReport t) {
        return new SimulationReport(reportVersion, network, samples, timesteps, timestepMs, engine, threads, encoder, readout, seed,
            accuracy, meanDecisionTimestep, layers, spikesPerSample, synopsPerSample, wallSeconds, samplesPerSecond,
            synopsPerSecond, engineCpuSeconds, peakResidentBytes, denseOperations, networkFile, data, annAccuracy, energy, earlyExit, segmentation,
            annSegmentation, t);
    }

    /** Accuracy at the last checkpoint (NaN when there is none). */
    public double finalAccuracy() {
        double last = Double.NaN;
        for (double a : accuracy.values()) last = a;
        return last;
    }
}
