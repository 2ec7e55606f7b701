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
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.neuron.NeuronDynamics;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One layer's neuron update as the engines run it (current from bias and accumulators, charge, fire, reset,
 * accumulators cleared), on a 32-channel 28x28 layer of IF neurons whose inputs make about 5% of them fire.
 * Throughput is in neuron updates per second: {@code update} is the general update (separate passes),
 * {@code singleSpikePass} the one-pass vector update the event engine runs for single-spike neurons.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class NeuronUpdateBenchmark {
    static final int POSITIONS = 28 * 28;

    @Param({"32"})
    public int channels;

    private NeuronParams params;
    private float[] v;
    private int[] refractory;
    private float[] current;
    private float[] bias;
    private float[] biasPerNeuron;
    private float[][] acc;
    private float[] input;
    private int[] index;
    private int[] count;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        int n = POSITIONS * channels;
        params = NeuronParams.integrateAndFire(1f);
        v = new float[n];
        refractory = new int[n];
        current = new float[n];
        bias = new float[channels];
        for (int c = 0; c < channels; c++) bias[c] = (float) (r.nextDouble() * 0.01);
        biasPerNeuron = NeuronDynamics.biasPerNeuron(bias, channels, n);
        acc = new float[1][n];
        input = new float[n];
        for (int j = 0; j < n; j++) input[j] = r.nextDouble() < 0.3 ? (float) (r.nextDouble() * 0.3) : 0f;
        index = new int[n];
        count = new int[n];
    }

    @Benchmark
    @OperationsPerInvocation(POSITIONS * 32)
    public int update() {
        System.arraycopy(input, 0, acc[0], 0, input.length);
        return NeuronDynamics.stepLayer(params, 1f, v, refractory, current, bias, channels, acc, index, count);
    }

    @Benchmark
    @OperationsPerInvocation(POSITIONS * 32)
    public int singleSpikePass() {
        System.arraycopy(input, 0, acc[0], 0, input.length);
        return NeuronDynamics.stepSingleSpike(params, 1f, v, biasPerNeuron, acc, index);
    }
}
