package org.spikeflow.bench;

import org.junit.jupiter.api.Test;
import org.spikeflow.bench.EngineBenchmark.NetworkKind;
import org.spikeflow.bench.EngineBenchmark.Point;
import org.spikeflow.bench.EngineBenchmark.Timing;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineBenchmarkTest {
    private static Point point(double activity, double speedup) {
        Timing t = new Timing(List.of(1.0), 1, 1, 1, 1, 1);
        return new Point(activity, List.of(), t, t, 1, speedup);
    }

    @Test
    void crossoverIsInterpolatedOnLogScalesBetweenTheTwoPointsAroundIt() {
        // speed-up 4 at 0.01 and 1/2 at 0.08: log2 falls from 2 to -1, so it crosses 0 two thirds of the way,
        // at 0.01 * 8^(2/3) = 0.04.
        Double c = EngineBenchmark.crossover(List.of(point(0.005, 6), point(0.01, 4), point(0.08, 0.5), point(0.2, 0.3)));
        assertEquals(0.04, c, 1e-12);
    }

    @Test
    void noCrossoverWhenOneEngineWinsEverywhere() {
        assertNull(EngineBenchmark.crossover(List.of(point(0.01, 3), point(0.5, 1.2))));
        assertNull(EngineBenchmark.crossover(List.of(point(0.01, 0.9), point(0.5, 0.2))));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2, EngineBenchmark.median(new double[] {3, 1, 2}));
        assertEquals(2.5, EngineBenchmark.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void bothEnginesAreTimedTheSameWayOnTheSameWork() {
        var s = new EngineBenchmark.Settings(List.of(0.3, 0.02), List.of(NetworkKind.CONV, NetworkKind.DENSE), 6, 2, 2,
            6, 4, 2, 40, 20, 0.0, 3);
        var r = EngineBenchmark.run(s);
        assertEquals(List.of(0.02, 0.3), s.activities(), "sorted");
        assertEquals(2, r.networks().size());
        for (var n : r.networks()) {
            assertEquals(2, n.points().size());
            for (Point p : n.points()) {
                assertEquals(3, p.event().wallSeconds().size());
                assertEquals(3, p.dense().wallSeconds().size());
                assertEquals(p.event().synopsPerSample(), p.dense().synopsPerSample(), "the engines agree, checked on every run");
                assertEquals(EngineBenchmark.median(p.event().wallSeconds().stream().mapToDouble(Double::doubleValue).toArray()),
                    p.event().medianWallSeconds());
                assertTrue(p.layers().stream().allMatch(l -> l.spikesPerNeuronPerStep() >= 0 && l.spikesPerNeuronPerStep() <= 1));
            }
            assertTrue(n.points().get(1).event().synopsPerSample() > n.points().get(0).event().synopsPerSample(),
                "more input activity, more synaptic operations");
        }
    }

    @Test
    void settingsRefuseWhatCannotBeMeasured() {
        assertThrows(IllegalArgumentException.class, () -> new EngineBenchmark.Settings(List.of(0.0), List.of(NetworkKind.CONV),
            8, 1, 1, 8, 4, 1, 8, 8, 0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EngineBenchmark.Settings(List.of(0.1), List.of(),
            8, 1, 1, 8, 4, 1, 8, 8, 0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EngineBenchmark.Settings(List.of(0.1), List.of(NetworkKind.DENSE),
            8, 1, 1, 8, 4, 1, 8, 8, -1.0, 1));
    }
}
