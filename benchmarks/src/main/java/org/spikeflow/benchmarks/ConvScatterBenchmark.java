package org.spikeflow.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Projection;
import org.spikeflow.graph.Shape;
import org.spikeflow.kernel.ScatterKernel;
import org.spikeflow.kernel.TouchMap;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One timestep's block of spikes through a projection's real scatter kernel, as the event engine calls it:
 * convolutions along kernel rows (3x3 stride 1 as in VGG, 6x6 stride 2 as a convolution with a folded 2x2
 * average pool becomes), and a dense row. Binary spikes (the add path) or spike counts of 2 (the multiply
 * path). The {@code synops} counter is reported by JMH as synaptic operations per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Thread)
public class ConvScatterBenchmark {
    /** {@code conv3x3s1}, {@code conv6x6s2} (16x16x64 to 64 channels) or {@code dense} (4096 to 512). */
    @Param({"conv3x3s1", "conv6x6s2", "dense"})
    public String projection;

    /** Fraction of the source neurons spiking in the block. */
    @Param({"0.05", "0.2"})
    public double activity;

    /** 1 for binary spikes, 2 for a multi-spike count. */
    @Param({"1"})
    public float spikeValue;

    private ScatterKernel kernel;
    private float[] acc;
    private TouchMap touched;
    private int[] index;
    private float[] value;
    private int spikes;


    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        Projection p = switch (projection) {
            case "conv3x3s1" -> conv(r, 3, 1, 1, 16);
            case "conv6x6s2" -> conv(r, 6, 2, 2, 8);
            case "dense" -> {
                Population in = Population.input("in", Shape.flat(4096));
                Population out = Population.spiking("out", Shape.flat(512), NeuronParams.integrateAndFire(1f));
                yield new DenseProjection("w", in, out, random(r, 4096 * 512));
            }
            default -> throw new IllegalArgumentException("unknown projection " + projection);
        };
        kernel = p.scatter();
        acc = new float[p.accumulatorSize()];
        touched = new TouchMap(p.target().size(), p.target().shape().channels());
        int n = p.source().size();
        index = new int[n];
        value = new float[n];
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < activity) {
                index[spikes] = i;
                value[spikes++] = spikeValue;
            }
        }
    }

    private static ConvProjection conv(SplittableRandom r, int k, int stride, int pad, int outSize) {
        Population in = Population.input("in", Shape.chw(64, 16, 16));
        Population out = Population.spiking("out", Shape.chw(64, outSize, outSize), NeuronParams.integrateAndFire(1f));
        return new ConvProjection("w", in, out, k, stride, pad, random(r, k * k * 64 * 64));
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) (r.nextDouble() * 1e-3);
        return w;
    }

    @Benchmark
    public float[] scatter(SynopCounters counters) {
        counters.synops += kernel.scatter(index, value, 0, spikes, acc, touched);
        touched.countAndClear();
        return acc;
    }
}
