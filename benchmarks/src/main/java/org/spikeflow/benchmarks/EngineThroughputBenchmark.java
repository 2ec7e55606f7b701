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
 * Event-driven engine against the dense reference on the synthetic networks at several activities (every layer
 * fires at that rate; for the whole crossover curve, {@code snn bench --activity ...}). The
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

    @Param({"0.01", "0.05", "0.2"})
    public double activity;

    /** Event engine threads; the dense reference always runs on one. */
    @Param({"1"})
    public int threads;

    private Network net;
    private Dataset data;
    private SimulationConfig config;

    @Setup
    public void setUp() {
        net = network.equals("conv") ? SyntheticNetworks.convAtActivity(32, 64, 3, activity, 1)
            : SyntheticNetworks.denseAtActivity(1024, 512, 3, activity, 2);
        // Both engines run the same samples, warmed and measured by JMH in the same way.
        data = SyntheticNetworks.poissonInput(net, 2);
        config = SimulationConfig.builder().timesteps(32).encoder(EncoderKind.POISSON).maxRateHz((float) (1000 * activity))
            .timestepMs(1f).seed(3).threads(threads).build();
    }

    @Benchmark
    public SimulationResult simulate(SynopCounters counters) {
        SimulationResult r = Engines.create(engine).run(net, data, config);
        counters.synops += r.totalSynops();
        return r;
    }
}
