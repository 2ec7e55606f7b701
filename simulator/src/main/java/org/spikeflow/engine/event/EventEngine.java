package org.spikeflow.engine.event;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.Engine;
import org.spikeflow.engine.CpuTime;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.PixelPredictions;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.engine.Traces;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The event-driven engine. Every population that projects anywhere owns one LMAX Disruptor ring of pre-allocated
 * {@link SpikeBlock}s, its output: at the end of each timestep its agent publishes its spikes there in blocks, and
 * every population it projects to reads them through its own poller (the producer waits for the slowest reader
 * before reusing a slot). An agent scatters each block's real fan-out through its projections' kernels and, once
 * every source's timestep is in, updates its neurons. Agents are spread round-robin over {@code threads} Agrona
 * agent runners, so layers run pipelined: layer 1 may be on timestep t+1 (or the next sample) while layer 3 is on
 * t.
 * <p>
 * With more threads than one and no spike listener, the samples are divided into {@code threads} contiguous shards
 * and each shard runs its own pipeline on one thread (the immutable network is shared; each pipeline has its own
 * rings and state), which keeps every core busy instead of waiting on the slowest layer; the shards' results are
 * put back in sample order. A run that records spikes keeps one pipeline, so its listener sees the samples in
 * order. Each sample's spikes are the same either way: results do not depend on the thread count, the sharding,
 * the ring size or the block size.
 */
public final class EventEngine implements Engine {

    @Override
    public EngineKind kind() {
        return EngineKind.EVENT;
    }

    @Override
    public SimulationResult run(Network net, Dataset data, SimulationConfig cfg) {
        org.spikeflow.engine.Engines.checkInput(net, data, cfg);
        final int shards = shards(cfg, data.size());
        return shards <= 1 ? pipeline(net, data, cfg) : sharded(net, data, cfg, shards);
    }

    /** How many pipelines a run uses: one per thread, unless a listener must see every spike in order. */
    static int shards(SimulationConfig cfg, int samples) {
        if (cfg.listener() != null) return 1;
        return Math.max(1, Math.min(cfg.threads(), samples));
    }

    /** Contiguous shards of the samples, each a pipeline on its own thread; results merged in sample order. */
    private SimulationResult sharded(Network net, Dataset data, SimulationConfig cfg, int shards) {
        final long start = System.nanoTime();
        final int samples = data.size();
        final int threadsEach = Math.max(1, cfg.threads() / shards);
        final int[] done = new int[shards];
        final SimulationResult[] parts = new SimulationResult[shards];
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread[] workers = new Thread[shards];
        for (int k = 0; k < shards; k++) {
            final int shard = k;
            final int from = (int) ((long) samples * k / shards);
            final int to = (int) ((long) samples * (k + 1) / shards);
            final IntConsumer progress = cfg.progress() == null ? null : finished -> {
                synchronized (done) {
                    done[shard] = finished;
                    int sum = 0;
                    for (int d : done) sum += d;
                    cfg.progress().accept(sum);
                }
            };
            final SimulationConfig part = cfg.shard(from, threadsEach, progress);
            final Dataset slice = data.slice(from, to);
            workers[k] = new Thread(() -> {
                try {
                    parts[shard] = pipeline(net, slice, part);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "spikeflow-shard-" + k);
            workers[k].setDaemon(true);
            workers[k].start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("simulation interrupted", e);
            }
        }
        rethrow(failure.get());
        final int np = net.populations().size();
        final PopulationCounters[] counters = new PopulationCounters[np];
        for (int p = 0; p < np; p++) {
            counters[p] = new PopulationCounters(cfg.timesteps());
            for (SimulationResult r : parts) counters[p].add(r.counters(p));
        }
        final int[][] predictions = new int[samples][];
        final int[] stepsRun = new int[samples];
        double cpu = 0;
        final Traces[] traces = cfg.traces() ? new Traces[shards] : null;
        int at = 0;
        for (int k = 0; k < shards; k++) {
            final SimulationResult r = parts[k];
            System.arraycopy(r.predictions(), 0, predictions, at, r.samples());
            System.arraycopy(r.stepsRun(), 0, stepsRun, at, r.samples());
            cpu += r.cpuSeconds();
            if (traces != null) traces[k] = r.traces();
            at += r.samples();
        }
        final byte[][][][] pixels = new byte[shards][][][];
        for (int k = 0; k < shards; k++) pixels[k] = parts[k].pixelPredictions();
        return new SimulationResult(net, cfg, EngineKind.EVENT, data.labels().clone(), predictions, counters,
            (System.nanoTime() - start) / 1e9, cpu, 0L, stepsRun, traces == null ? null : Traces.concat(traces),
            PixelPredictions.concat(pixels), data.masks());
    }

    /** One pipeline: every population's agent, spread over {@code cfg.threads()} agent runners. */
    private SimulationResult pipeline(Network net, Dataset data, SimulationConfig cfg) {
        final long start = System.nanoTime();
        final List<Population> pops = net.populations();
        final int np = pops.size();
        final int samples = data.size();
        @SuppressWarnings("unchecked")
        final RingBuffer<SpikeBlock>[] rings = new RingBuffer[np];
        final PopulationCounters[] counters = new PopulationCounters[np];
        final int block = cfg.blockSize();
        for (Population p : pops) {
            counters[p.id()] = new PopulationCounters(cfg.timesteps());
            if (net.outgoing(p.id()).isEmpty()) continue;
            rings[p.id()] = RingBuffer.create(ProducerType.SINGLE, () -> new SpikeBlock(block), cfg.ringSize(),
                new YieldingWaitStrategy());
        }
        final Completion completion = new Completion(np, cfg.progress());
        final List<java.util.function.Supplier<String>> states = new ArrayList<>();
        final int[][] predictions = new int[samples][cfg.checkpoints().length];
        final PixelPredictions pixels = PixelPredictions.forOutput(net.output(), samples, cfg.checkpoints().length);
        final int[] stepsRun = new int[samples];
        final Traces traces = cfg.traces() ? new Traces(np, samples, cfg.timesteps()) : null;
        final SampleGate gate = cfg.earlyExit() == null ? null : new SampleGate(samples);
        final List<Agent> agents = new ArrayList<>();
        for (Population p : pops) {
            final Outbox outbox = new Outbox(rings[p.id()], p.size(), block);
            if (p.kind() == PopulationKind.INPUT) {
                InputAgent a = new InputAgent(p.id(), data, cfg, outbox, counters[p.id()], traces, gate, completion);
                agents.add(a);
                states.add(a::describe);
            } else {
                // Every consumer reads its sources' rings through its own poller, registered before anything runs.
                LayerAgent a = new LayerAgent(net, p, cfg, samples, source -> {
                    final EventPoller<SpikeBlock> poller = rings[source].newPoller();
                    rings[source].addGatingSequences(poller.getSequence());
                    return poller;
                }, outbox, counters[p.id()], traces, gate, completion, predictions, pixels, stepsRun);
                agents.add(a);
                states.add(a::describe);
            }
        }
        final int threads = Math.min(cfg.threads(), agents.size());
        final List<List<Agent>> groups = new ArrayList<>();
        for (int t = 0; t < threads; t++) groups.add(new ArrayList<>());
        for (int a = 0; a < agents.size(); a++) groups.get(a % threads).add(agents.get(a));
        final List<AgentRunner> runners = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final List<Agent> g = groups.get(t);
            final Agent agent = g.size() == 1 ? g.get(0) : new CompositeAgent(g);
            final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(64, 64, 1_000, 100_000),
                completion::fail, null, agent);
            runners.add(runner);
        }
        final List<Thread> threadList = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < runners.size(); t++) {
            final int n = t;
            AgentRunner.startOnThread(runners.get(t), r -> {
                Thread th = new Thread(() -> {
                    try {
                        r.run();
                    } finally {
                        completion.addCpu(CpuTime.ofCurrentThread());
                    }
                }, "spikeflow-engine-" + n);
                th.setDaemon(true);
                threadList.add(th);
                return th;
            });
        }
        try {
            completion.await(states);
        } finally {
            for (AgentRunner r : runners) r.close();
            for (Thread th : threadList) joinQuietly(th);
        }
        if (cfg.listener() != null) cfg.listener().close();
        return new SimulationResult(net, cfg, EngineKind.EVENT, data.labels().clone(), predictions, counters,
            (System.nanoTime() - start) / 1e9, completion.cpuSeconds(), 0L, stepsRun, traces, pixels, data.masks());
    }

    /** Carries a failure of an engine thread to the caller (as itself where it is unchecked). */
    static void rethrow(Throwable t) {
        if (t == null) return;
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        throw new IllegalStateException("simulation failed: " + t, t);
    }

    private static void joinQuietly(Thread th) {
        try {
            th.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tracks finished agents, reports finished samples and carries the first failure to the caller. */
    static final class Completion {
        private final CountDownLatch agents;
        private final IntConsumer progress;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final java.util.concurrent.atomic.DoubleAdder cpu = new java.util.concurrent.atomic.DoubleAdder();
        static final long STALL_SECONDS = Long.getLong("spikeflow.engine.stallSeconds", 120);

        void addCpu(double seconds) {
            cpu.add(seconds);
        }

        double cpuSeconds() {
            return cpu.sum();
        }

        Completion(int agentCount, IntConsumer progress) {
            this.agents = new CountDownLatch(agentCount);
            this.progress = progress;
        }

        void agentDone() {
            agents.countDown();
        }

        void sampleDone(int finishedSamples) {
            if (progress != null) progress.accept(finishedSamples);
        }

        void fail(Throwable t) {
            if (failure.compareAndSet(null, t)) {
                while (agents.getCount() > 0) agents.countDown();
            }
        }

        /** Ticks of the clock every agent advances when it completes a timestep (the stall detector reads it). */
        private final java.util.concurrent.atomic.AtomicLong steps = new java.util.concurrent.atomic.AtomicLong();

        void progressed() {
            steps.lazySet(steps.get() + 1);
        }

        /**
         * Waits for every agent; a run in which no agent completes a timestep for {@link #STALL_SECONDS} is an engine
         * fault, reported with every agent's state rather than waited on forever.
         */
        void await(List<java.util.function.Supplier<String>> states) {
            try {
                long seen = -1;
                long since = System.nanoTime();
                while (!agents.await(100, TimeUnit.MILLISECONDS)) {
                    long now = steps.get();
                    if (now != seen) {
                        seen = now;
                        since = System.nanoTime();
                    } else if (System.nanoTime() - since > STALL_SECONDS * 1_000_000_000L) {
                        StringBuilder b = new StringBuilder("the event engine made no progress for " + STALL_SECONDS + " s (an engine fault):");
                        for (var st : states) b.append("\n  ").append(st.get());
                        fail(new IllegalStateException(b.toString()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("simulation interrupted", e);
            }
            rethrow(failure.get());
        }
    }
}
