package org.spikeflow.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spikeflow.kernel.Axpy;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The axpy primitives alone: one spike adding a contiguous run of {@code channels} weights, on cache-resident
 * arrays: Vector API multiply-add against a plain loop, the binary-spike add (no multiply), and four spikes of one
 * position sharing each output load and store. Throughput is in synaptic operations (adds) per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class ScatterKernelBenchmark {
    static final int SPIKES = 1024;

    @Param({"32", "64", "128"})
    public int channels;

    private float[] acc;
    private float[] weights;
    private int[] accOffset;
    private int[] wOffset;
    private int[] spikeIndex;
    private float[] ones;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        acc = new float[64 * channels];
        weights = new float[9 * 64 * channels];
        for (int i = 0; i < weights.length; i++) weights[i] = (float) r.nextDouble();
        accOffset = new int[SPIKES];
        wOffset = new int[SPIKES];
        spikeIndex = new int[SPIKES];
        ones = new float[SPIKES];
        for (int s = 0; s < SPIKES; s++) {
            accOffset[s] = r.nextInt(64) * channels;
            wOffset[s] = r.nextInt(9 * 64) * channels;
            spikeIndex[s] = r.nextInt(9 * 64);
            ones[s] = 1f;
        }
    }

    @Benchmark
    @OperationsPerInvocation(SPIKES * 64)
    public float[] vector() {
        for (int s = 0; s < SPIKES; s++) Axpy.axpy(acc, accOffset[s], weights, wOffset[s], 1f, channels);
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(SPIKES * 64)
    public float[] binaryAdd() {
        for (int s = 0; s < SPIKES; s++) Axpy.add(acc, accOffset[s], weights, wOffset[s], channels);
        return acc;
    }

    /** Four spiking channels of one position into one output run per call, as the row-run convolution scatters. */
    @Benchmark
    @OperationsPerInvocation(SPIKES * 64)
    public float[] fourSpikesPerLoad() {
        for (int s = 0; s < SPIKES; s += 4) {
            Axpy.axpyEach(acc, accOffset[s], weights, 0, channels, spikeIndex, 0, ones, s, s + 4, channels);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(SPIKES * 64)
    public float[] scalar() {
        final float[] a = acc;
        final float[] w = weights;
        final int n = channels;
        for (int s = 0; s < SPIKES; s++) {
            final int ao = accOffset[s], wo = wOffset[s];
            for (int j = 0; j < n; j++) a[ao + j] += w[wo + j] * 1f;
        }
        return acc;
    }
}
