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
 * t. Results do not depend on the thread count, the ring size or the block size.
 */
public final class EventEngine implements Engine {

    @Override
    public EngineKind kind() {
        return EngineKind.EVENT;
    }

    @Override
    public SimulationResult run(Network net, Dataset data, SimulationConfig cfg) {
        org.spikeflow.engine.Engines.checkInput(net, data, cfg);
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
                }, outbox, counters[p.id()], traces, gate, completion, predictions, stepsRun);
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
            (System.nanoTime() - start) / 1e9, completion.cpuSeconds(), 0L, stepsRun, traces);
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
            final Throwable t = failure.get();
            if (t != null) {
                if (t instanceof RuntimeException re) throw re;
                throw new IllegalStateException("simulation failed: " + t, t);
            }
        }
    }
}
