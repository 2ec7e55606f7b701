package org.spikeflow.converter.snn;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Distribution of the positive ANN activations of every population (and of every channel) over calibration
 * samples, kept as logarithmic histograms (256 bins per octave, relative resolution 0.27%), so percentiles of
 * millions of activations cost a few kilobytes. Zero activations are not counted: a percentile describes how
 * strongly a neuron is driven when it is active.
 */
public final class ActivationStatistics {
    static final int BINS_PER_OCTAVE = 256;
    static final int MIN_EXP = -30;
    static final int MAX_EXP = 30;
    static final int BINS = (MAX_EXP - MIN_EXP) * BINS_PER_OCTAVE;

    private final Network net;
    /** [population][channel][bin]; channel index C (one past the last) holds the whole population. */
    private final long[][][] hist;
    private final float[][] max;
    private int samples;

    private ActivationStatistics(Network net) {
        this.net = net;
        this.hist = new long[net.populations().size()][][];
        this.max = new float[net.populations().size()][];
        for (Population p : net.populations()) {
            int c = p.shape().channels();
            hist[p.id()] = new long[c + 1][BINS];
            max[p.id()] = new float[c + 1];
        }
    }

    /** Collects statistics over {@code data} using up to {@code threads} threads. */
    public static ActivationStatistics collect(Network net, Dataset data, int threads, IntConsumer progress) {
        final int n = data.size();
        final int workers = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "spikeflow-calibration");
            t.setDaemon(true);
            return t;
        });
        try {
            final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            List<Future<ActivationStatistics>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                final int from = (int) ((long) n * w / workers);
                final int to = (int) ((long) n * (w + 1) / workers);
                parts.add(pool.submit(() -> {
                    ActivationStatistics s = new ActivationStatistics(net);
                    AnalogForward f = new AnalogForward(net);
                    for (int i = from; i < to; i++) {
                        s.add(f.run(data.samples()[i]));
                        int d = done.incrementAndGet();
                        if (progress != null) progress.accept(d);
                    }
                    return s;
                }));
            }
            ActivationStatistics total = new ActivationStatistics(net);
            for (Future<ActivationStatistics> f : parts) total.merge(f.get());
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("calibration interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    private void add(float[][] act) {
        samples++;
        for (Population p : net.populations()) {
            if (p.kind() == PopulationKind.INPUT) continue;
            final float[] a = act[p.id()];
            final int c = p.shape().channels();
            final long[][] h = hist[p.id()];
            final float[] m = max[p.id()];
            for (int j = 0; j < a.length; j++) {
                final float x = a[j];
                if (!(x > 0f)) continue;
                final int b = bin(x);
                final int ch = j % c;
                h[ch][b]++;
                h[c][b]++;
                if (x > m[ch]) m[ch] = x;
                if (x > m[c]) m[c] = x;
            }
        }
    }

    private void merge(ActivationStatistics o) {
        samples += o.samples;
        for (int p = 0; p < hist.length; p++) {
            for (int c = 0; c < hist[p].length; c++) {
                for (int b = 0; b < BINS; b++) hist[p][c][b] += o.hist[p][c][b];
                max[p][c] = Math.max(max[p][c], o.max[p][c]);
            }
        }
    }

    static int bin(float x) {
        final double l = Math.log(x) / Math.log(2);
        final int b = (int) Math.floor((l - MIN_EXP) * BINS_PER_OCTAVE);
        return Math.max(0, Math.min(BINS - 1, b));
    }

    static double upperEdge(int bin) {
        return Math.pow(2, MIN_EXP + (bin + 1) / (double) BINS_PER_OCTAVE);
    }

    public int samples() {
        return samples;
    }

    /** Largest activation of the population (channel &lt; 0) or of one channel; 0 if never active. */
    public float max(Population p, int channel) {
        final float[] m = max[p.id()];
        return channel < 0 ? m[m.length - 1] : m[channel];
    }

    /**
     * The {@code percentile} (0..100] of positive activations of the population (channel &lt; 0) or one channel,
     * never above the observed maximum; 0 if the neurons were never active.
     */
    public float percentile(Population p, int channel, double percentile) {
        final long[][] h = hist[p.id()];
        final long[] counts = channel < 0 ? h[h.length - 1] : h[channel];
        final float m = max(p, channel);
        if (percentile >= 100.0) return m;
        long total = 0;
        for (long c : counts) total += c;
        if (total == 0) return 0f;
        final double rank = Math.ceil(total * percentile / 100.0);
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += counts[b];
            if (seen >= rank) return (float) Math.min(m, upperEdge(b));
        }
        return m;
    }
}
