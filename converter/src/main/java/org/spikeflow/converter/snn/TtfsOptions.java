package org.spikeflow.converter.snn;

/**
 * Options of the time-to-first-spike conversion ({@link TtfsConversion}).
 *
 * @param ticks      ticks of the input's window: the time resolution (a pixel of 1 spikes at tick 0, one of
 *                   {@code 1/ticks} at the window's last tick); hidden windows get as many ticks per calibrated range
 * @param norm       how a layer's activation scale is calibrated: {@link NormMode#MAX} or {@link NormMode#PERCENTILE}
 * @param percentile percentile of positive activations for {@link NormMode#PERCENTILE}, in (0, 100]
 */
public record TtfsOptions(int ticks, NormMode norm, double percentile) {
    public static final TtfsOptions DEFAULT = new TtfsOptions(64, NormMode.PERCENTILE, 99.9);

    public TtfsOptions {
        if (ticks < 1) throw new IllegalArgumentException("TTFS ticks must be >= 1, got " + ticks);
        if (norm != NormMode.MAX && norm != NormMode.PERCENTILE) {
            throw new IllegalArgumentException("time-to-first-spike calibration is max or percentile, not " + norm);
        }
        if (!(percentile > 0 && percentile <= 100)) throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
    }
}
