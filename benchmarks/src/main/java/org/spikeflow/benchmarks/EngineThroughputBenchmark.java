package org.spikeflow.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spikeflow.bench.SyntheticNetworks;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;

import java.util.concurrent.TimeUnit;

/**
 * Event-driven engine against the dense reference on the synthetic networks at 5% input activity. The
 * {@code synops} counter is reported by JMH as synaptic operations per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
@State(Scope.Benchmark)
public class EngineThroughputBenchmark {
    @Param({"EVENT", "DENSE"})
    public EngineKind engine;

    @Param({"conv", "dense"})
    public String network;

    @Param({"0.05"})
    public double activity;

    @Param({"2"})
    public int threads;

    private Network net;
    private Dataset data;
    private SimulationConfig config;

    /** Synaptic operations performed, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long synops;

        @Setup(Level.Iteration)
        public void reset() {
            synops = 0;
        }
    }

    @Setup
    public void setUp() {
        net = network.equals("conv") ? SyntheticNetworks.conv(32, 64, 3, 1) : SyntheticNetworks.dense(1024, 512, 3, 2);
        data = SyntheticNetworks.inputs(net, engine == EngineKind.DENSE && network.equals("conv") ? 1 : 4, activity, 3);
        config = SimulationConfig.builder().timesteps(64).encoder(EncoderKind.ANALOG).threads(threads).build();
    }

    @Benchmark
    public SimulationResult simulate(Counters counters) {
        SimulationResult r = Engines.create(engine).run(net, data, config);
        counters.synops += r.totalSynops();
        return r;
    }
}
